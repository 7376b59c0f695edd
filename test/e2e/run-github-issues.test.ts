/**
 * `mstui run gh:…` end to end (seed 003): the built CLI, the scripted agent, the recording fake `gh` answering for the
 * issues and the pull requests, and a local bare repository as `origin` (the fake's `gh pr merge` squash-merges
 * there). Then the planning gate (an open issue outside the plan) and the baseline (tests red on the base), which
 * hold a run before its first agent, for every plan format.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GIT_ENV, git, ROOT, scenario, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { mstui, type RunResult } from '../helpers/run-cli.js';

const E2E = { timeout: 180_000 };
const FAKES = join(ROOT, 'test', 'fakes');

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

interface Issue {
  number: number;
  title: string;
  body: string;
  state: 'OPEN' | 'CLOSED';
  milestone?: string;
}

const issue = (number: number, title: string, body = '', state: Issue['state'] = 'OPEN'): Issue => ({
  number,
  title,
  body,
  state,
  milestone: 'OB3 Phase 1',
});

interface World {
  repo: TempRepo;
  origin: string;
  env: Record<string, string>;
  calls: () => string[][];
  prompts: () => { task: string | null; kind: string; prompt: string }[];
  prs: () => { number: number; head: string; base: string; title: string; body: string; state: string }[];
}

/** A repo pushed to a bare `origin`, the fake gh on PATH answering for `issues`, the scripted agent configured. */
function world(issues: Issue[], config: Record<string, unknown> = {}): World {
  const repo = tempRepo('mstui-gh-run-');
  repos.push(repo);
  const origin = join(repo.dir, '.git', 'origin.git');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', origin], { env: { ...process.env, ...GIT_ENV } });
  repo.write('.mstui.json', scriptedConfig({ ci: { provider: 'github', pollSeconds: 0.05, pollMaxSeconds: 0.2 }, ...config }));
  repo.commitAll('config');
  git(repo.dir, 'remote', 'add', 'origin', origin);
  git(repo.dir, 'push', '-q', 'origin', 'main');
  const state = join(repo.dir, '.git', 'fake-gh');
  mkdirSync(state, { recursive: true });
  writeFileSync(join(state, 'data.json'), JSON.stringify({ issues }));
  const log = join(state, 'calls.jsonl');
  const prompts = join(repo.dir, '.git', 'prompts.jsonl');
  const lines = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean) : []);
  return {
    repo,
    origin,
    env: {
      PATH: `${FAKES}:${process.env.PATH}`,
      FAKE_GH_STATE: state,
      FAKE_GH_DATA: join(state, 'data.json'),
      FAKE_GH_LOG: log,
      SCRIPTED_AGENT_LOG: prompts,
      SCRIPTED_AGENT_SCENARIO: scenario(repo, { default: { durationMs: 300, followUpMs: 100 } }),
    },
    calls: () => lines(log).map((l) => JSON.parse(l) as string[]),
    prompts: () => lines(prompts).map((l) => JSON.parse(l)),
    prs: () => (existsSync(join(state, 'state.json')) ? JSON.parse(readFileSync(join(state, 'state.json'), 'utf8')).prs : []),
  };
}

const show = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
const worktrees = (w: World) =>
  git(w.repo.dir, 'worktree', 'list', '--porcelain')
    .split('\n')
    .filter((l) => l.startsWith('worktree '));

