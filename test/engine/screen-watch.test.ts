/** The screen watchdog over fake agents and a fake clock: dialogs reported once, quiet screens asked about once, answers typed by text. */
import { describe, expect, it } from 'vitest';
import { claudeReader } from '../../src/core/agent/claude.js';
import { claudeDetector } from '../../src/core/agent/screen-detector.js';
import { initState } from '../../src/core/scheduler/init.js';
import { reduce } from '../../src/core/scheduler/reduce.js';
import type { Event, RunState } from '../../src/core/scheduler/types.js';
import { DIALOG_REPORT_MS, PERMISSION_GRACE_MS, ScreenWatch, type WatchedAgents } from '../../src/engine/screen-watch.js';
import { opts } from '../core/scheduler-helpers.js';

const RULE = '─'.repeat(40);
const IDLE = ['● Done.', RULE, '❯ ', RULE, '  ⏸ manual mode on · ? for shortcuts'];
const BUSY = ['✻ Working… (3s)', RULE, '❯ ', RULE, '  ⏸ manual mode on · esc to interrupt'];
const TRUST = [
  ' Quick safety check: Is this a project you created or one you trust?',
  ' ❯ No, exit',
  '   Yes, I trust this folder',
  ' Enter to confirm · Esc to cancel',
];

function setup(quietMs = 30_000, permissions: 'ask' | 'approve' = 'ask') {
  const agent = { screen: { lines: () => [...BUSY] as string[] }, lastOutputMs: 0 };
  const sent: string[] = [];
  const agents: WatchedAgents = {
    tasks: () => ['a'],
    get: (t) => (t === 'a' ? agent : undefined),
    send: (_t, d) => {
      sent.push(d);
      return true;
    },
  };
  const events: Event[] = [];
  let now = 0;
  let state: RunState = initState([{ id: 'a', title: 'A', deps: [], files: [], done: false }], null, opts({ permissions }));
  const dispatch = (e: Event) => {
    events.push(e);
    state = reduce(state, e).state;
  };
  dispatch({ type: 'RunResumed' });
  dispatch({ type: 'TaskStarted', task: 'a', sessionId: 's', atMs: 0 });
  events.length = 0;
  const watch = new ScreenWatch({
    agents,
    reader: claudeReader,
    detector: claudeDetector,
    screenOnly: false,
    quietMs,
    now: () => now,
    state: () => state,
    dispatch,
    beforeIdle: async () => {},
    sleep: async (ms) => {
      now += ms;
    },
  });
  return {
    agent,
    sent,
    events,
    watch,
    state: () => state,
    at(ms: number) {
      now = ms;
      watch.tick();
    },
  };
}

describe('ScreenWatch', () => {
  it('a dialog is reported once as a question while it stays; gone after an answer elsewhere, the question goes', () => {
    const w = setup();
    w.agent.screen.lines = () => TRUST;
    w.at(500);
    w.at(1000);
    w.at(10_000);
    expect(w.events.map((e) => e.type)).toEqual(['AgentDialog']);
    expect(w.state().tasks.a?.question?.kind).toBe('trust');
    // Answered in an attached terminal: the dialog leaves the screen.
    w.agent.screen.lines = () => BUSY;
    w.agent.lastOutputMs = 10_000;
    w.at(11_000);
    expect(w.events.at(-1)).toEqual({ type: 'AgentBusy', task: 'a' });
    expect(w.state().tasks.a?.question).toBeNull();
  });

  it('with permissions approve (no question), a dialog still on screen is reported again after DIALOG_REPORT_MS', () => {
    const w = setup(30_000, 'approve');
    w.agent.screen.lines = () => [' Do you want to proceed?', ' ❯ 1. Yes', '   2. No'];
    w.at(0);
    // A hooked agent's permission dialog is left to its hook first (PermissionRequest names the command).
    w.at(PERMISSION_GRACE_MS - 1);
    expect(w.events).toEqual([]);
    w.at(PERMISSION_GRACE_MS);
    w.at(PERMISSION_GRACE_MS + 1000);
    expect(w.events.map((e) => e.type)).toEqual(['AgentDialog']);
    expect(w.state().tasks.a?.question).toBeNull();
    w.at(PERMISSION_GRACE_MS + DIALOG_REPORT_MS);
    expect(w.events.map((e) => e.type)).toEqual(['AgentDialog', 'AgentDialog']);
  });

  it('a quiet screen that is not busy becomes one question per silence; a busy one does not', () => {
    const w = setup(30_000);
    w.at(40_000);
    expect(w.events).toEqual([]);
    w.agent.screen.lines = () => [...IDLE.slice(0, 1), 'Press Enter to continue…'];
    w.at(40_500);
    expect(w.events).toEqual([{ type: 'AgentQuiet', task: 'a', seconds: 41, lastLine: 'Press Enter to continue…' }]);
    w.at(90_000);
    expect(w.events).toHaveLength(1);
  });

  it('answer() waits for the dialog to be drawn and types the keys that pick the option by its text, one by one', async () => {
    const w = setup();
    const answered = w.watch.answer('a', 'trust', 'yes');
    w.agent.screen.lines = () => TRUST;
    expect(await answered).toBe('picked yes');
    expect(w.sent).toEqual(['\u001b[B', '\r']);
  });

  it('answer() gives up when no dialog shows within its wait, and sends nothing', async () => {
    const w = setup();
    expect(await w.watch.answer('a', 'permission', 'yes')).toBe('no dialog on screen');
    expect(w.sent).toEqual([]);
  });

  it('onExit: a sign-in screen the agent exits on becomes the login question (not a bare exit code)', async () => {
    const w = setup();
    const screen = {
      flushed: async () => {},
      lines: () => [' Unable to connect to Anthropic services', ' Failed to connect to api.anthropic.com: ENOTFOUND'],
    };
    await w.watch.onExit('a', screen);
    expect(w.events).toEqual([{ type: 'AgentDialog', task: 'a', dialog: 'login', detail: 'Unable to connect to Anthropic services' }]);
    await w.watch.onExit('a', { flushed: async () => {}, lines: () => IDLE });
    expect(w.events).toHaveLength(1);
  });
});
