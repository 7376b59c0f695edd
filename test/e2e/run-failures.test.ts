/**
 * `mstui run --headless` failure paths end to end: the built CLI, real git worktrees, real ptys, the scripted
 * agent. Each test builds its own throwaway repo; scenarios are short so the file runs in well under a minute.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '../../src/engine/lock.js';
import { CLI, DIAMOND_PLAN, git, scenario, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { mstui, type RunResult, type SpawnedCli, spawnMstui } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';

const E2E = { timeout: 90_000 };
const PLAN = 'plans/M1_diamond.md';

const repos: TempRepo[] = [];
const alive: SpawnedCli[] = [];

/** A repo with `plan` committed at plans/M1_diamond.md and a `.mstui.json` for the scripted agent. */
function planRepo(plan: string, config: Record<string, unknown> = {}): TempRepo {
  const repo = tempRepo('mstui-fail-');
  repos.push(repo);
  repo.write(PLAN, plan);
  repo.write('.mstui.json', scriptedConfig(config));
  repo.commitAll('plan');
  return repo;
}

/** The prompts the scripted agent received (env SCRIPTED_AGENT_LOG), one entry per typed or argv prompt. */
interface PromptEntry {
  task: string | null;
  kind: string;
  prompt: string;
}
function agentLog(repo: TempRepo): { env: Record<string, string>; entries: () => PromptEntry[] } {
  const path = join(repo.dir, '.git', 'scripted-agent-prompts.jsonl');
  return {
    env: { SCRIPTED_AGENT_LOG: path },
    entries: () =>
      existsSync(path)
        ? readFileSync(path, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as PromptEntry)
        : [],
  };
}

const worktreesDir = (repo: TempRepo) => join(repo.dir, '.worktrees');
const stateFile = (repo: TempRepo, rel: string) => join(repo.dir, '.worktrees', '.mstui', rel);
const mstuiBranches = (repo: TempRepo) => git(repo.dir, 'branch', '--list', 'mstui/*');
/** Subjects of the commits merged into the integration branch, oldest first. */
const merged = (repo: TempRepo) =>
  git(repo.dir, 'log', '--format=%s', '--reverse', 'main..mstui/M1')
    .split('\n')
    .filter(Boolean)
    .map((s) => /^Task (\S+):/.exec(s)?.[1]);
const show = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/** Three tasks without dependencies; 1.1 and 1.2 declare the same file. */
const OVERLAP_PLAN = `# Milestone 1: Overlap

## Task 1.1: First writer
**Type:** CODING
**Depends on:** none
**Files:** \`src/shared.js\`

## Task 1.2: Second writer
**Type:** CODING
**Depends on:** none
**Files:** \`src/shared.js\`

## Task 1.3: Elsewhere
**Type:** CODING
**Depends on:** none
**Files:** \`src/other.js\`
`;

const TWO_TASKS = `# Milestone 1: Two

## Task 1.1: Fine task
**Type:** CODING
**Depends on:** none

## Task 1.2: Forgetful task
**Type:** CODING
**Depends on:** none
`;

const ONE_TASK = `# Milestone 1: One

## Task 1.1: Only task
**Type:** CODING
**Depends on:** none
`;

const CYCLE_PLAN = `# Milestone 1: Cycle

## Task 1.1: Chicken
**Depends on:** 1.2

## Task 1.2: Egg
**Depends on:** 1.1
`;

beforeAll(() => {
  expect(existsSync(CLI), `${CLI} is missing: run npx tsc -p tsconfig.build.json`).toBe(true);
});
afterEach(async () => {
  for (const p of alive.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
  }
  for (const r of repos.splice(0)) r.cleanup();
});

