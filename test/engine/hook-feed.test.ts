/**
 * Hook files → events (HookFeed) over an in-memory inbox and store: order and byte offsets, torn and partial lines,
 * records that map to no event, and nothing dispatched once the run is stopping. Plus the inbox fake's contract: it
 * reads exactly what the real readHooks reads from a file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readHooks } from '../../src/adapters/hook-inbox.js';
import type { Event } from '../../src/core/scheduler/types.js';
import { HookFeed } from '../../src/engine/hook-feed.js';
import { deferred, fakeClock, flush, memoryInbox, memoryStore, tempRepoDir } from '../helpers/fake-ports.js';
import { waitFor } from '../helpers/wait-for.js';

const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

const FILE = '/state/hooks/1.1.jsonl';
const line = (r: Record<string, unknown>) => `${JSON.stringify(r)}\n`;
const START = line({ hook_event_name: 'SessionStart', session_id: 's1' });
const PROMPT = line({ hook_event_name: 'UserPromptSubmit', session_id: 's1' });
const PERMISSION = line({ hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: { command: 'echo é' } });
const STOP = line({ hook_event_name: 'Stop', session_id: 's1', transcript_path: '/t/s1.jsonl' });
const bytes = (...parts: string[]) => Buffer.byteLength(parts.join(''));

function world() {
  const store = memoryStore();
  const inbox = memoryInbox();
  const clock = fakeClock();
  const run = store.createRun('M1', 'plans/M1.md', 'main', clock.now());
  const timeline: string[] = [];
  const warnings: string[] = [];
  const dispatched: { event: Event; hook: { task: string; offset: number } }[] = [];
  const s = { stop: false, checks: 0, beforeIdle: async (_task: string) => {}, failRead: null as Error | null };
  const feed = new HookFeed({
    store,
    inbox: { read: (file, offset) => (s.failRead ? Promise.reject(s.failRead) : inbox.read(file, offset)), sizes: inbox.sizes },
    runId: run.id,
    path: (task) => `/state/hooks/${task}.jsonl`,
    hooks: 'claude',
    stopping: () => {
      s.checks++;
      return s.stop;
    },
    dispatch(event, hook) {
      timeline.push(`dispatch ${event.type}`);
      dispatched.push({ event, hook });
      store.append(run.id, clock.now(), event, hook);
    },
    beforeIdle: async (task) => {
      timeline.push(`beforeIdle ${task}`);
      await s.beforeIdle(task);
    },
    warn: (m) => void warnings.push(m),
    transcript: async (task, session, path) => void timeline.push(`transcript ${task} ${session} ${path}`),
    now: clock.now,
  });
  const probeReads = () => inbox.reads.filter((r) => r.file === '/state/hooks/probe.jsonl').length;
  /** Pulls 1.1 and waits until that read is over: reads are queued, so a probe's read starts only after it. */
  const pull = async () => {
    const before = probeReads();
    feed.pull('1.1');
    feed.pull('probe');
    await waitFor(
      () => probeReads() > before,
      5000,
      () => `reads: ${JSON.stringify(inbox.reads)}`,
    );
  };
  return { store, inbox, run, feed, s, timeline, warnings, dispatched, pull, offset: () => store.hookOffset(run.id, '1.1') };
}

