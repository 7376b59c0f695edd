/** Scheduler reducer: dialogs on agents' screens, quiet screens, model API errors and token budgets. Event scripts → exact effects. */
import { describe, expect, it } from 'vitest';
import type { DialogKind } from '../../src/core/agent/dialogs.js';
import { API_BACKOFF_MS, continuePrompt } from '../../src/core/scheduler/agent-events.js';
import { waitingNudge } from '../../src/core/scheduler/prompts.js';
import type { Effect, Event, RunOptions, TokenUsage } from '../../src/core/scheduler/types.js';
import { ev, fx, Script, t } from './scheduler-helpers.js';

const dialog = (task: string, kind: DialogKind, detail = 'the dialog'): Event => ({ type: 'AgentDialog', task, dialog: kind, detail });
const apiError = (task: string, error: string, atMs = 10_000, resetAtMs: number | null = null): Event => ({
  type: 'AgentApiError',
  task,
  error,
  resetAtMs,
  atMs,
});
const tokens = (task: string, session: string, n: number): Event => ({
  type: 'TokensCounted',
  task,
  session,
  usage: { input: n, output: 0, cacheRead: 0, cacheWrite: 0 },
});
const pick = (task: string, kind: DialogKind, p: 'yes' | 'no'): Effect => ({ type: 'AnswerDialog', task, dialog: kind, pick: p });

/** a and b independent; a started and busy. */
function running(o: Partial<RunOptions> = {}): Script {
  const s = new Script([t('a'), t('b'), t('c', ['a'])], o);
  s.send(ev.resumed(), ev.started('a'));
  return s;
}

describe('dialogs on the screen', () => {
  it.each([
    ['trust', 'yes', ['yes', 'attach', 'skip', 'abort']],
    ['api-key', 'yes', ['yes', 'no', 'attach', 'abort']],
    ['api-key', 'no', ['yes', 'no', 'attach', 'abort']],
  ] as const)('%s: a question; %s picks that option by its text', (kind, answer, answers) => {
    const s = running();
    const [q] = s.asks(s.send(dialog('a', kind)));
    expect(q).toMatchObject({ kind, task: 'a', answers });
    expect(s.state.tasks.a).toMatchObject({ status: 'running', agent: 'waiting' });
    expect(s.send(ev.answered('a', answer))).toEqual([pick('a', kind, answer)]);
    expect(s.state.tasks.a?.question).toBeNull();
  });

  it('the same dialog reported again does not ask twice', () => {
    const s = running();
    s.send(dialog('a', 'trust'));
    expect(s.send(dialog('a', 'trust'))).toEqual([]);
    expect(s.asks()).toHaveLength(1);
  });

  it("a permission dialog with permissions 'approve' is answered yes, in any mode, without a question", () => {
    const s = running({ permissions: 'approve' });
    expect(s.send(dialog('a', 'permission', 'Auto mode cannot check actions'))).toEqual([pick('a', 'permission', 'yes')]);
    expect(s.asks()).toEqual([]);
  });

  it("with 'ask', the PermissionRequest hook, the permission_prompt notification and the screen make one question", () => {
    const s = running();
    s.send(ev.waiting('a', 'Bash: rm -rf build'), ev.waiting('a', 'Claude needs your permission'), dialog('a', 'permission'));
    expect(s.asks().map((q) => q.kind)).toEqual(['permission']);
    expect(s.send(ev.answered('a', 'deny'))).toEqual([pick('a', 'permission', 'no')]);
  });

  it('--yes does not trust a repository for the user: the trust question is still asked', () => {
    const s = running({ autoYes: true, permissions: 'approve' });
    expect(s.asks(s.send(dialog('a', 'trust'))).map((q) => q.kind)).toEqual(['trust']);
  });

  it('a sign-in screen asks; retry restarts the agent (resume)', () => {
    const s = running();
    expect(s.asks(s.send(dialog('a', 'login', 'Unable to connect to Anthropic services'))).map((q) => q.kind)).toEqual(['login']);
    expect(s.send(ev.answered('a', 'retry'))).toEqual([fx.start('a', true, null)]);
  });

  it('interrupted: a "seems to be waiting" question; nudge types a prompt', () => {
    const s = running();
    const [q] = s.asks(s.send(dialog('a', 'interrupted', 'interrupted')));
    expect(q?.answers).toEqual(['attach', 'nudge', 'wait', 'skip', 'abort']);
    expect(s.send(ev.answered('a', 'attach'))).toEqual([]);
    expect(s.state.tasks.a?.question?.kind).toBe('waiting');
    expect(s.send(ev.answered('a', 'nudge'))).toEqual([fx.send('a', waitingNudge('a'))]);
  });

  it('a dialog replaces a stalled question but not a merge question', () => {
    const s = running();
    s.send({ type: 'AgentStalled', task: 'a', minutes: 11 });
    s.send(dialog('a', 'trust'));
    expect(s.state.tasks.a?.question?.kind).toBe('trust');
    const m = running();
    m.send(ev.handoff('a'), ev.idle('a'), ev.passed('a'), ev.ciPassed('a'));
    expect(m.state.tasks.a?.question?.kind).toBe('merge');
    expect(m.send(dialog('a', 'permission'))).toEqual([]);
    expect(m.state.tasks.a?.question?.kind).toBe('merge');
  });

  it('the agent busy again (the dialog was answered in the attached terminal) clears the question', () => {
    const s = running();
    s.send(dialog('a', 'api-key'));
    s.send(ev.busy('a'));
    expect(s.state.tasks.a).toMatchObject({ agent: 'busy', question: null });
  });
});

