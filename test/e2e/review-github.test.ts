/**
 * The review pipeline with `ci.provider: github`, end to end: the built CLI, real worktrees and ptys, the scripted
 * agent, a recording fake `gh` first on PATH and a local bare repository as `origin`. The fake's `gh pr merge`
 * really squash-merges on the bare repository, so what lands there is what a user would see on GitHub.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pty from '@lydell/node-pty';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, GIT_ENV, git, ROOT, scenario, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { mstui, type RunResult } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';

const E2E = { timeout: 120_000 };
const PLAN = 'plans/M1_review.md';
const FAKES = join(ROOT, 'test', 'fakes');

/** 1.2 depends on 1.1; 1.3 depends on 1.2. */
const CHAIN = `# Milestone 1: Review

## Task 1.1: Store
**Type:** CODING
**Depends on:** none

## Task 1.2: Service
**Type:** CODING
**Depends on:** 1.1

## Task 1.3: Screen
**Type:** CODING
**Depends on:** 1.2
`;

/** Two tasks without dependencies (the scenario makes both write src/shared.txt). */
const PARALLEL_PAIR = `# Milestone 1: Review

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

interface GhRepo {
  repo: TempRepo;
  origin: string;
  env: Record<string, string>;
  calls: () => string[][];
  prompts: () => { task: string | null; kind: string; prompt: string }[];
}

/** A repo with an `origin` bare repository, the github provider with fast polls, and the fake gh on PATH. */
function ghRepo(data: Record<string, unknown>, agent: Record<string, unknown> = {}, config: Record<string, unknown> = {}): GhRepo {
  const repo = tempRepo('mstui-gh-');
  repos.push(repo);
  const origin = join(repo.dir, '.git', 'origin.git');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', origin], { env: { ...process.env, ...GIT_ENV } });
  repo.write(PLAN, CHAIN);
  repo.write(
    '.mstui.json',
    scriptedConfig({ ci: { provider: 'github', pollSeconds: 0.05, pollMaxSeconds: 0.2 }, maxRetries: 3, ...config }),
  );
  repo.commitAll('plan');
  git(repo.dir, 'remote', 'add', 'origin', origin);
  git(repo.dir, 'push', '-q', 'origin', 'main');
  const ghState = join(repo.dir, '.git', 'fake-gh');
  mkdirSync(ghState, { recursive: true });
  const dataFile = join(ghState, 'data.json');
  writeFileSync(dataFile, JSON.stringify(data));
  const log = join(ghState, 'calls.jsonl');
  const prompts = join(repo.dir, '.git', 'prompts.jsonl');
  const lines = (f: string) => {
    try {
      return readFileSync(f, 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  return {
    repo,
    origin,
    env: {
      PATH: `${FAKES}:${process.env.PATH}`,
      FAKE_GH_STATE: ghState,
      FAKE_GH_DATA: dataFile,
      FAKE_GH_LOG: log,
      SCRIPTED_AGENT_LOG: prompts,
      SCRIPTED_AGENT_SCENARIO: scenario(repo, { default: { durationMs: 300, followUpMs: 100, ...agent } }),
    },
    calls: () => lines(log).map((l) => JSON.parse(l) as string[]),
    prompts: () => lines(prompts).map((l) => JSON.parse(l)),
  };
}

const show = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
const sub = (calls: string[][], a: string, b: string) => calls.filter((c) => c[0] === a && c[1] === b);
const originLog = (g: GhRepo, ref: string) => git(g.origin, 'log', '--format=%s', '--reverse', `main..${ref}`).split('\n').filter(Boolean);

describe('mstui run with ci.provider github', () => {
  it(
    'green path: a PR per task with the handoff as body, checks polled, squash-merged in dependency order, remote branch deleted',
    E2E,
    async () => {
      const g = ghRepo({ checks: { 'mstui/M1-1.1': [[{ name: 'test', bucket: 'pending' }], [{ name: 'test', bucket: 'pass' }]] } });
      const r = await mstui(g.repo.dir, ['run', PLAN, '--headless', '--yes'], g.env, 90_000);
      expect(r.code, show(r)).toBe(0);
      const calls = g.calls();

      const creates = sub(calls, 'pr', 'create');
      expect(creates.map((c) => c[c.indexOf('--head') + 1])).toEqual(['mstui/M1-1.1', 'mstui/M1-1.2', 'mstui/M1-1.3']);
      for (const c of creates) expect(c[c.indexOf('--base') + 1]).toBe('mstui/M1');
      const state = JSON.parse(readFileSync(join(g.env.FAKE_GH_STATE as string, 'state.json'), 'utf8'));
      expect(state.prs[0].title).toBe('Task 1.1: Store');
      expect(state.prs[0].body).toContain('## Task 1.1 Complete: Store');
      expect(state.prs[0].body).toContain('### Gotchas');

      // 1.1's checks were pending once, then passed: polled twice.
      expect(sub(calls, 'pr', 'checks').filter((c) => c[2] === '1')).toHaveLength(2);
      // Merged in dependency order, with --squash and never --delete-branch.
      const merges = sub(calls, 'pr', 'merge');
      expect(merges).toEqual([
        ['pr', 'merge', '1', '--squash'],
        ['pr', 'merge', '2', '--squash'],
        ['pr', 'merge', '3', '--squash'],
      ]);
      expect(calls.flat()).not.toContain('--delete-branch');
      expect(originLog(g, 'mstui/M1')).toEqual(['Task 1.1: Store (#1)', 'Task 1.2: Service (#2)', 'Task 1.3: Screen (#3)']);
      // Remote task branches deleted; the local integration branch is the merged remote one; worktrees gone.
      expect(git(g.origin, 'branch', '--list', 'mstui/M1-*')).toBe('');
      expect(git(g.repo.dir, 'rev-parse', 'mstui/M1')).toBe(git(g.origin, 'rev-parse', 'mstui/M1'));
      expect(git(g.repo.dir, 'worktree', 'list')).not.toContain('M1-1.');
    },
  );

  it('ci.target base: the PR goes to the base branch, and the integration branch follows it after the merge', E2E, async () => {
    const g = ghRepo({}, {}, { ci: { provider: 'github', target: 'base', pollSeconds: 0.05, pollMaxSeconds: 0.2 } });
    const r = await mstui(g.repo.dir, ['run', PLAN, '--headless', '--yes', '--only', '1.1'], g.env, 90_000);
    expect(r.code, show(r)).toBe(0);
    const [create] = sub(g.calls(), 'pr', 'create');
    expect(create?.[create.indexOf('--base') + 1]).toBe('main');
    expect(git(g.origin, 'log', '--format=%s', '-n', '1', 'main')).toBe('Task 1.1: Store (#1)');
    expect(git(g.repo.dir, 'rev-parse', 'mstui/M1')).toBe(git(g.origin, 'rev-parse', 'main'));
    // The integration branch was never pushed: the PRs went straight to main.
    expect(git(g.origin, 'branch', '--list', 'mstui/*')).toBe('');
  });

  it('red then green after one retry: the agent gets the failing checks and the log tail, pushes, CI re-polled', E2E, async () => {
    const g = ghRepo({
      checks: { 'mstui/M1-1.1': [[{ name: 'lint', bucket: 'fail' }], [{ name: 'lint', bucket: 'pass' }]] },
      failedLog: { 'mstui/M1-1.1': 'lint\tsrc/store.js:3 unused variable LOGTAIL-7' },
    });
    const r = await mstui(g.repo.dir, ['run', PLAN, '--headless', '--yes', '--only', '1.1'], g.env, 90_000);
    expect(r.code, show(r)).toBe(0);
    const retry = g.prompts().filter((p) => p.task === '1.1' && p.kind === 'follow-up');
    expect(retry).toHaveLength(1);
    expect(retry[0]?.prompt).toContain('CI failed for Task 1.1');
    expect(retry[0]?.prompt).toContain('Failing checks: lint.');
    expect(retry[0]?.prompt).toContain('LOGTAIL-7');
    const calls = g.calls();
    expect(sub(calls, 'run', 'list')[0]).toEqual(expect.arrayContaining(['--branch', 'mstui/M1-1.1', '--status', 'failure']));
    expect(sub(calls, 'run', 'view')[0]).toContain('--log-failed');
    // One PR, re-polled after the fix was pushed, then merged with the fix in it.
    expect(sub(calls, 'pr', 'create')).toHaveLength(1);
    expect(sub(calls, 'pr', 'merge')).toEqual([['pr', 'merge', '1', '--squash']]);
    expect(git(g.origin, 'show', 'mstui/M1:work/1.1.txt')).toContain('1.1 (CI fix)');
  });

  it('three reds, then the human answers skip: the task and its dependents are skipped', E2E, async () => {
    const g = ghRepo({ checks: { 'mstui/M1-1.1': [[{ name: 'test', bucket: 'fail' }]] } }, {}, { maxRetries: 3 });
    const term = pty.spawn(process.execPath, [CLI, 'run', PLAN, '--headless'], {
      cwd: g.repo.dir,
      cols: 200,
      rows: 50,
      env: { ...process.env, ...GIT_ENV, ...g.env } as Record<string, string>,
    });
    let screen = '';
    term.onData((d) => {
      screen += d;
    });
    const exited = new Promise<number>((res) => term.onExit((e) => res(e.exitCode)));
    let mark = 0;
    /** Waits for `pattern` in what was printed since the last answer, then types `key` + Enter. */
    const answer = async (pattern: RegExp, key: string) => {
      await waitFor(
        () => pattern.test(screen.slice(mark)),
        60_000,
        () => screen.slice(-2000),
      );
      mark = screen.length;
      term.write(`${key}\r`);
    };
    try {
      await answer(/CI failed for 1\.1 \(3 of 3 retries left\)/, 'r');
      for (const left of [2, 1]) await answer(new RegExp(`CI failed for 1\\.1 \\(${left} of 3 retries left\\)`), 'r');
      await answer(/CI failed for 1\.1 \(0 of 3 retries left\).*\[s\]kip \[f\]orce \[c\]ontinue/, 's');
      const code = await exited;
      expect(code, screen.slice(-3000)).toBe(0);
    } finally {
      term.kill();
    }
    // "view log" in headless mode: the failed log's tail comes with each CI question.
    expect(screen).toMatch(/CI log of 1\.1 \(last lines\):\r?\n {2}test\s+FAIL: something broke/);
    expect(screen).toMatch(/Skipped 1\.1 .* skipped by the user/);
    expect(screen).toMatch(/Skipped 1\.2 .* blocked by 1\.1/);
    expect(screen).toMatch(/Skipped 1\.3 .* blocked by 1\.1/);
    const followUps = g.prompts().filter((p) => p.kind === 'follow-up' && p.task === '1.1');
    expect(followUps).toHaveLength(3);
    expect(sub(g.calls(), 'pr', 'merge')).toEqual([]);
  });

  it('preflight: without gh, or logged out, or without the remote, one line says what is missing; nothing is written', E2E, async () => {
    const g = ghRepo({});
    const noGh = {
      ...g.env,
      PATH: (process.env.PATH ?? '')
        .split(':')
        .filter((p) => !existsSync(join(p, 'gh')))
        .join(':'),
    };
    const cases: [Record<string, string>, RegExp][] = [
      [
        noGh,
        /^mstui: ci\.provider is github, but gh \(GitHub CLI\) is not installed or not on PATH: install it from https:\/\/cli\.github\.com/,
      ],
      [{ ...g.env, FAKE_GH_AUTH: 'logged-out' }, /^mstui: ci\.provider is github, but gh is not logged in .*run `gh auth login`/],
    ];
    for (const [env, message] of cases) {
      const r = await mstui(g.repo.dir, ['run', PLAN, '--headless', '--yes'], env);
      expect(r.code, show(r)).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(join(g.repo.dir, '.worktrees'))).toBe(false);
    }
    git(g.repo.dir, 'remote', 'remove', 'origin');
    const r = await mstui(g.repo.dir, ['run', PLAN, '--headless', '--yes'], g.env);
    expect(r.code, show(r)).toBe(2);
    expect(r.stderr).toMatch(/git remote origin does not exist: add it/);
    expect(existsSync(join(g.repo.dir, '.worktrees'))).toBe(false);
  });

  it('a merge makes an in-flight branch conflict: conflict state, the agent resolves it, its PR merges after', E2E, async () => {
    const g = ghRepo({}, { file: 'src/shared.txt' });
    // 1.2 works longer, so it is surely still in flight when 1.1's PR merges (the same file: an add/add conflict).
    scenario(g.repo, { default: { durationMs: 300, followUpMs: 100, file: 'src/shared.txt' }, tasks: { '1.2': { durationMs: 2500 } } });
    g.repo.write(PLAN, PARALLEL_PAIR);
    g.repo.commitAll('two independent tasks');
    git(g.repo.dir, 'push', '-q', 'origin', 'main');
    const r = await mstui(g.repo.dir, ['run', PLAN, '--headless', '--yes', '--parallel', '2', '--json'], g.env, 90_000);
    expect(r.code, show(r)).toBe(0);
    const events = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { type: string; task?: string; files?: string[] });
    const conflict = events.find((e) => e.type === 'MergeConflicted');
    expect(conflict?.files, show(r)).toEqual(['src/shared.txt']);
    expect(conflict?.task).toBe('1.2');
    const loser = '1.2';
    const fix = g.prompts().find((p) => p.task === loser && p.kind === 'follow-up');
    expect(fix?.prompt).toContain('- src/shared.txt');
    expect(sub(g.calls(), 'pr', 'merge')).toHaveLength(2);
    const shared = git(g.origin, 'show', 'mstui/M1:src/shared.txt');
    expect(shared).toMatch(/^Task 1\.1 /m);
    expect(shared).toMatch(/^Task 1\.2 /m);
    expect(shared).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
  });

  it('a failing integration test on the merged integration branch fails the run (--yes): exit 1, its output kept', E2E, async () => {
    const g = ghRepo({}, {}, { commands: { test: 'true', integration: 'echo "smoke: checkout flow broke"; exit 5' } });
    const r = await mstui(g.repo.dir, ['run', PLAN, '--headless', '--yes', '--only', '1.1'], g.env, 90_000);
    expect(r.code, show(r)).toBe(1);
    expect(r.stdout).toContain('Integration test FAILED: smoke: checkout flow broke');
    expect(sub(g.calls(), 'pr', 'merge')).toEqual([['pr', 'merge', '1', '--squash']]);
    expect(readFileSync(join(g.repo.dir, '.worktrees', '.mstui', 'report-M1.md'), 'utf8')).toMatch(/## Integration test\s+❌/);
  });
});