describe('HookFeed', () => {
  it('a new run starts each hook file at its end: an earlier run’s lines are not this run’s events', async () => {
    const w = world();
    w.inbox.line('/state/hooks/1.1.jsonl', { hook_event_name: 'Stop', session_id: 'old-run' });
    expect(await w.feed.existing(['1.1', 'none-yet'], true)).toEqual(['1.1']);
    expect(w.offset()).toBe(await w.inbox.size('/state/hooks/1.1.jsonl'));
    expect(w.store.hookOffset(w.run.id, 'none-yet')).toBe(0);
    await w.pull();
    expect(w.dispatched).toEqual([]);
    w.inbox.line('/state/hooks/1.1.jsonl', { hook_event_name: 'UserPromptSubmit', session_id: 'new-run', prompt: 'p' });
    await w.pull();
    expect(w.dispatched.map((d) => d.event.type)).toEqual(['AgentBusy']);
  });

  it('a resumed run reads from the stored offsets: only the tasks with a hook file are read at the start', async () => {
    const w = world();
    w.inbox.line('/state/hooks/1.1.jsonl', { hook_event_name: 'UserPromptSubmit', session_id: 's', prompt: 'p' });
    expect(await w.feed.existing(['none-yet', '1.1'], false)).toEqual(['1.1']);
    expect(w.offset()).toBe(0);
    await w.pull();
    expect(w.dispatched.map((d) => d.event.type)).toEqual(['AgentBusy']);
  });

  it('dispatches events in file order, each with the byte offset after its line; the transcript and handoff check come first', async () => {
    const w = world();
    w.inbox.append(FILE, START + PERMISSION + STOP);
    await w.pull();
    expect(w.dispatched).toEqual([
      { event: { type: 'AgentBusy', task: '1.1' }, hook: { task: '1.1', offset: bytes(START) } },
      { event: { type: 'AgentWaiting', task: '1.1', detail: 'Bash: echo é' }, hook: { task: '1.1', offset: bytes(START, PERMISSION) } },
      { event: { type: 'AgentIdle', task: '1.1' }, hook: { task: '1.1', offset: bytes(START, PERMISSION, STOP) } },
    ]);
    expect(bytes(PERMISSION)).toBe(PERMISSION.length + 1);
    expect(w.timeline).toEqual([
      'dispatch AgentBusy',
      'dispatch AgentWaiting',
      'transcript 1.1 s1 /t/s1.jsonl',
      'beforeIdle 1.1',
      'dispatch AgentIdle',
    ]);
    // The next read starts where the last event was recorded: only the new line.
    w.inbox.append(FILE, PROMPT);
    await w.pull();
    expect(w.dispatched.slice(3)).toEqual([
      { event: { type: 'AgentBusy', task: '1.1' }, hook: { task: '1.1', offset: bytes(START, PERMISSION, STOP, PROMPT) } },
    ]);
    expect(w.inbox.reads.filter((r) => r.file === FILE).map((r) => r.offset)).toEqual([0, bytes(START, PERMISSION, STOP)]);
    expect(w.warnings).toEqual([]);
  });

  it('a torn line costs only itself: the event after it is dispatched, with its own offset', async () => {
    const w = world();
    const torn = '{"hook_event_name":"Stop","sess\n';
    w.inbox.append(FILE, START + torn + PROMPT);
    await w.pull();
    expect(w.dispatched.map((d) => [d.event.type, d.hook.offset])).toEqual([
      ['AgentBusy', bytes(START)],
      ['AgentBusy', bytes(START, torn, PROMPT)],
    ]);
    expect(w.offset()).toBe(bytes(START, torn, PROMPT));
  });

  it('a torn fragment with a whole record appended on its line (an older hook command) still yields the record', async () => {
    const w = world();
    w.inbox.append(FILE, `{"hook_event_na${STOP}`);
    await w.pull();
    expect(w.dispatched.map((d) => d.event)).toEqual([{ type: 'AgentIdle', task: '1.1' }]);
  });

  it('a partial last line waits for its newline', async () => {
    const w = world();
    w.inbox.append(FILE, START + PROMPT.slice(0, 20));
    await w.pull();
    expect(w.dispatched.map((d) => d.hook.offset)).toEqual([bytes(START)]);
    w.inbox.append(FILE, PROMPT.slice(20));
    await w.pull();
    expect(w.dispatched.map((d) => d.hook.offset)).toEqual([bytes(START), bytes(START, PROMPT)]);
  });

  it('a record that maps to no event is not dispatched, but its offset is stored (it is not read again)', async () => {
    const w = world();
    const other = line({ hook_event_name: 'PreToolUse', tool_name: 'Bash' });
    w.inbox.append(FILE, other);
    await w.pull();
    expect(w.dispatched).toEqual([]);
    expect(w.offset()).toBe(bytes(other));
  });

  it('an event after stopping() is not dispatched, and its offset stays unrecorded for the next run', async () => {
    const w = world();
    const idle = deferred();
    const reached = deferred();
    w.s.beforeIdle = () => {
      reached.resolve();
      return idle.promise;
    };
    w.inbox.append(FILE, PROMPT + STOP + START);
    w.feed.pull('1.1');
    await reached.promise;
    w.s.stop = true;
    idle.resolve();
    // Checks: before reading, after the prompt's event, after the handoff check (stopping: return).
    await waitFor(() => w.s.checks >= 3);
    await flush();
    expect(w.dispatched.map((d) => d.event.type)).toEqual(['AgentBusy']);
    expect(w.offset()).toBe(bytes(PROMPT));
    // Stopped: a later pull reads nothing at all.
    w.feed.pull('1.1');
    await waitFor(() => w.s.checks >= 4);
    await flush();
    expect(w.inbox.reads).toHaveLength(1);
    expect(w.dispatched).toHaveLength(1);
  });

  it('a failed read is a warning and later reads go on', async () => {
    const w = world();
    w.inbox.append(FILE, START);
    w.s.failRead = new Error('EIO: i/o error');
    w.feed.pull('1.1');
    await waitFor(() => w.warnings.length > 0);
    expect(w.warnings).toEqual(['reading hook events of 1.1 failed: EIO: i/o error']);
    w.s.failRead = null;
    await w.pull();
    expect(w.dispatched.map((d) => d.event.type)).toEqual(['AgentBusy']);
  });
});

describe('memoryInbox', () => {
  it('reads what readHooks reads from the same bytes on disk (records, ends, next offset)', async () => {
    const tmp = tempRepoDir();
    dirs.push(tmp);
    const text = `${START}\n  \n${PERMISSION}{"torn":\r\n{"a":{"b{"c":1}\n[1,2]\n${STOP}${PROMPT.slice(0, 9)}`;
    const file = join(tmp.dir, 'h.jsonl');
    writeFileSync(file, text);
    const inbox = memoryInbox();
    inbox.append(file, text);
    for (const offset of [0, bytes(START), bytes(START) + 3, Buffer.byteLength(text) - 2, Buffer.byteLength(text) + 5]) {
      expect(await inbox.read(file, offset)).toEqual(await readHooks(file, offset));
    }
    expect((await inbox.read(file, 0)).records.map((r) => r.record)).toEqual([
      JSON.parse(START),
      JSON.parse(PERMISSION),
      { c: 1 },
      JSON.parse(STOP),
    ]);
    expect(await inbox.read('/no/such/file', 4)).toEqual({ records: [], offset: 4 });
  });
});