describe('mstui run --headless: failures', () => {
  it('an agent exiting non-zero fails its task, skips its dependents, merges the rest and exits 1', E2E, async () => {
    const repo = planRepo(DIAMOND_PLAN);
    const sc = scenario(repo, { default: { durationMs: 300 }, tasks: { '1.2': { exitCode: 3 } } });
    const r = await mstui(repo.dir, ['run', PLAN, '--headless', '--parallel', '2', '--yes'], { SCRIPTED_AGENT_SCENARIO: sc });
    expect(r.code, show(r)).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^FAILED: 1\.2 \[\d\/6\] - agent exited with code 3$/m);
    expect(r.stdout).toMatch(/^Skipped 1\.4 \[\d\/6\] - blocked by 1\.2$/m);
    expect(r.stdout).toMatch(/^Skipped 1\.6 \[\d\/6\] - blocked by 1\.2$/m);
    expect(r.stdout).toMatch(/^Run finished with failures: 3 merged, 0 already done, 1 failed, 2 skipped, 0 remaining$/m);
    expect(merged(repo).sort()).toEqual(['1.1', '1.3', '1.5']);

    const failure = readFileSync(stateFile(repo, 'failures/1.2.md'), 'utf8');
    expect(failure).toMatch(/^# Task 1\.2 failed: Left branch$/m);
    expect(failure).toContain('- Agent exit code: 3');
    expect(failure).toContain('- Reason: agent exited with code 3');
    expect(failure).toMatch(/^## How to resume$/m);
    expect(failure).toContain(`mstui run ${PLAN} --from 1.2`);
    // Only the failed task gets a failure file; skipped ones were never started.
    expect(existsSync(stateFile(repo, 'failures/1.4.md'))).toBe(false);
    expect(existsSync(join(worktreesDir(repo), 'M1-1.4'))).toBe(false);
  });

  it('a handoff never written: follow-up prompts, then with --yes the task fails (exit 1)', E2E, async () => {
    const repo = planRepo(TWO_TASKS, { maxRetries: 1 });
    const sc = scenario(repo, { default: { durationMs: 200, followUpMs: 100 }, tasks: { '1.2': { skipHandoff: 'always' } } });
    const log = agentLog(repo);
    const r = await mstui(repo.dir, ['run', PLAN, '--headless', '--yes'], { SCRIPTED_AGENT_SCENARIO: sc, ...log.env });
    expect(r.code, show(r)).toBe(1);
    expect(r.stdout).toMatch(/^FAILED: 1\.2 \[2\/2\] - no handoff section after the follow-up prompt$/m);
    expect(merged(repo)).toEqual(['1.1']);

    const prompts = log.entries().filter((e) => e.task === '1.2');
    expect(prompts[0]?.kind).toBe('initial');
    const followUps = prompts.filter((e) => e.kind === 'follow-up');
    // One automatic follow-up, then maxRetries (1) more because of --yes.
    expect(followUps).toHaveLength(2);
    for (const f of followUps) {
      expect(f.prompt).toContain(
        'Task 1.2 (Forgetful task) is not finished: the handoff file has no "## Task 1.2 Complete: Forgetful task" section',
      );
    }
    // The task that wrote its handoff was never followed up.
    expect(log.entries().filter((e) => e.task === '1.1' && e.kind === 'follow-up')).toEqual([]);
    expect(readFileSync(stateFile(repo, 'failures/1.2.md'), 'utf8')).toContain('no handoff section');
  });

  it('a handoff never written, without --yes and without a terminal: asks, saves the state, exits 3', E2E, async () => {
    const repo = planRepo(TWO_TASKS);
    const sc = scenario(repo, { default: { durationMs: 200, followUpMs: 100 }, tasks: { '1.2': { skipHandoff: 'always' } } });
    const log = agentLog(repo);
    const r = await mstui(repo.dir, ['run', PLAN, '--headless', '--only', '1.2'], { SCRIPTED_AGENT_SCENARIO: sc, ...log.env });
    expect(r.code, show(r)).toBe(3);
    expect(r.stdout).toMatch(
      /^Question: 1\.2 stopped without writing its handoff section\. Ask the agent again\? \[r\]etry \[s\]kip \[f\]orce \[x\] abort$/m,
    );
    expect(r.stdout).toContain('No terminal to answer on: state saved.');
    expect(r.stdout).toMatch(/^Run waiting for a decision: 0 merged/m);
    // The automatic follow-up came first; the human is asked only after it.
    expect(log.entries().filter((e) => e.task === '1.2' && e.kind === 'follow-up')).toHaveLength(1);
    expect(existsSync(stateFile(repo, 'state.db'))).toBe(true);
    expect(existsSync(stateFile(repo, 'lock'))).toBe(false);
    expect(existsSync(stateFile(repo, 'failures/1.2.md'))).toBe(false);
  });

  it('tests failing once pass after the retry prompt carrying their output (exit 0, work merged)', E2E, async () => {
    // grep without -q: the failing check prints the offending line, which must reach the agent.
    const repo = planRepo(ONE_TASK, { commands: { test: '! grep -rs FAIL work/' } });
    const sc = scenario(repo, { default: { durationMs: 300, followUpMs: 100, failTests: true } });
    const log = agentLog(repo);
    const r = await mstui(repo.dir, ['run', PLAN, '--headless', '--yes'], { SCRIPTED_AGENT_SCENARIO: sc, ...log.env });
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/^Retrying 1\.1 \[1\/1\] - tests failed \(exit 1\) \(retry 1\)$/m);
    expect(r.stdout).toMatch(/^Completed 1\.1 \[1\/1\]/m);

    const followUps = log.entries().filter((e) => e.task === '1.1' && e.kind === 'follow-up');
    expect(followUps).toHaveLength(1);
    expect(followUps[0]?.prompt).toContain('The tests check failed for Task 1.1.');
    expect(followUps[0]?.prompt).toContain('work/1.1.status:FAIL');

    expect(merged(repo)).toEqual(['1.1']);
    expect(git(repo.dir, 'show', 'mstui/M1:work/1.1.status')).toBe('PASS');
    expect(git(repo.dir, 'show', 'mstui/M1:work/1.1.txt')).toMatch(/^Task 1\.1 /);
    expect(git(repo.dir, 'show', 'mstui/M1:plans/HANDOFF_M1.md')).toContain('## Task 1.1 Complete: Only task');
  });

  it('a permission prompt is never auto-approved by --yes: Question, state saved, exit 3', E2E, async () => {
    const repo = planRepo(ONE_TASK);
    const sc = scenario(repo, { default: { durationMs: 400, askPermission: true, permissionCommand: 'npm test' } });
    const r = await mstui(repo.dir, ['run', PLAN, '--headless', '--yes'], { SCRIPTED_AGENT_SCENARIO: sc });
    expect(r.code, show(r)).toBe(3);
    expect(r.stdout).toMatch(/^Question: 1\.1 asks for permission: Bash: npm test \[y\] approve de\[n\]y$/m);
    expect(r.stdout).toContain('No terminal to answer on: state saved.');
    expect(existsSync(stateFile(repo, 'state.db'))).toBe(true);
    // The agent never got past the dialog: the command did not run, nothing was merged.
    expect(readFileSync(stateFile(repo, 'logs/1.1.log'), 'utf8')).not.toContain('3 passed');
    expect(merged(repo)).toEqual([]);

    // The state was saved: the same command resumes run 1 (the resumed agent carries on past the tool call).
    const again = await mstui(repo.dir, ['run', PLAN, '--headless', '--yes'], { SCRIPTED_AGENT_SCENARIO: sc });
    expect(again.code, show(again)).toBe(0);
    expect(again.stdout).toMatch(/^Run 1: M1 /m);
    expect(merged(repo)).toEqual(['1.1']);
  });

  it('a permission prompt with "permissions": "approve" is answered and the run completes (exit 0)', E2E, async () => {
    const repo = planRepo(ONE_TASK, { permissions: 'approve' });
    const sc = scenario(repo, { default: { durationMs: 400, askPermission: true, permissionCommand: 'npm test' } });
    const r = await mstui(repo.dir, ['run', PLAN, '--headless', '--yes'], { SCRIPTED_AGENT_SCENARIO: sc });
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).not.toContain('Question:');
    expect(readFileSync(stateFile(repo, 'hooks/1.1.jsonl'), 'utf8')).toContain('"hook_event_name":"PermissionRequest"');
    expect(readFileSync(stateFile(repo, 'logs/1.1.log'), 'utf8')).toContain('3 passed');
    expect(merged(repo)).toEqual(['1.1']);
  });

  it('tasks declaring the same file never run at the same time, others run beside them', E2E, async () => {
    const repo = planRepo(OVERLAP_PLAN);
    // Both writers append to the same new file: run concurrently, their merges would conflict.
    const sc = scenario(repo, {
      default: { durationMs: 800 },
      tasks: { '1.1': { file: 'src/shared.js' }, '1.2': { file: 'src/shared.js' }, '1.3': { file: 'src/other.js' } },
    });
    const r = await mstui(repo.dir, ['run', PLAN, '--headless', '--json', '--parallel', '3', '--yes'], { SCRIPTED_AGENT_SCENARIO: sc });
    expect(r.code, show(r)).toBe(0);
    const events = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; task?: string; at: string });
    /** [start, end] of a task as positions in the event stream (dispatch order) and as times. */
    const span = (task: string) => {
      const start = events.findIndex((e) => e.type === 'TaskStarted' && e.task === task);
      const end = events.findIndex((e) => e.type === 'Merged' && e.task === task);
      expect(start, `${task} started`).toBeGreaterThanOrEqual(0);
      expect(end, `${task} merged`).toBeGreaterThan(start);
      return { start, end, startAt: Date.parse(events[start]?.at ?? ''), endAt: Date.parse(events[end]?.at ?? '') };
    };
    const [a, b, c] = [span('1.1'), span('1.2'), span('1.3')];
    const [first, second] = a.start < b.start ? [a, b] : [b, a];
    // The overlapping pair: one after the other.
    expect(second.start).toBeGreaterThan(first.end);
    expect(second.startAt).toBeGreaterThanOrEqual(first.endAt);
    // The third ran beside one of them.
    const overlaps = (x: typeof a, y: typeof a) => x.start < y.end && y.start < x.end;
    expect(overlaps(c, first) || overlaps(c, second)).toBe(true);

    expect(merged(repo).sort()).toEqual(['1.1', '1.2', '1.3']);
    const shared = git(repo.dir, 'show', 'mstui/M1:src/shared.js').split('\n');
    expect(shared.map((l) => l.split(' ').slice(0, 2).join(' ')).sort()).toEqual(['Task 1.1', 'Task 1.2']);
  });

  it('refuses a cycle, an uncommitted plan and a dirty checkout before writing anything (exit 2)', E2E, async () => {
    const untouched = (repo: TempRepo) => {
      expect(existsSync(worktreesDir(repo))).toBe(false);
      expect(mstuiBranches(repo)).toBe('');
      expect(readFileSync(join(repo.dir, '.git/info/exclude'), 'utf8')).not.toContain('.worktrees/');
    };
    const oneLine = (r: RunResult) => {
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    };
    const args = ['run', PLAN, '--headless', '--yes'];

    const cyclic = planRepo(CYCLE_PLAN);
    const c = await mstui(cyclic.dir, args);
    expect(c.code, show(c)).toBe(2);
    oneLine(c);
    expect(c.stderr).toMatch(/^mstui: .*cycle.*1\.1.*1\.2/);
    untouched(cyclic);

    const uncommitted = tempRepo('mstui-fail-');
    repos.push(uncommitted);
    uncommitted.write('.mstui.json', scriptedConfig());
    uncommitted.commitAll('config');
    uncommitted.write(PLAN, ONE_TASK);
    const u = await mstui(uncommitted.dir, args);
    expect(u.code, show(u)).toBe(2);
    oneLine(u);
    expect(u.stderr).toContain(`${PLAN} is not committed on main`);
    untouched(uncommitted);

    const dirty = planRepo(ONE_TASK);
    dirty.write('README.md', '# changed but not committed\n');
    const d = await mstui(dirty.dir, args);
    expect(d.code, show(d)).toBe(2);
    oneLine(d);
    expect(d.stderr).toContain('uncommitted changes');
    expect(d.stderr).toContain('README.md');
    untouched(dirty);

    // The default agent (claude) is not on PATH: one line naming it and how to install it, before anything is written.
    const noAgent = tempRepo('mstui-fail-');
    repos.push(noAgent);
    noAgent.write(PLAN, ONE_TASK);
    noAgent.commitAll('plan');
    // A PATH with git and node only (whatever else the machine has installed).
    const bin = join(noAgent.dir, '.git', 'bin');
    mkdirSync(bin);
    symlinkSync(execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim(), join(bin, 'git'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const n = await mstui(noAgent.dir, args, { PATH: bin });
    expect(n.code, show(n)).toBe(2);
    oneLine(n);
    expect(n.stderr.trim()).toBe(
      'mstui: agent claude: `claude` is not on PATH: install it (npm install -g @anthropic-ai/claude-code), or choose another agent in .mstui.json ("agent", "agents.<name>.command")',
    );
    untouched(noAgent);
  });

  it('--dry-run prints waves and branches and writes nothing', E2E, async () => {
    const repo = planRepo(DIAMOND_PLAN);
    const r = await mstui(repo.dir, ['run', PLAN, '--headless', '--dry-run', '--parallel', '2']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^Dry run: M1 — Milestone 1: Diamond \(parallel 2\); nothing is written\.$/);
    expect(r.stdout).toContain('Integration: mstui/M1 at .worktrees/M1');
    const waves = lines.filter((l) => /^Wave \d+$/.test(l));
    expect(waves.length).toBeGreaterThanOrEqual(3);
    for (const id of ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6']) {
      expect(r.stdout).toContain(`  ${id}  mstui/M1-${id}  .worktrees/M1-${id}`);
    }
    // 1.1 is in the first wave, 1.6 in the last.
    const waveOf = (id: string) =>
      lines
        .slice(
          0,
          lines.findIndex((l) => l.startsWith(`  ${id} `)),
        )
        .filter((l) => /^Wave /.test(l)).length;
    expect(waveOf('1.1')).toBe(1);
    expect(waveOf('1.6')).toBe(waves.length);
    expect(existsSync(worktreesDir(repo))).toBe(false);
    expect(mstuiBranches(repo)).toBe('');
    expect(git(repo.dir, 'status', '--porcelain')).toBe('');
  });

  it('--json prints only JSON lines', E2E, async () => {
    const repo = planRepo(DIAMOND_PLAN);
    const sc = scenario(repo, { default: { durationMs: 200 }, tasks: { '1.5': { exitCode: 2 } } });
    const r = await mstui(repo.dir, ['run', PLAN, '--headless', '--json', '--parallel', '2', '--yes'], { SCRIPTED_AGENT_SCENARIO: sc });
    expect(r.code, show(r)).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBeGreaterThan(10);
    const events = lines.map((l, i) => {
      let e: { type?: unknown; at?: unknown; task?: unknown; status?: unknown } = {};
      expect(
        () => {
          e = JSON.parse(l);
        },
        `stdout line ${i + 1} is not JSON: ${l}`,
      ).not.toThrow();
      expect(typeof e.type).toBe('string');
      expect(Number.isNaN(Date.parse(String(e.at)))).toBe(false);
      return e;
    });
    expect(events[0]?.type).toBe('RunResumed');
    expect(events).toContainEqual(expect.objectContaining({ type: 'AgentExited', task: '1.5', status: 'failed' }));
    expect(events).toContainEqual(expect.objectContaining({ type: 'Merged', task: '1.4', status: 'merged' }));
  });

  it('a second mstui on the same repo refuses while the first is alive; SIGTERM stops the first with its state saved', E2E, async () => {
    const repo = planRepo(ONE_TASK);
    const sc = scenario(repo, { default: { durationMs: 60_000 } });
    const args = ['run', PLAN, '--headless', '--yes'];
    const first = spawnMstui(repo.dir, args, { SCRIPTED_AGENT_SCENARIO: sc });
    alive.push(first);
    const lock = stateFile(repo, 'lock');
    await waitFor(
      () => existsSync(lock) && /^Starting 1\.1/m.test(first.stdout()),
      20_000,
      () => first.stdout() + first.stderr(),
    );
    expect(readFileSync(lock, 'utf8').trim()).toBe(String(first.child.pid));

    const second = await mstui(repo.dir, args, { SCRIPTED_AGENT_SCENARIO: sc });
    expect(second.code, show(second)).toBe(2);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(new RegExp(`^mstui: another mstui \\(pid ${first.child.pid}\\) is already running in this repository`));
    // The refused run left the first one's lock alone.
    expect(readFileSync(lock, 'utf8').trim()).toBe(String(first.child.pid));

    // Agent pid as recorded by the first run, to check it is ended too.
    const db = new Database(stateFile(repo, 'state.db'), { readonly: true, fileMustExist: true });
    const agentPid = await waitFor(
      () => (db.prepare("SELECT pid FROM agents WHERE task = '1.1'").get() as { pid: number | null } | undefined)?.pid,
      10_000,
      'the agent pid in state.db',
    );
    db.close();

    first.child.kill('SIGTERM');
    const code = await first.exited;
    expect(first.child.signalCode, 'mstui handled SIGTERM itself').toBeNull();
    expect([130, 143], first.stdout() + first.stderr()).toContain(code);
    expect(first.stdout()).toContain('SIGTERM: stopping agents; state saved. Run the same command to resume.');
    expect(first.stdout()).toMatch(/^Run stopped: 0 merged/m);
    expect(existsSync(lock)).toBe(false);
    await waitFor(() => !isAlive(agentPid), 3000, `agent pid ${agentPid} still alive after mstui exited`);
  });
});
