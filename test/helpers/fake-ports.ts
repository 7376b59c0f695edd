/**
 * In-memory ports for engine tests, and the run facts (EngineSetup) they work on. The git, runner, store, pty and clock
 * fakes live in their own files and are re-exported here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLine } from '../../src/adapters/hook-inbox.js';
import type { Check } from '../../src/core/checks.js';
import { DEFAULT_PROFILES } from '../../src/core/config.js';
import type { Plan, Task } from '../../src/core/plan/model.js';
import type { PullRequest } from '../../src/core/scheduler/types.js';
import { layoutFor } from '../../src/engine/layout.js';
import type { EngineDeps, EngineSetup, ReviewSetup } from '../../src/engine/setup.js';
import type { DiskUsage, FileWatch, GitHub, HookBatch, HookInbox, Timers } from '../../src/ports.js';
import { type FakeClock, fakeClock } from './fake-clock.js';
import { type MemoryGit, memoryGit } from './fake-git.js';
import { type FakePty, fakePty } from './fake-pty.js';
import { type RecordingRunner, recordingRunner } from './fake-runner.js';
import { type MemoryStore, memoryStore } from './fake-store.js';

export * from './fake-clock.js';
export * from './fake-git.js';
export * from './fake-pty.js';
export * from './fake-runner.js';
export * from './fake-store.js';

// ── hook files ───────────────────────────────────────────────────────────────────────────────────────────────

export interface MemoryInbox extends HookInbox {
  /** Appends raw text to a hook file (a torn write is just text without its newline). */
  append(file: string, text: string): void;
  /** Appends one record as a whole JSON line. */
  line(file: string, record: Record<string, unknown>): void;
  /** The file's size in bytes (offsets are bytes, as on disk). */
  size(file: string): Promise<number>;
  /** Every read, in order. */
  readonly reads: { file: string; offset: number }[];
}

/** Hook files as in-memory strings, read exactly as src/adapters/hook-inbox.ts readHooks reads them from disk. */
export function memoryInbox(): MemoryInbox {
  const files = new Map<string, Buffer>();
  const reads: { file: string; offset: number }[] = [];
  const inbox: MemoryInbox = {
    reads,
    append: (file, text) => void files.set(file, Buffer.concat([files.get(file) ?? Buffer.alloc(0), Buffer.from(text)])),
    line: (file, record) => inbox.append(file, `${JSON.stringify(record)}\n`),
    size: async (file) => files.get(file)?.length ?? 0,
    sizes: async (wanted) => new Map(wanted.flatMap((f) => (files.has(f) ? [[f, files.get(f)?.length ?? 0] as const] : []))),
    async read(file, offset): Promise<HookBatch> {
      reads.push({ file, offset });
      const all = files.get(file);
      if (!all || all.length <= offset) return { records: [], offset };
      const buf = all.subarray(offset);
      const records: HookBatch['records'] = [];
      let start = 0;
      for (let i = 0; i < buf.length; i++) {
        if (buf[i] !== 0x0a) continue;
        const line = buf.subarray(start, i).toString('utf8').trim();
        start = i + 1;
        const rec = line ? parseLine(line) : null;
        if (rec) records.push({ record: rec, end: offset + start });
      }
      return { records, offset: offset + start };
    },
  };
  return inbox;
}

// ── file watching, timers, disk ──────────────────────────────────────────────────────────────────────────────

export interface FakeWatch extends FileWatch {
  /** Folders being watched now. */
  watched(): string[];
  /** Tells the watchers of `path`'s folder that it changed. */
  change(path: string): void;
}

export function fakeWatch(): FakeWatch {
  const watchers = new Set<{ dir: string; onChange: (path: string) => void }>();
  const watch: FileWatch['watch'] = async (dir, onChange) => {
    const w = { dir, onChange };
    watchers.add(w);
    return { close: async () => void watchers.delete(w) };
  };
  return {
    watch,
    watchAppends: watch,
    watched: () => [...watchers].map((w) => w.dir),
    change(path) {
      for (const w of watchers) if (path.startsWith(`${w.dir}/`) && !path.slice(w.dir.length + 1).includes('/')) w.onChange(path);
    },
  };
}

/** Timers on the fake clock: `every` fires only when the clock is advanced. */
export const clockTimers = (clock: FakeClock): Timers => ({
  every(ms, fn) {
    const handle = clock.setInterval(fn, ms);
    return () => clock.clear(handle);
  },
});

// ── GitHub ───────────────────────────────────────────────────────────────────────────────────────────────────

export interface FakeGitHub extends GitHub {
  readonly calls: { op: keyof GitHub; args: unknown[] }[];
  prs: Map<string, PullRequest>;
  prState: Map<number, string>;
  /** Answers of successive `checks` polls (the last one repeats). */
  checkPolls: (Check[] | null)[];
  failedLogText: string;
  /** Called when a PR is merged (a test moves the remote branch here, as GitHub would). */
  onMerge: (pr: number) => void;
}