describe('mstui run gh:… (GitHub issues, seed 003)', () => {
  it(
    'two issues, 154 depends on 153: a worktree and branch each, prompts from the issues, PRs that close them, merged in order, the report',
    E2E,
    async () => {
      const w = world([
        issue(154, 'Signed badges', 'Sign the badges with the stored key.\n\nDepends on #153'),
        issue(153, 'Key store', 'Keep the signing keys in a store.'),
      ]);
      // `gh:153 154` arrives as two arguments.
      const r = await mstui(w.repo.dir, ['run', 'gh:153', '154', '--headless', '--yes'], w.env, 150_000);
      expect(r.code, show(r)).toBe(0);
      expect(r.stdout).toContain('Run 1: issues-153-154 (2 tasks, parallel 1) on mstui/issues-153-154');
      expect(r.stdout).toContain('Baseline passed on main');

      // Each issue's agent got a prompt built from the issue's title and text, and the handoff path inside the repo.
      const first = w.prompts().filter((p) => p.kind === 'initial');
      expect(first.map((p) => p.task)).toEqual(['153', '154']);
      const p154 = first[1]?.prompt ?? '';
      expect(p154).toContain('Task: 154 — Signed badges');
      expect(p154).toContain('GitHub issue #154: Signed badges');
      expect(p154).toContain(
        '--- issue text (from GitHub) ---\nSign the badges with the stored key.\n\nDepends on #153\n--- end of issue text ---',
      );
      expect(p154).toContain('Handoff file: .mstui/HANDOFF_issues-153-154.md');

      // A PR per issue against the integration branch, body first line `Closes #N`, merged in dependency order.
      const prs = w.prs();
      expect(prs.map((p) => [p.head, p.base, p.title])).toEqual([
        ['mstui/issues-153-154-153', 'mstui/issues-153-154', 'Task 153: Key store'],
        ['mstui/issues-153-154-154', 'mstui/issues-153-154', 'Task 154: Signed badges'],
      ]);
      expect(prs.map((p) => p.body.split('\n')[0])).toEqual(['Closes #153', 'Closes #154']);
      expect(prs[1]?.body).toContain('## Task 154 Complete: Signed badges');
      expect(w.calls().filter((c) => c[0] === 'pr' && c[1] === 'merge')).toEqual([
        ['pr', 'merge', '1', '--squash'],
        ['pr', 'merge', '2', '--squash'],
      ]);
      expect(git(w.origin, 'log', '--format=%s', '--reverse', 'main..mstui/issues-153-154').split('\n')).toEqual([
        'Task 153: Key store (#1)',
        'Task 154: Signed badges (#2)',
      ]);

      // The handoff lives at .mstui/HANDOFF_<milestone>.md on the integration branch, both sections in it.
      const handoff = git(w.repo.dir, 'show', 'mstui/issues-153-154:.mstui/HANDOFF_issues-153-154.md');
      expect(handoff).toMatch(/## Task 153 Complete: Key store[\s\S]*## Task 154 Complete: Signed badges/);
      const report = readFileSync(join(w.repo.dir, '.worktrees/.mstui/report-issues-153-154.md'), 'utf8');
      expect(report).toContain('Key store');
      expect(report).toContain('Signed badges');
      expect(r.stdout).toContain('Report written to .worktrees/.mstui/report-issues-153-154.md');
      expect(worktrees(w)).toHaveLength(2); // the checkout and the integration worktree

      // Run again: nothing to do, said in one line.
      const again = await mstui(w.repo.dir, ['run', 'gh:153,154', '--headless', '--yes'], w.env);
      expect(again.code, show(again)).toBe(0);
      expect(again.stdout).toContain('already finished');
    },
  );

  it(
    'an open issue outside the plan: the proposed plan and the question, exit 3, nothing started (--yes does not approve); --approve-plan runs it',
    E2E,
    async () => {
      const w = world(
        [
          issue(153, 'Key store', 'Blocked by #99'),
          issue(154, 'Signed badges', 'Depends on #153'),
          issue(99, 'Vendor decision', '', 'OPEN'),
        ],
        { ci: { provider: 'local' } },
      );
      const r = await mstui(w.repo.dir, ['run', 'gh:153,154', '--headless', '--yes'], w.env);
      expect(r.code, show(r)).toBe(3);
      expect(r.stdout).toContain('Proposed plan:');
      expect(r.stdout).toMatch(/Wave 1\n {2}└─ ○ 153 +Key store/);
      expect(r.stdout).toMatch(/Wave 2\n {2}└─ ○ 154 +Signed badges .*← 153/);
      expect(r.stdout).toContain('Needs review: #153 needs #99 (open).');
      expect(r.stdout).toContain(
        'Question: The plan depends on issues outside it that are not closed: #153 needs #99 (open). Approve the proposed plan and start, or abort? [y] approve [x] abort',
      );
      expect(r.stdout).toContain('pass --approve-plan to approve the plan (--yes does not)');
      // Nothing started: no agent, no worktree, no baseline.
      expect(w.prompts()).toEqual([]);
      expect(worktrees(w)).toHaveLength(1);
      expect(r.stdout).not.toContain('Baseline');

      const approved = await mstui(w.repo.dir, ['run', 'gh:153,154', '--headless', '--yes', '--approve-plan'], w.env, 150_000);
      expect(approved.code, show(approved)).toBe(0);
      expect(approved.stdout).not.toContain('Question:');
      expect(git(w.repo.dir, 'log', '--format=%s', '--reverse', 'main..mstui/issues-153-154').split('\n')).toEqual([
        'Task 153: Key store',
        'Task 154: Signed badges',
      ]);
    },
  );

  it('numbers and a name together, and a milestone that does not exist: one line, exit 2, nothing run', E2E, async () => {
    const w = world([issue(153, 'Key store')]);
    const mixed = await mstui(w.repo.dir, ['run', 'gh:153', 'Phase', '--headless'], w.env);
    expect(mixed.code, show(mixed)).toBe(2);
    expect(mixed.stderr).toMatch(/^mstui: invalid GitHub plan "gh:153 Phase": cannot mix issue numbers and a milestone name/);
    const missing = await mstui(w.repo.dir, ['run', 'gh:"OB3 Phase 2"', '--headless'], w.env);
    expect(missing.code, show(missing)).toBe(2);
    expect(missing.stderr.trim()).toBe(
      'mstui: gh issue list --milestone failed: no milestone found with title "OB3 Phase 2"; the milestones here: "OB3 Phase 1" (open)',
    );
    expect(existsSync(join(w.repo.dir, '.worktrees'))).toBe(false);
  });
});

describe('the baseline before the first task (every plan format)', () => {
  const PLAN = '# Milestone 1: One\n\n## Task 1.1: Store\n**Type:** CODING\n**Depends on:** none\n';

  it('tests already red on the base: the line and the question, exit 3, no agent; --skip-baseline runs the task', E2E, async () => {
    const repo = tempRepo('mstui-baseline-');
    repos.push(repo);
    repo.write('plans/M1_one.md', PLAN);
    // Red on the base; green once the task wrote its work file.
    repo.write(
      '.mstui.json',
      scriptedConfig({ commands: { test: 'test -f work/1.1.txt || { echo "1 failing: work/1.1.txt missing"; exit 1; }' } }),
    );
    repo.commitAll('plan');
    const prompts = join(repo.dir, '.git', 'prompts.jsonl');
    const env = { SCRIPTED_AGENT_LOG: prompts, SCRIPTED_AGENT_SCENARIO: scenario(repo, { default: { durationMs: 200, followUpMs: 100 } }) };

    const r = await mstui(repo.dir, ['run', 'plans/M1_one.md', '--headless', '--yes'], env);
    expect(r.code, show(r)).toBe(3);
    expect(r.stdout).toContain(
      'Baseline FAILED: tests already fail on main before any task: 1 failing: work/1.1.txt missing (commands.test: test -f work/1.1.txt',
    );
    expect(r.stdout).toMatch(/^Question: Tests already fail on main before any task: .* Run anyway, or abort\? \[c\]ontinue \[x\] abort$/m);
    expect(r.stdout).toContain('pass --skip-baseline to run anyway (--yes does not)');
    expect(existsSync(prompts)).toBe(false);
    expect(git(repo.dir, 'worktree', 'list')).not.toContain('M1-1.1');
    expect(readFileSync(join(repo.dir, '.worktrees/.mstui/logs/baseline.log'), 'utf8')).toContain('1 failing: work/1.1.txt missing');

    const skipped = await mstui(repo.dir, ['run', 'plans/M1_one.md', '--headless', '--yes', '--skip-baseline'], env, 90_000);
    expect(skipped.code, show(skipped)).toBe(0);
    expect(skipped.stdout).not.toContain('Question:');
    expect(git(repo.dir, 'log', '--format=%s', '-n', '1', 'mstui/M1')).toBe('Task 1.1: Store');
  });
});
