/** `mstui run --headless` end to end: the built CLI, real git worktrees, real ptys, the scripted agent. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, DIAMOND_PLAN, git, scenario, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { mstui } from '../helpers/run-cli.js';

const repos: TempRepo[] = [];
function diamondRepo(config: Record<string, unknown> = {}): TempRepo {
  const repo = tempRepo();
  repos.push(repo);
  repo.write('plans/M1_diamond.md', DIAMOND_PLAN);
  repo.write('.mstui.json', scriptedConfig(config));
  repo.commitAll('plan');
  return repo;
}

beforeAll(() => {
  expect(existsSync(CLI)).toBe(true);
});
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

describe('mstui run --headless', () => {
  it('walks a diamond with --parallel 2 --yes: all merged in dependency order, handoff complete, worktrees gone', {
    timeout: 90_000,
  }, async () => {
    const repo = diamondRepo();
    const sc = scenario(repo, { default: { durationMs: 300 } });
    const r = await mstui(repo.dir, ['run', 'plans/M1_diamond.md', '--headless', '--parallel', '2', '--yes'], {
      SCRIPTED_AGENT_SCENARIO: sc,
    });
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout).toBe(0);
    const subjects = git(repo.dir, 'log', '--format=%s', '--reverse', 'main..mstui/M1').split('\n');
    expect(subjects).toHaveLength(6);
    const order = subjects.map((s) => /^Task (\S+):/.exec(s)?.[1]);
    const at = (id: string) => order.indexOf(id);
    expect(at('1.1')).toBeLessThan(at('1.2'));
    expect(at('1.1')).toBeLessThan(at('1.3'));
    expect(Math.max(at('1.2'), at('1.3'))).toBeLessThan(at('1.4'));
    expect(Math.max(at('1.4'), at('1.5'))).toBeLessThan(at('1.6'));
    const handoff = git(repo.dir, 'show', 'mstui/M1:plans/HANDOFF_M1.md');
    for (const id of ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6']) expect(handoff).toContain(`## Task ${id} Complete:`);
    const worktrees = git(repo.dir, 'worktree', 'list', '--porcelain');
    expect(worktrees).not.toMatch(/M1-1\.\d/);
    expect(r.stdout).toMatch(/Starting 1\.1 \[1\/6\]/);
    expect(r.stdout).toMatch(/Completed 1\.6 \[6\/6\] in \d+s/);
    // The user's checkout was not touched.
    expect(git(repo.dir, 'status', '--porcelain', '--untracked-files=no')).toBe('');
    expect(readFileSync(join(repo.dir, '.git/info/exclude'), 'utf8')).toContain('.worktrees/');
  });

  it('ends with the summary report: printed and written, with the tasks, E2E and challenges tables', { timeout: 90_000 }, async () => {
    const repo = diamondRepo({ commands: { test: 'true', integration: 'test -f work/1.6.txt' } });
    const sc = scenario(repo, { default: { durationMs: 200 } });
    const r = await mstui(repo.dir, ['run', 'plans/M1_diamond.md', '--headless', '--parallel', '2', '--yes'], {
      SCRIPTED_AGENT_SCENARIO: sc,
    });
    expect(r.code, r.stdout).toBe(0);
    const path = join(repo.dir, '.worktrees', '.mstui', 'report-M1.md');
    const report = readFileSync(path, 'utf8');
    expect(r.stdout).toContain(report.trimEnd().split('\n').slice(-3).join('\n'));
    expect(r.stdout).toContain('Report written to .worktrees/.mstui/report-M1.md');
    // Seed 000's checklist per task (only the configured test command), and the report's verdict line says the gates held.
    expect(r.stdout).toMatch(/^Checks 1\.6 \[6\/6\] - handoff ✓ · tests ✓ · committed ✓$/m);
    // One Checks line each time a task's gates ran.
    const count = (prefix: string) => r.stdout.split('\n').filter((l) => l.startsWith(prefix)).length;
    expect(count('Checks '), r.stdout).toBe(count('Verifying '));
    expect(count('Checks ')).toBeGreaterThanOrEqual(6);
    expect(report).toContain('\n**Quality gates:** all passed\n');
    const rowsUntilNextSection = (heading: string) => {
      const rest = report.slice(report.indexOf(`## ${heading}`) + 3);
      const section = rest.slice(0, rest.indexOf('\n## ') < 0 ? undefined : rest.indexOf('\n## '));
      return section
        .split('\n')
        .filter((l) => l.startsWith('| ') && !l.startsWith('|---'))
        .slice(1)
        .map((l) =>
          l
            .split('|')
            .slice(1, -1)
            .map((c) => c.trim()),
        );
    };
    const tasks = rowsUntilNextSection('Tasks');
    expect(tasks.map((c) => c[0])).toEqual(['1.1', '1.2', '1.3', '1.4', '1.5', '1.6']);
    for (const c of tasks) expect(c[3]).toContain('merged');
    expect(tasks[5]?.[2]).toBe('validation');
    // One E2E row per test the VALIDATION task (1.6) recorded; none from the coding tasks.
    const e2e = rowsUntilNextSection('E2E Tests Performed');
    expect(e2e.map((c) => [c[0], c[2]])).toEqual([
      ['Validate end to end: happy path', '✅ PASSED'],
      ['Validate end to end: empty input', '✅ PASSED'],
    ]);
    // One challenge per handoff section (each task's Gotchas bullet, in the handoff's merge order), with its solution.
    const challenges = rowsUntilNextSection('Challenges & Solutions');
    expect(challenges.map((c) => c[0]).sort()).toEqual(['1.1', '1.2', '1.3', '1.4', '1.5', '1.6']);
    const first = challenges.find((c) => c[0] === '1.1');
    expect(first?.[1]).toBe('work/1.1.txt did not exist on a fresh checkout');
    expect(first?.[2]).toContain('create the folder before appending to it');
    expect(report).toMatch(/## Integration test\s+✅ Passed/);
    expect(report).toContain('gh pr create --base main --head mstui/M1');
  });
});
