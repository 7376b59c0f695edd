/** reduce(state, event) → { state, effects }: every scheduling decision of a run, without I/O. */
import { conflictPrompt, gateFailurePrompt, handoffFollowUp } from './prompts.js';
import { questionFor } from './questions.js';
import { schedule } from './schedule.js';
import { ACTIVE, type Answer, type Effect, type Event, type RunState, type TaskRun, TERMINAL } from './types.js';

export interface Step {
  state: RunState;
  effects: Effect[];
}

/** Follow-ups asking for a missing handoff before a human is asked. */
export const AUTO_HANDOFF_FOLLOW_UPS = 1;

export function reduce(state: RunState, event: Event): Step {
  // A finished run is frozen: agents ending after an abort/stop must not be followed up, restarted or failed.
  if (state.finished) return { state, effects: [] };
  const s: RunState = { ...state, tasks: { ...state.tasks } };
  const fx: Effect[] = [];
  const put = (t: TaskRun) => {
    s.tasks[t.id] = t;
  };
  const task = 'task' in event && event.task !== null ? s.tasks[event.task] : undefined;

  switch (event.type) {
    case 'RunResumed':
      for (const t of Object.values(s.tasks)) resumeTask(s, t, fx);
      if (s.question) fx.push({ type: 'Ask', question: s.question });
      break;
    case 'TaskStarted':
      if (task) put({ ...task, agent: 'busy', sessionId: event.sessionId, startedAtMs: task.startedAtMs ?? event.atMs });
      break;
    case 'TaskStartFailed':
      if (task) fail(s, { ...task, reason: `could not start: ${event.error}` }, fx);
      break;
    case 'AgentBusy':
      if (task && task.status === 'running') put({ ...task, agent: 'busy', question: null });
      break;
    case 'AgentWaiting':
      if (task && ACTIVE.has(task.status)) onWaiting(s, task, event.detail, fx);
      break;
    case 'HandoffWritten':
      if (task) put({ ...task, handoff: true });
      break;
    case 'AgentIdle':
      if (task && task.status === 'running') onTurnEnded(s, { ...task, agent: 'idle' }, fx);
      else if (task && task.agent !== 'exited') put({ ...task, agent: 'idle' });
      break;
    case 'AgentExited':
      if (!task) break;
      if (task.status === 'running' && event.code !== 0) {
        fail(s, { ...task, agent: 'exited', exitCode: event.code, reason: `agent exited with code ${event.code}` }, fx);
      } else if (task.status === 'running') {
        onTurnEnded(s, { ...task, agent: 'exited', exitCode: 0 }, fx);
      } else put({ ...task, agent: 'exited', exitCode: event.code });
      break;
    case 'GatesPassed':
      if (task && task.status === 'verifying') gatesPassed(s, task, fx);
      break;
    case 'GatesFailed':
      if (task && task.status === 'verifying') {
        const t: TaskRun = {
          ...task,
          gateOutput: event.output,
          reason: `${event.gate} failed${event.exitCode === null ? '' : ` (exit ${event.exitCode})`}`,
        };
        if (s.options.autoYes) {
          if (t.retries < s.options.maxRetries) retry(s, t, gateFailurePrompt(t.id, event.gate, event.output), fx);
          else fail(s, t, fx);
        } else ask(s, t, fx, questionFor('gate-failed', t, s));
      }
      break;
    case 'Merged':
      if (task) {
        put({ ...task, status: 'merged', question: null, endedAtMs: event.atMs, reason: null });
        fx.push({ type: 'StopAgent', task: task.id }, { type: 'Cleanup', task: task.id });
      }
      break;
    case 'MergeConflicted':
      if (task) {
        const t: TaskRun = {
          ...task,
          reason: `merge conflict in ${event.files.join(', ') || 'the integration branch'}`,
          gateOutput: event.files.join('\n'),
        };
        if (!s.options.autoYes) ask(s, t, fx, questionFor('merge-conflict', t, s));
        else if (t.retries < s.options.maxRetries) retry(s, t, conflictPrompt(t.id, 'the integration branch', event.files), fx);
        else fail(s, t, fx);
      }
      break;
    case 'Answered':
      answer(s, event.task, event.answer, fx);
      break;
    case 'SkipRequested':
      if (task && !TERMINAL.has(task.status)) skip(s, task, 'skipped by the user', fx);
      break;
    case 'ForceRequested':
      if (task?.question?.answers.includes('force')) answer(s, task.id, 'force', fx);
      break;
    case 'RetryRequested':
      if (task?.question?.answers.includes('retry')) answer(s, task.id, 'retry', fx);
      else if (task && (task.status === 'failed' || task.status === 'skipped')) requeue(s, task.id);
      break;
    case 'PauseToggled':
      s.paused = !s.paused;
      break;
    case 'StopRequested':
      s.halted = true;
      s.aborted = true;
      for (const t of Object.values(s.tasks)) if (ACTIVE.has(t.status)) fx.push({ type: 'StopAgent', task: t.id });
      break;
  }
  return schedule(s, fx);
}

