/**
 * Seed 002's kiro workflow end to end: the built CLI, a real repo and the scripted agent writing each phase's
 * deliverable. A task with `kiro_workflow` walks Design → Spec → Task → Execute in one session; its approval gate
 * asks a human (exit 3 headless without a terminal) or is approved by --yes.
 */
import { existsSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, git, scenario, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { mstui, type RunResult } from '../helpers/run-cli.js';

const K1 = `metadata:
  id: K1
  title: Kiro billing
status: planned
tasks:
  - id: T1
    title: Invoice model
    kiro_workflow:
      enabled: true
      approval: [design]
`;

const SPECS = '.milestones/specs/T1';
const WRITES = [{ [`${SPECS}/design.md`]: '# Design\n' }, { [`${SPECS}/spec.md`]: '# Spec\n' }, { [`${SPECS}/tasks.md`]: '- [ ] model\n' }];

const repos: TempRepo[] = [];
function kiroRepo(): TempRepo {
  const repo = tempRepo('mstui-kiro-');
  repos.push(repo);
  repo.write('.milestones/active/K1.yaml', K1);
  repo.write('.mstui.json', scriptedConfig());
  repo.commitAll('plan');
  return repo;
}
const show = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

beforeAll(() => {
  expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true);
});
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

describe('kiro workflow (seed 002)', () => {
  it('--yes: four phases in order, each deliverable committed, the approval given, the task merged', { timeout: 90_000 }, async () => {
    const repo = kiroRepo();
    const env = { SCRIPTED_AGENT_SCENARIO: scenario(repo, { default: { durationMs: 100, followUpMs: 100, writeFiles: WRITES } }) };
    const r = await mstui(repo.dir, ['run', 'K1', '--headless', '--yes'], env, 80_000);
    expect(r.code, show(r)).toBe(0);
    const phases = r.stdout.split('\n').filter((l) => l.startsWith('Phase '));
    expect(phases).toEqual([
      'Phase T1 [1/1] - design (milestone 0%)',
      'Phase T1 [1/1] - spec (milestone 15%)',
      'Phase T1 [1/1] - tasks (milestone 40%)',
      'Phase T1 [1/1] - execute (milestone 60%)',
    ]);
    expect(r.stdout).toMatch(/^Completed T1 \[1\/1\]/m);
    const tree = git(repo.dir, 'ls-tree', '-r', '--name-only', 'mstui/K1', SPECS).split('\n');
    expect(tree).toEqual([`${SPECS}/design.md`, `${SPECS}/spec.md`, `${SPECS}/tasks.md`]);
  });

  it('without --yes and without a terminal: the design approval is the question, exit 3', { timeout: 60_000 }, async () => {
    const repo = kiroRepo();
    const env = { SCRIPTED_AGENT_SCENARIO: scenario(repo, { default: { durationMs: 100, followUpMs: 100, writeFiles: WRITES } }) };
    const r = await mstui(repo.dir, ['run', 'K1', '--headless'], env, 50_000);
    expect(r.code, show(r)).toBe(3);
    expect(r.stdout).toContain(
      `Question: T1: the Design phase is done (${SPECS}/design.md). Approve it and start the Spec phase? [y] approve [r]etry [s]kip [x] abort`,
    );
    expect(r.stdout).not.toContain('Phase T1 [1/1] - spec');
  });
});