describe('a quiet screen', () => {
  it('asks once with the last line; a task with a question or not running is not asked', () => {
    const s = running();
    const [q] = s.asks(s.send({ type: 'AgentQuiet', task: 'a', seconds: 30, lastLine: 'Press any key' }));
    expect(q).toMatchObject({ kind: 'waiting', text: 'a seems to be waiting (no change for 30 s: "Press any key").' });
    expect(s.send({ type: 'AgentQuiet', task: 'a', seconds: 60, lastLine: '' })).toEqual([]);
    expect(s.send({ type: 'AgentQuiet', task: 'b', seconds: 30, lastLine: '' })).toEqual([]);
  });
});

describe('model API errors (StopFailure)', () => {
  it('rate_limit with a reset time: nothing new starts until then; then the agent is nudged and scheduling resumes', () => {
    const s = new Script([t('a'), t('b')], { parallel: 1 });
    s.send(ev.resumed(), ev.started('a'));
    s.send(apiError('a', 'rate_limit', 10_000, 70_000));
    expect(s.state.apiHold).toMatchObject({ reason: 'rate_limit', untilMs: 70_000, known: true, tasks: ['a'] });
    // a finishes meanwhile: b does not start while the hold lasts.
    expect(Script.starts(s.complete('a'))).toEqual([]);
    expect(s.send({ type: 'ApiHoldEnded', atMs: 69_000 })).toEqual([]);
    expect(Script.starts(s.send({ type: 'ApiHoldEnded', atMs: 70_000 }))).toEqual(['b']);
    expect(s.state.apiHold).toBeNull();
  });

  it('at the end of the hold, the task whose turn died is told to continue', () => {
    const s = running();
    s.send(apiError('a', 'rate_limit', 10_000, null));
    expect(s.state.apiHold).toMatchObject({ untilMs: 10_000 + API_BACKOFF_MS, known: false });
    expect(s.send({ type: 'ApiHoldEnded', atMs: 10_000 + API_BACKOFF_MS })).toEqual([fx.send('a', continuePrompt('a', 'rate_limit'))]);
  });

  it('overloaded backs off, doubling each time', () => {
    const s = running();
    s.send(apiError('a', 'overloaded', 0));
    expect(s.state.apiHold?.untilMs).toBe(API_BACKOFF_MS);
    s.send(apiError('a', 'overloaded', 0));
    expect(s.state.apiHold).toMatchObject({ untilMs: 2 * API_BACKOFF_MS, count: 2 });
  });

  it('authentication_failed fails the task and stops new work, with one clear reason', () => {
    const s = running({ parallel: 2 });
    s.send({ ...apiError('a', 'authentication_failed'), message: 'Not logged in · Please run /login' } as Event);
    expect(s.state.tasks.a).toMatchObject({ status: 'failed' });
    expect(s.state.tasks.a?.reason).toBe(
      'the agent could not authenticate with its model API ("Not logged in · Please run /login"): set ANTHROPIC_API_KEY, or run `claude` once and log in',
    );
    expect(s.state.halted).toBe(true);
  });

  it('an unknown error is ignored here (the hook maps it to the end of the turn)', () => {
    const s = running();
    expect(s.send(apiError('a', 'invalid_request'))).toEqual([]);
    expect(s.state.apiHold ?? null).toBeNull();
  });
});

describe('tokens and budgets', () => {
  it('sums sessions per task; crossing limits.taskTokens asks once; continue acknowledges it', () => {
    const s = running({ budgets: { taskTokens: 1000 } });
    expect(s.send(tokens('a', 's1', 600))).toEqual([]);
    const [q] = s.asks(s.send(tokens('a', 's2', 500)));
    expect(q).toMatchObject({ kind: 'budget', answers: ['continue', 'skip', 'abort'] });
    expect(q?.text).toContain('1.1k tokens, over limits.taskTokens (1.0k)');
    expect(s.send(ev.answered('a', 'continue'))).toEqual([]);
    expect(s.send(tokens('a', 's2', 5000))).toEqual([]);
    const usage: TokenUsage = { input: 5000, output: 0, cacheRead: 0, cacheWrite: 0 };
    expect(s.state.tasks.a?.tokens?.s2).toEqual(usage);
  });

  it('crossing limits.runTokens asks once for the run', () => {
    const s = new Script([t('a'), t('b')], { parallel: 2, budgets: { runTokens: 100 } });
    s.send(ev.resumed(), ev.started('a'), ev.started('b'));
    expect(s.send(tokens('a', 's1', 60))).toEqual([]);
    expect(s.asks(s.send(tokens('b', 's2', 60))).map((q) => q.kind)).toEqual(['budget']);
    s.send(ev.answered('b', 'continue'));
    expect(s.send(tokens('a', 's1', 90))).toEqual([]);
  });
});

describe('a sign-in screen the agent exits on', () => {
  it('the login question stays after the exit; retry starts the agent again', () => {
    const s = running();
    s.send(dialog('a', 'login', 'Unable to connect to Anthropic services'));
    s.send(ev.exited('a', 1));
    expect(s.state.tasks.a).toMatchObject({ status: 'running', agent: 'exited', question: { kind: 'login' } });
    expect(s.send(ev.answered('a', 'retry'))).toEqual([fx.start('a', true, null)]);
  });
});
