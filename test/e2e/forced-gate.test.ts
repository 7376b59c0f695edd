/**
 * A task forced past a failed gate, as a person does it: `mstui run --headless` on a terminal (a private tmux
 * server), the gate question answered `f`, the merge answered `y`. The report says the truth about it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, git, scenario, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { startTmux, type TmuxSession } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait-for.js';

const PLAN = 'plans/M1_one.md';
const ONE_TASK = `# Milestone 1: One

## Task 1.1: Only task
**Type:** CODING
**Depends on:** none
`;

const repos: TempRepo[] = [];
const sessions: TmuxSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.kill();
  for (const r of repos.splice(0)) r.cleanup();
});

describe('a forced gate', () => {
  it('is marked in the report: the task, the gate and its output, and the Quality gates line', { timeout: 120_000 }, async () => {
    const repo = tempRepo('mstui-forced-');
    repos.push(repo);
    repo.write(PLAN, ONE_TASK);
    // The agent's work says FAIL (and it would fix it if asked again): the tests gate fails with that line.
    repo.write('.mstui.json', scriptedConfig({ commands: { test: '! grep -rs FAIL work/' } }));
    repo.commitAll('plan');
    const sc = scenario(repo, { default: { durationMs: 200, followUpMs: 100, failTests: true } });
    const done = join(repo.dir, 'exit-code');
    const s = startTmux({
      command: ['sh', '-c', `"$0" "$1" run ${PLAN} --headless --skip-baseline; echo $? > ${done}`, process.execPath, CLI],
      cwd: repo.dir,
      env: { SCRIPTED_AGENT_SCENARIO: sc },
    });
    sessions.push(s);

    await s.waitForText(/\? .*tests.*\[f\]orce/, 60_000);
    s.type('f');
    s.sendKeys('Enter');
    await s.waitForText(/\? Merge 1\.1/, 60_000);
    s.type('y');
    s.sendKeys('Enter');
    // The pane's shell ends when mstui does (and the tmux server with it): wait on the exit code it wrote.
    await waitFor(
      () => {
        try {
          return readFileSync(done, 'utf8').trim() !== '';
        } catch {
          return false;
        }
      },
      60_000,
      'mstui to exit',
    );
    expect(readFileSync(done, 'utf8').trim()).toBe('0');

    // Forced, not fixed: the failing work is what merged.
    expect(git(repo.dir, 'show', 'mstui/M1:work/1.1.status')).toBe('FAIL');
    const report = readFileSync(join(repo.dir, '.worktrees/.mstui/report-M1.md'), 'utf8');
    expect(report).toMatch(/\*\*Quality gates:\*\* 1 forced \(1\.1: tests\)/);
    expect(report).toMatch(/\| 1\.1 \| Only task \|[^\n]*✓ merged ⚠️ forced/);
    expect(report).toMatch(/## Quality gates[\s\S]*tests[\s\S]*work\/1\.1\.status:FAIL/);
  });
});
