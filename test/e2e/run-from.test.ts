/** `--from X` redoes X and what follows (seed 000: "--from 4.1 ignores handoff and starts fresh"), in plan and run alike. */
import { afterEach, describe, expect, it } from 'vitest';
import { DIAMOND_PLAN, git, scenario, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { mstui } from '../helpers/run-cli.js';

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

describe('--from', () => {
  it('mstui plan --from X shows X and what follows it as to do, whatever the handoff says', async () => {
    const repo = tempRepo();
    repos.push(repo);
    repo.write('plans/M1_diamond.md', DIAMOND_PLAN);
    const sections = ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6'].map((id) => `## Task ${id} Complete: done\n\nDone.\n`);
    repo.write('plans/HANDOFF_M1.md', `# Handoff M1\n\n${sections.join('\n')}`);
    repo.commitAll('plan and handoff');
    const todo = async (args: string[]) => {
      const r = await mstui(repo.dir, ['plan', 'plans/M1_diamond.md', '--json', ...args]);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { tasks: { id: string; done: boolean }[] }).tasks.filter((t) => !t.done).map((t) => t.id);
    };
    expect(await todo([])).toEqual([]);
    // Waves: 1.1 1.5 | 1.2 1.3 | 1.4 | 1.6: from 1.4 on.
    expect(await todo(['--from', '1.4'])).toEqual(['1.4', '1.6']);
  });

  it('redoes a task merged by an earlier run, from a fresh branch at the integration tip, and what follows it', {
    timeout: 150_000,
  }, async () => {
    const repo = tempRepo();
    repos.push(repo);
    repo.write('plans/M1_diamond.md', DIAMOND_PLAN);
    repo.write('.mstui.json', scriptedConfig());
    repo.commitAll('plan');
    const env = { SCRIPTED_AGENT_SCENARIO: scenario(repo, { default: { durationMs: 100 } }) };
    const first = await mstui(repo.dir, ['run', 'plans/M1_diamond.md', '--headless', '--parallel', '2', '--yes'], env);
    expect(first.code, first.stdout).toBe(0);
    const tipBefore = git(repo.dir, 'rev-parse', 'mstui/M1');
    const oldBranch16 = git(repo.dir, 'rev-parse', 'mstui/M1-1.6');

    // Without --from, nothing to do.
    const again = await mstui(repo.dir, ['run', 'plans/M1_diamond.md', '--headless', '--yes'], env);
    expect(again.stdout).toMatch(/already finished/);

    const redo = await mstui(repo.dir, ['run', 'plans/M1_diamond.md', '--headless', '--yes', '--from', '1.6'], env);
    expect(redo.code, redo.stdout).toBe(0);
    expect(redo.stdout).toMatch(/Starting 1\.6/);
    expect(redo.stdout).not.toMatch(/Starting 1\.[1-5]/);
    // A new merge of 1.6 on top of the old tip (not mistaken for the earlier one), from a branch that started there.
    const subjects = git(repo.dir, 'log', '--format=%s', `${tipBefore}..mstui/M1`).split('\n').filter(Boolean);
    expect(subjects).toHaveLength(1);
    expect(subjects[0]).toMatch(/^Task 1\.6: /);
    expect(git(repo.dir, 'merge-base', '--is-ancestor', tipBefore, 'mstui/M1-1.6')).toBe('');
    expect(git(repo.dir, 'rev-parse', 'mstui/M1-1.6')).not.toBe(oldBranch16);
  });
});
