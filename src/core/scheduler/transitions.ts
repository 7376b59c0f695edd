/** The moves a task makes through the pipeline, shared by the event and answer handlers. Pure; mutate `s` only. */
import { CI_GATE, dropForced } from './forced.js';
import { handoffFollowUp } from './prompts.js';
import { questionFor } from './questions.js';
import type { Effect, Question, RunState, TaskRun } from './types.js';

/** Follow-ups asking for a missing handoff before a human is asked. */
export const AUTO_HANDOFF_FOLLOW_UPS = 1;

export const CI_IDLE: TaskRun['ci'] = { status: 'none', summary: '', log: null, failing: [] };

/** Gates passed (or were forced): CI runs next (again: a forced CI record goes). */
export function toCi(s: RunState, task: TaskRun, fx: Effect[]): void {
  s.tasks[task.id] = {
    ...dropForced(task, (f) => f.gate === CI_GATE),
    status: 'ci',
    gateOutput: null,
    conflicts: undefined,
    question: null,
    ci: { status: 'running', summary: 'starting', log: null, failing: [] },
  };
  fx.push({ type: 'RunCi', task: task.id });
}

/** CI green (or forced): merge now if approved, else ask. */
export function mergeReady(s: RunState, task: TaskRun, fx: Effect[]): void {
  const t: TaskRun = { ...task, status: 'awaiting-merge', gateOutput: null, question: null };
  if (t.approved || s.alwaysMerge || s.options.autoYes) {
    s.tasks[t.id] = { ...t, status: 'merging', approved: true };
    fx.push({ type: 'Merge', task: t.id });
  } else ask(s, t, fx, questionFor('merge', t, s));
}

export function onWaiting(s: RunState, t: TaskRun, detail: string, fx: Effect[]): void {
  // PermissionRequest, then Notification permission_prompt ~6 s later, then the screen: one question.
  if (t.question?.kind === 'permission') return;
  if (s.options.permissions === 'approve') {
    s.tasks[t.id] = { ...t, agent: 'busy' };
    fx.push({ type: 'AnswerDialog', task: t.id, dialog: 'permission', pick: 'yes' });
    return;
  }
  const q = questionFor('permission', t, s, detail);
  s.tasks[t.id] = { ...t, agent: 'waiting', question: q };
  fx.push({ type: 'Ask', question: q });
}

/** The agent went idle or exited 0: verify if the handoff is there, else follow up or ask. */
export function onTurnEnded(s: RunState, t: TaskRun, fx: Effect[]): void {
  const title = s.info[t.id]?.title ?? t.id;
  if (t.handoff) {
    s.tasks[t.id] = { ...t, status: 'verifying', question: null };
    fx.push({ type: 'RunGates', task: t.id });
    return;
  }
  if (t.followUps < AUTO_HANDOFF_FOLLOW_UPS) {
    followUp(s, { ...t, followUps: t.followUps + 1 }, handoffFollowUp(t.id, title), fx);
    return;
  }
  const reason = 'no handoff section after the follow-up prompt';
  if (s.options.autoYes && t.followUps < AUTO_HANDOFF_FOLLOW_UPS + s.options.maxRetries) {
    followUp(s, { ...t, followUps: t.followUps + 1, reason }, handoffFollowUp(t.id, title), fx);
    return;
  }
  if (s.options.autoYes) {
    fail(s, { ...t, reason }, fx);
    return;
  }
  ask(s, { ...t, reason }, fx, questionFor('handoff-missing', t, s));
}

/** Back to work: types a prompt into the task's agent (restarting it with --resume if it exited). */
export function followUp(s: RunState, t: TaskRun, prompt: string, fx: Effect[], before?: Effect): void {
  const exited = t.agent === 'exited';
  // Back to work: its gates and CI run again, so what was forced before no longer holds.
  s.tasks[t.id] = { ...dropForced(t, () => true), status: 'running', agent: exited ? 'starting' : 'busy', question: null };
  if (before?.type === 'StartConflictResolution') {
    fx.push({ ...before, prompt });
    return;
  }
  fx.push(exited ? { type: 'StartTask', task: t.id, resume: true, prompt } : { type: 'SendPrompt', task: t.id, prompt });
}

export function ask(s: RunState, t: TaskRun, fx: Effect[], q: Question): void {
  const status =
    q.kind === 'merge' ? 'awaiting-merge' : q.kind === 'merge-conflict' || q.kind === 'conflict-by-hand' ? 'conflict' : 'decision';
  s.tasks[t.id] = { ...t, status, question: q };
  fx.push({ type: 'Ask', question: q });
}

/** A question about a task that keeps working (blockers): the status stays, the question shows. */
export function flag(s: RunState, t: TaskRun, fx: Effect[], q: Question): void {
  s.tasks[t.id] = { ...t, question: q };
  fx.push({ type: 'Ask', question: q });
}

/** A failed task: its dependents are skipped, the failure is written down. */
export function fail(s: RunState, t: TaskRun, fx: Effect[]): void {
  s.tasks[t.id] = { ...t, status: 'failed', question: null };
  fx.push({ type: 'WriteFailure', task: t.id }, { type: 'StopAgent', task: t.id });
  if (s.options.stopOnFailure) s.halted = true;
  skipDependents(s, t.id);
}

export function skip(s: RunState, t: TaskRun, reason: string, fx: Effect[]): void {
  s.tasks[t.id] = { ...t, status: 'skipped', question: null, reason };
  if (t.agent !== 'none' && t.agent !== 'exited') fx.push({ type: 'StopAgent', task: t.id });
  skipDependents(s, t.id);
}

/** Stops everything: agents end, nothing new starts. */
export function abort(s: RunState, fx: Effect[], active: (t: TaskRun) => boolean): void {
  s.halted = s.aborted = true;
  for (const o of Object.values(s.tasks)) if (active(o)) fx.push({ type: 'StopAgent', task: o.id });
}

/** A failed or skipped task goes back to pending, with the dependents it had blocked. */
export function requeue(s: RunState, id: string): void {
  const t = s.tasks[id];
  if (!t) return;
  s.tasks[id] = {
    ...t,
    status: 'pending',
    agent: 'none',
    reason: null,
    blockedBy: undefined,
    conflicts: undefined,
    question: null,
    exitCode: null,
    followUps: 0,
    retries: 0,
    ciRetries: 0,
    gateOutput: null,
    forced: undefined,
    ci: CI_IDLE,
    approved: false,
    extensions: 0,
  };
  s.halted = s.aborted;
  for (const other of s.order) {
    const o = s.tasks[other];
    if (o?.status === 'skipped' && o.blockedBy === id) requeue(s, other);
  }
}

function skipDependents(s: RunState, id: string): void {
  const queue = [id];
  while (queue.length > 0) {
    const cur = queue.shift() as string;
    for (const other of s.order) {
      const o = s.tasks[other];
      if (o?.status !== 'pending' || !s.info[other]?.deps.includes(cur)) continue;
      s.tasks[other] = { ...o, status: 'skipped', reason: `blocked by ${id}`, blockedBy: id };
      queue.push(other);
    }
  }
}