/** After a restart: bring each active task back to where it was. */
function resumeTask(s: RunState, t: TaskRun, fx: Effect[]): void {
  if (t.status === 'running') {
    s.tasks[t.id] = { ...t, agent: 'starting' };
    fx.push({ type: 'StartTask', task: t.id, resume: true, prompt: null });
  } else if (t.status === 'verifying') fx.push({ type: 'RunGates', task: t.id });
  else if (t.status === 'merging') fx.push({ type: 'Merge', task: t.id });
  else if (t.status === 'merged') fx.push({ type: 'Cleanup', task: t.id });
  else if ((t.status === 'decision' || t.status === 'awaiting-merge') && t.question) fx.push({ type: 'Ask', question: t.question });
}

/** Gates passed (or were forced): merge now if already approved, else ask. */
function gatesPassed(s: RunState, task: TaskRun, fx: Effect[]): void {
  const t: TaskRun = { ...task, status: 'awaiting-merge', gateOutput: null, question: null };
  if (s.alwaysMerge || s.options.autoYes) {
    s.tasks[t.id] = { ...t, status: 'merging' };
    fx.push({ type: 'Merge', task: t.id });
  } else ask(s, t, fx, questionFor('merge', t, s));
}

function onWaiting(s: RunState, t: TaskRun, detail: string, fx: Effect[]): void {
  if (s.options.permissions === 'approve') {
    s.tasks[t.id] = { ...t, agent: 'busy' };
    fx.push({ type: 'AnswerPermission', task: t.id, approve: true });
    return;
  }
  const q = questionFor('permission', t, s, detail);
  s.tasks[t.id] = { ...t, agent: 'waiting', question: q };
  fx.push({ type: 'Ask', question: q });
}

/** The agent went idle or exited 0: verify if the handoff is there, else follow up or ask. */
function onTurnEnded(s: RunState, t: TaskRun, fx: Effect[]): void {
  if (t.handoff) {
    s.tasks[t.id] = { ...t, status: 'verifying', question: null };
    fx.push({ type: 'RunGates', task: t.id });
    return;
  }
  if (t.followUps < AUTO_HANDOFF_FOLLOW_UPS) {
    followUp(s, { ...t, followUps: t.followUps + 1 }, handoffFollowUp(t.id, s.info[t.id]?.title ?? t.id), fx);
    return;
  }
  const reason = 'no handoff section after the follow-up prompt';
  if (s.options.autoYes && t.followUps < AUTO_HANDOFF_FOLLOW_UPS + s.options.maxRetries) {
    followUp(s, { ...t, followUps: t.followUps + 1, reason }, handoffFollowUp(t.id, s.info[t.id]?.title ?? t.id), fx);
    return;
  }
  if (s.options.autoYes) {
    fail(s, { ...t, reason }, fx);
    return;
  }
  ask(s, { ...t, reason }, fx, questionFor('handoff-missing', t, s));
}

/** Types a prompt into the task's agent (restarting it with --resume if it exited). */
function followUp(s: RunState, t: TaskRun, prompt: string, fx: Effect[]): void {
  const exited = t.agent === 'exited';
  s.tasks[t.id] = { ...t, status: 'running', agent: exited ? 'starting' : 'busy', question: null };
  fx.push(exited ? { type: 'StartTask', task: t.id, resume: true, prompt } : { type: 'SendPrompt', task: t.id, prompt });
}

function retry(s: RunState, t: TaskRun, prompt: string, fx: Effect[]): void {
  followUp(s, { ...t, retries: t.retries + 1 }, prompt, fx);
}