export function fakeGitHub(): FakeGitHub {
  const calls: FakeGitHub['calls'] = [];
  const rec = <T>(op: keyof GitHub, args: unknown[], answer: () => T): T => {
    calls.push({ op, args });
    return answer();
  };
  const gh: FakeGitHub = {
    calls,
    prs: new Map(),
    prState: new Map(),
    checkPolls: [null],
    failedLogText: '',
    onMerge: () => {},
    findPr: async (cwd, branch) => rec('findPr', [cwd, branch], () => gh.prs.get(branch) ?? null),
    async createPr(cwd, pr) {
      calls.push({ op: 'createPr', args: [cwd, pr] });
      const made: PullRequest = { number: 100 + gh.prs.size, url: `https://example.invalid/pull/${100 + gh.prs.size}` };
      gh.prs.set(pr.head, made);
      gh.prState.set(made.number, 'OPEN');
      return made;
    },
    checks: async (cwd, pr) =>
      rec('checks', [cwd, pr], () => (gh.checkPolls.length > 1 ? (gh.checkPolls.shift() ?? null) : (gh.checkPolls[0] ?? null))),
    failedLog: async (cwd, branch, lines) => rec('failedLog', [cwd, branch, lines], () => gh.failedLogText),
    async merge(cwd, pr) {
      calls.push({ op: 'merge', args: [cwd, pr] });
      gh.prState.set(pr, 'MERGED');
      gh.onMerge(pr);
    },
    state: async (cwd, pr) => rec('state', [cwd, pr], () => gh.prState.get(pr) ?? 'OPEN'),
  };
  return gh;
}

// ── a run's facts ────────────────────────────────────────────────────────────────────────────────────────────

export const task = (id: string, title: string, deps: string[] = []): Task =>
  ({
    id,
    title,
    kind: 'coding',
    rawType: null,
    deps,
    files: [],
    done: false,
    loc: { file: 'plans/M1.md', line: 1 },
    body: `Do ${title}.`,
  }) as Task;

export const planOf = (tasks: Task[]): Plan =>
  ({ milestone: { id: 'M1', title: 'One', source: 'plans/M1.md', format: 'markdown' }, tasks, warnings: [] }) as unknown as Plan;

export const HANDOFF_REL = 'plans/HANDOFF_M1.md';

export const localReview = (over: Partial<ReviewSetup> = {}): ReviewSetup => ({
  provider: 'local',
  remote: 'origin',
  target: 'integration',
  pollMs: 10_000,
  pollMaxMs: 120_000,
  ciCommand: undefined,
  preMerge: undefined,
  integrationCommand: undefined,
  updateMode: 'rebase',
  deleteBranches: false,
  limits: { taskMs: 3_600_000, stallMs: 600_000, diskPercent: 90, quietMs: 30_000 },
  ...over,
});

/** A temporary repository folder (the engine writes its logs under `.worktrees/.mstui`); `remove` deletes it. */
export function tempRepoDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mstui-engine-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function engineSetup(repo: string, tasks: Task[], over: Partial<EngineSetup> = {}): EngineSetup {
  return {
    plan: planOf(tasks),
    layout: layoutFor(repo, 'M1'),
    runId: 1,
    base: 'main',
    planRel: 'plans/M1.md',
    handoffRel: HANDOFF_REL,
    profile: DEFAULT_PROFILES.claude as EngineSetup['profile'],
    prompts: {},
    commands: [],
    testCommand: undefined,
    review: localReview(),
    env: { PATH: '/usr/bin:/bin' },
    warn: () => {},
    ask: () => {},
    ...over,
  };
}

export interface FakeDeps extends EngineDeps {
  runner: RecordingRunner;
  git: MemoryGit;
  pty: FakePty;
  store: MemoryStore;
  github: FakeGitHub;
  hookInbox: MemoryInbox;
  watch: FakeWatch;
  clock: FakeClock;
  /** What `disk` answers (null: cannot be told). */
  diskPercent: number | null;
}

/** Every port in memory; `git` starts with `main` holding `files`, checked out at `repo`. */
export function fakeDeps(repo: string, over: { files?: Record<string, string>; runner?: RecordingRunner } = {}): FakeDeps {
  const git = memoryGit({ repo, files: over.files ?? {} });
  const clock = fakeClock();
  const deps: FakeDeps = {
    runner: over.runner ?? recordingRunner(),
    git,
    files: git.files,
    pty: fakePty(),
    store: memoryStore(),
    github: fakeGitHub(),
    hookInbox: memoryInbox(),
    watch: fakeWatch(),
    timers: clockTimers(clock),
    disk: ((path) => (deps.diskPercent === null ? null : { percent: deps.diskPercent, path })) satisfies DiskUsage,
    diskPercent: null,
    clock,
    now: clock.now,
    sleep: clock.sleep,
  };
  return deps;
}
