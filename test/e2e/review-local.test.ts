/**
 * The review pipeline with the local provider, end to end (built CLI, real worktrees, ptys, scripted agent):
 * a merge that makes an in-flight branch conflict, local CI, the post-merge integration test, blockers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { git, scenario, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { mstui, type RunResult } from '../helpers/run-cli.js';

const E2E = { timeout: 120_000 };
const PLAN = 'plans/M1_local.md';

/** Two independent tasks; the scenario makes both append to the same new file, so the second to merge conflicts. */
const TWO = `# Milestone 1: Local

## Task 1.1: Left
**Type:** CODING
**Depends on:** none

## Task 1.2: Right
**Type:** CODING
**Depends on:** none
`;

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

function localRepo(config: Record<string, unknown>, agent: Record<string, unknown>) {
  const repo = tempRepo('mstui-local-');
  repos.push(repo);
  repo.write(PLAN, TWO);
  repo.write('.mstui.json', scriptedConfig(config));
  repo.commitAll('plan');
  const prompts = join(repo.dir, '.git', 'prompts.jsonl');
  const env = {
    SCRIPTED_AGENT_LOG: prompts,
    SCRIPTED_AGENT_SCENARIO: scenario(repo, { default: { durationMs: 300, followUpMs: 100, ...agent } }),
  };
  const entries = () =>
    readFileSync(prompts, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { task: string; kind: string; prompt: string });
  return { repo, env, entries };
}

const show = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
const events = (r: RunResult) =>
  r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { type: string; task?: string; files?: string[]; status?: string });

describe('mstui run, local provider', () => {
  it('a merge makes an in-flight branch conflict: conflict state, the agent resolves it, the merge continues', E2E, async () => {
    const { repo, env, entries } = localRepo({}, { file: 'src/shared.txt' });
    const r = await mstui(repo.dir, ['run', PLAN, '--headless', '--yes', '--parallel', '2', '--json'], env, 90_000);
    expect(r.code, show(r)).toBe(0);
    const ev = events(r);
    const conflict = ev.find((e) => e.type === 'MergeConflicted');
    expect(conflict, show(r)).toBeDefined();
    expect(conflict?.files).toEqual(['src/shared.txt']);
    expect(conflict?.status).toBe('running');
    const loser = conflict?.task as string;
    const winner = loser === '1.1' ? '1.2' : '1.1';
    // The winner merged first; the loser's agent got the conflicted file list, resolved, and merged after.
    const mergedOrder = ev.filter((e) => e.type === 'Merged').map((e) => e.task);
    expect(mergedOrder).toEqual([winner, loser]);
    const prompt = entries().find((p) => p.task === loser && p.kind === 'follow-up');
    expect(prompt?.prompt).toContain('stopped with conflicts in');
    expect(prompt?.prompt).toContain('- src/shared.txt');
    const shared = git(repo.dir, 'show', 'mstui/M1:src/shared.txt');
    expect(shared).toMatch(/^Task 1\.1 /m);
    expect(shared).toMatch(/^Task 1\.2 /m);
    expect(shared).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
  });

  it('local CI: commands.ci runs after the gates; red is retried with its output, then merged', E2E, async () => {
    // CI fails until the agent's CI-fix line is in the file.
    const ci = 'grep -q "CI fix" work/1.1.txt || { echo "lint: work/1.1.txt lacks a CI fix CIMARK-3"; exit 1; }';
    const { repo, env, entries } = localRepo({ commands: { test: 'true', ci } }, {});
    const r = await mstui(repo.dir, ['run', PLAN, '--headless', '--yes', '--only', '1.1'], env, 90_000);
    expect(r.code, show(r)).toBe(0);
    const retry = entries().find((p) => p.task === '1.1' && p.kind === 'follow-up');
    expect(retry?.prompt).toContain('CI failed for Task 1.1');
    expect(retry?.prompt).toContain('CIMARK-3');
    expect(git(repo.dir, 'show', 'mstui/M1:work/1.1.txt')).toContain('CI fix');
  });

  it(
    'a failing integration test after the last merge is not a silent pass: with --yes the run exits 1 (the question is in the scheduler tests)',
    E2E,
    async () => {
      const { repo, env } = localRepo({ commands: { test: 'true', integration: 'echo "integration: 2 of 9 flows broke"; exit 4' } }, {});
      const r = await mstui(repo.dir, ['run', PLAN, '--headless', '--yes'], env, 90_000);
      expect(r.code, show(r)).toBe(1);
      expect(r.stdout).toContain('Integration test FAILED');
      expect(readFileSync(join(repo.dir, '.worktrees', '.mstui', 'logs', 'integration.log'), 'utf8')).toContain('2 of 9 flows broke');
      // Both tasks were merged; only the integration verdict failed.
      expect(git(repo.dir, 'log', '--format=%s', 'main..mstui/M1')).toMatch(/Task 1\.1/);
    },
  );

  it('a passing integration test runs on the integration branch once, after the last merge', E2E, async () => {
    const { repo, env } = localRepo({ commands: { test: 'true', integration: 'test -f work/1.1.txt && test -f work/1.2.txt' } }, {});
    const r = await mstui(repo.dir, ['run', PLAN, '--headless', '--yes'], env, 90_000);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toContain('Integration test passed');
    expect(
      readFileSync(join(repo.dir, '.worktrees', '.mstui', 'logs', 'integration.log'), 'utf8').match(/\[mstui\] integration/g),
    ).toHaveLength(1);
  });

  it('an agent silent longer than limits.stallMinutes is a question, not a hang (exit 3 without a terminal)', E2E, async () => {
    const { repo, env } = localRepo({ limits: { stallMinutes: 0.03 } }, { stallMs: 60_000 });
    const r = await mstui(repo.dir, ['run', PLAN, '--headless', '--only', '1.1'], env, 90_000);
    expect(r.code, show(r)).toBe(3);
    expect(r.stdout).toMatch(
      /^Question: 1\.1's agent has printed nothing for [\d.]+ min\. Ask it what blocks it\? n\[u\]dge \[w\]ait \[s\]kip \[x\] abort$/m,
    );
  });
});