function ask(s: RunState, t: TaskRun, fx: Effect[], q: NonNullable<TaskRun['question']>): void {
  s.tasks[t.id] = { ...t, status: q.kind === 'merge' ? 'awaiting-merge' : 'decision', question: q };
  fx.push({ type: 'Ask', question: q });
}

/** A failed task: its dependents are skipped, the failure is written down. */
function fail(s: RunState, t: TaskRun, fx: Effect[]): void {
  s.tasks[t.id] = { ...t, status: 'failed', question: null };
  fx.push({ type: 'WriteFailure', task: t.id }, { type: 'StopAgent', task: t.id });
  if (s.options.stopOnFailure) s.halted = true;
  skipDependents(s, t.id);
}

function skip(s: RunState, t: TaskRun, reason: string, fx: Effect[]): void {
  s.tasks[t.id] = { ...t, status: 'skipped', question: null, reason };
  if (t.agent !== 'none' && t.agent !== 'exited') fx.push({ type: 'StopAgent', task: t.id });
  skipDependents(s, t.id);
}

/** A failed or skipped task goes back to pending, with the dependents it had blocked. */
function requeue(s: RunState, id: string): void {
  const t = s.tasks[id];
  if (!t) return;
  s.tasks[id] = {
    ...t,
    status: 'pending',
    agent: 'none',
    reason: null,
    question: null,
    exitCode: null,
    followUps: 0,
    retries: 0,
    gateOutput: null,
  };
  s.halted = s.aborted;
  for (const other of s.order) {
    const o = s.tasks[other];
    if (o?.status === 'skipped' && o.reason === `blocked by ${id}`) requeue(s, other);
  }
}

function skipDependents(s: RunState, id: string): void {
  const queue = [id];
  while (queue.length > 0) {
    const cur = queue.shift() as string;
    for (const other of s.order) {
      const o = s.tasks[other];
      if (o?.status !== 'pending' || !s.info[other]?.deps.includes(cur)) continue;
      s.tasks[other] = { ...o, status: 'skipped', reason: `blocked by ${id}` };
      queue.push(other);
    }
  }
}

function answer(s: RunState, taskId: string | null, a: Answer, fx: Effect[]): void {
  if (taskId === null) {
    if (s.question?.kind === 'confirm-deps') {
      s.question = null;
      if (a === 'yes') s.confirmed = true;
      else s.halted = s.aborted = true;
    }
    return;
  }
  const t = s.tasks[taskId];
  const q = t?.question;
  if (!t || !q?.answers.includes(a)) return;
  const title = s.info[t.id]?.title ?? t.id;
  if (a === 'abort') {
    s.tasks[t.id] = { ...t, question: null };
    s.halted = s.aborted = true;
    for (const o of Object.values(s.tasks)) if (ACTIVE.has(o.status)) fx.push({ type: 'StopAgent', task: o.id });
    return;
  }
  switch (q.kind) {
    case 'permission':
      s.tasks[t.id] = { ...t, agent: 'busy', question: null };
      fx.push({ type: 'AnswerPermission', task: t.id, approve: a === 'approve' });
      return;
    case 'merge':
      if (a === 'yes' || a === 'always') {
        if (a === 'always') s.alwaysMerge = true;
        s.tasks[t.id] = { ...t, status: 'merging', question: null };
        fx.push({ type: 'Merge', task: t.id });
      } else skip(s, t, 'merge declined', fx);
      return;
    case 'handoff-missing':
      if (a === 'retry') followUp(s, { ...t, followUps: t.followUps + 1 }, handoffFollowUp(t.id, title), fx);
      else if (a === 'force') {
        s.tasks[t.id] = { ...t, status: 'verifying', handoff: true, question: null };
        fx.push({ type: 'RunGates', task: t.id });
      } else skip(s, t, 'skipped by the user', fx);
      return;
    case 'gate-failed':
      if (a === 'retry') retry(s, t, gateFailurePrompt(t.id, t.reason ?? 'check', t.gateOutput ?? ''), fx);
      else if (a === 'force') gatesPassed(s, { ...t, reason: `forced past: ${t.reason ?? 'a failed gate'}` }, fx);
      else skip(s, t, 'skipped by the user', fx);
      return;
    case 'merge-conflict':
      if (a === 'retry') retry(s, t, conflictPrompt(t.id, 'the integration branch', (t.gateOutput ?? '').split('\n').filter(Boolean)), fx);
      else skip(s, t, 'skipped by the user', fx);
      return;
    default:
      return;
  }
}
