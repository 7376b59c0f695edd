/**
 * What the scheduler makes of an agent's own signals beyond busy/idle: dialogs on its screen, a quiet
 * screen, model API errors (rate limits, overload, authentication) and token usage. Pure; mutates `s`.
 */
import type { DialogKind } from '../agent/dialogs.js';
import { questionFor } from './questions.js';
import { fail, flag } from './transitions.js';
import { ACTIVE, type ApiHold, type Effect, type Event, type QuestionKind, type RunState, type TaskRun } from './types.js';

/** Questions a dialog replaces: they were about a screen that has moved on. */
const REPLACEABLE: ReadonlySet<QuestionKind> = new Set(['stalled', 'overdue', 'waiting']);

/** Each dialog kind → the question that asks about it. */
export const QUESTION_OF_DIALOG: Record<DialogKind, QuestionKind> = {
  permission: 'permission',
  trust: 'trust',
  'api-key': 'api-key',
  login: 'login',
  interrupted: 'waiting',
  input: 'waiting',
};

/** First wait after a rate limit without a known reset time, and after an overloaded API (unless configured); doubles each time. */
export const API_BACKOFF_MS = 60_000;
/** The backoff never grows past this. */
export const API_BACKOFF_MAX_MS = 15 * 60_000;

export function onAgentDialog(s: RunState, t: TaskRun, dialog: DialogKind, detail: string, fx: Effect[]): void {
  if (!ACTIVE.has(t.status)) return;
  const kind = QUESTION_OF_DIALOG[dialog];
  if (t.question && (t.question.kind === kind || !REPLACEABLE.has(t.question.kind))) return;
  if (dialog === 'permission') {
    if (s.options.permissions === 'approve') {
      s.tasks[t.id] = { ...t, agent: 'busy' };
      fx.push({ type: 'AnswerDialog', task: t.id, dialog, pick: 'yes' });
      return;
    }
    flag(s, { ...t, agent: 'waiting' }, fx, questionFor('permission', t, s, detail));
    return;
  }
  flag(s, { ...t, agent: 'waiting' }, fx, questionFor(kind, t, s, detail));
}

export function onAgentQuiet(s: RunState, t: TaskRun, seconds: number, lastLine: string, fx: Effect[]): void {
  if (t.status !== 'running' || t.question) return;
  flag(s, { ...t, agent: 'waiting' }, fx, questionFor('waiting', t, s, `no change for ${seconds} s${lastLine ? `: "${lastLine}"` : ''}`));
}

/** Claude's StopFailure: a rate limit or an overload holds new work and nudges later; bad credentials stop new work. */
export function onApiError(s: RunState, t: TaskRun, e: Extract<Event, { type: 'AgentApiError' }>, fx: Effect[]): void {
  if (!ACTIVE.has(t.status)) return;
  if (e.error === 'authentication_failed') {
    s.halted = true;
    const said = e.message ? ` ("${e.message}")` : '';
    const reason = `the agent could not authenticate with its model API${said}: set ANTHROPIC_API_KEY, or run \`claude\` once and log in`;
    fail(s, { ...t, agent: 'idle', reason }, fx);
    return;
  }
  if (e.error !== 'rate_limit' && e.error !== 'overloaded') return;
  const prev = s.apiHold;
  const count = prev?.reason === e.error ? prev.count + 1 : 1;
  const backoff = Math.min(API_BACKOFF_MAX_MS, (s.options.apiBackoffMs ?? API_BACKOFF_MS) * 2 ** (count - 1));
  const known = e.error === 'rate_limit' && e.resetAtMs !== null && e.resetAtMs > e.atMs;
  const untilMs = known && e.resetAtMs !== null ? e.resetAtMs : e.atMs + backoff;
  const hold: ApiHold = {
    reason: e.error,
    untilMs: Math.max(untilMs, prev?.untilMs ?? 0),
    known: known || Boolean(prev?.known),
    tasks: [...new Set([...(prev?.tasks ?? []), t.id])],
    count,
  };
  s.apiHold = hold;
  s.tasks[t.id] = {
    ...t,
    agent: 'idle',
    reason: `${e.error === 'rate_limit' ? 'rate-limited' : 'API overloaded'}: continues when the hold ends`,
  };
}

/** The hold is over: every task whose turn died on it is told to continue. */
export function onApiHoldEnded(s: RunState, atMs: number, fx: Effect[]): void {
  const hold = s.apiHold;
  if (!hold || atMs < hold.untilMs) return;
  s.apiHold = null;
  for (const id of hold.tasks) {
    const t = s.tasks[id];
    if (t?.status !== 'running') continue;
    s.tasks[id] = { ...t, agent: 'busy', reason: null };
    fx.push({ type: 'SendPrompt', task: id, prompt: continuePrompt(id, hold.reason) });
  }
}

export function continuePrompt(taskId: string, reason: ApiHold['reason']): string {
  const why = reason === 'rate_limit' ? 'The rate limit has reset' : 'The API is available again';
  return `${why}. Continue Task ${taskId} where you stopped: finish it, commit, and write its handoff section.`;
}

/** Total tokens of a task (all sessions, all four kinds). */
export function taskTokens(t: TaskRun): number {
  let n = 0;
  for (const u of Object.values(t.tokens ?? {})) n += u.input + u.output + u.cacheRead + u.cacheWrite;
  return n;
}

export function runTokens(s: RunState): number {
  return Object.values(s.tasks).reduce((n, t) => n + taskTokens(t), 0);
}

export function onTokens(s: RunState, t: TaskRun, e: Extract<Event, { type: 'TokensCounted' }>, fx: Effect[]): void {
  const next: TaskRun = { ...t, tokens: { ...(t.tokens ?? {}), [e.session]: e.usage } };
  s.tasks[t.id] = next;
  const { taskTokens: taskLimit, runTokens: runLimit } = s.options.budgets ?? {};
  if (!ACTIVE.has(next.status) || next.question) return;
  if (taskLimit && !next.budgetAcked && taskTokens(next) > taskLimit) {
    flag(
      s,
      next,
      fx,
      questionFor('budget', next, s, `${formatTokens(taskTokens(next))} tokens, over limits.taskTokens (${formatTokens(taskLimit)})`),
    );
  } else if (runLimit && !s.runBudgetAcked && runTokens(s) > runLimit) {
    flag(
      s,
      next,
      fx,
      questionFor(
        'budget',
        next,
        s,
        `the run has used ${formatTokens(runTokens(s))} tokens, over limits.runTokens (${formatTokens(runLimit)})`,
      ),
    );
  }
}

/** 1234 → "1.2k", 2_500_000 → "2.5M". */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}
