/**
 * Unexpected findings end to end (seed 000's guardrail), and the test-quality gate's arguments through a real `sh`:
 * the built CLI, headless, real git worktrees and ptys, the scripted agent saying the task was already done.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, scenario, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { mstui, type RunResult } from '../helpers/run-cli.js';

const E2E = { timeout: 120_000 };
const PLAN_PATH = 'plans/M4_findings.md';
const PLAN = `# Milestone 4: Findings

## Task 4.1: Add the cache
**Type:** CODING
**Depends on:** none

## Task 4.2: Document the cache
**Type:** CODING
**Depends on:** none
`;
const SAID = 'This was already implemented; nothing to do.';

const repos: TempRepo[] = [];
beforeAll(() => {
  expect(existsSync(CLI)).toBe(true);
});
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

function findingsRepo() {
  const repo = tempRepo('mstui-findings-');
  repos.push(repo);
  const git = join(repo.dir, '.git');
  // The test-quality gate writes what it was given where the test can read it (outside every worktree).
  const testQuality = `printf '%s\\n' "$@" > '${git}/tq-args'; printf '%s' "$MSTUI_CHANGED_TESTS" > '${git}/tq-env'`;
  repo.write(PLAN_PATH, PLAN);
  repo.write('.mstui.json', scriptedConfig({ commands: { test: 'true', testQuality } }));
  repo.commitAll('plan');
  const prompts = join(git, 'prompts.jsonl');
  const env = {
    SCRIPTED_AGENT_LOG: prompts,
    SCRIPTED_AGENT_SCENARIO: scenario(repo, {
      default: { durationMs: 300, followUpMs: 100 },
      tasks: { '4.1': { finalMessage: SAID }, '4.2': { file: 'test/cache.test.txt' } },
    }),
  };
  const followUps = (task: string) =>
    readFileSync(prompts, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { task: string; kind: string; prompt: string })
      .filter((p) => p.task === task && p.kind === 'follow-up')
      .map((p) => p.prompt);
  const read = (name: string) => readFileSync(join(git, name), 'utf8');
  return { repo, env, followUps, read };
}

const show = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

describe('mstui run: unexpected findings', () => {
  it('without --yes: one double-check prompt, and when the finding holds the question needs a human (exit 3)', E2E, async () => {
    const { repo, env, followUps } = findingsRepo();
    const r = await mstui(repo.dir, ['run', PLAN_PATH, '--headless'], env, 90_000);
    expect(r.code, show(r)).toBe(3);
    expect(r.stdout).toContain(`Double-checking 4.1 [1/2] - it reported already done: "${SAID}"`);
    expect(r.stdout).toContain(`Finding 4.1 - already done: "${SAID}"`);
    expect(r.stdout).toContain(
      `Question: 4.1 reports already done: "${SAID}"; it held after a double check. Continue with the task as it is (or attach to look first)? [c]ontinue [s]kip [a]ttach [x] abort`,
    );
    const asked = followUps('4.1');
    expect(asked, show(r)).toHaveLength(1);
    expect(asked[0]).toContain(`Task 4.1: you reported: "${SAID}".`);
    expect(asked[0]).toContain('Double-check with another method');
  });

  it('with --yes: the run finishes, the finding printed once and kept in the report; test-quality got the changed tests', E2E, async () => {
    const { repo, env, followUps, read } = findingsRepo();
    const r = await mstui(repo.dir, ['run', PLAN_PATH, '--headless', '--yes'], env, 90_000);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('Finding '))).toEqual([`Finding 4.1 - already done: "${SAID}"`]);
    expect(r.stdout).toMatch(/Completed 4\.1 \[\d\/2\]/);
    expect(r.stdout).toMatch(/Completed 4\.2 \[\d\/2\]/);
    expect(followUps('4.1')).toHaveLength(1);
    expect(followUps('4.2')).toEqual([]);
    const report = readFileSync(join(repo.dir, '.worktrees', '.mstui', 'report-M4.md'), 'utf8');
    expect(report).toContain('## Unexpected findings');
    expect(report).toContain(`| 4.1 | already done | "${SAID}" | merged |`);
    // Only 4.2 changed a test file; sh got it as "$@" and in MSTUI_CHANGED_TESTS.
    expect(read('tq-args')).toBe('test/cache.test.txt\n');
    expect(read('tq-env')).toBe('test/cache.test.txt');
  });
});
