/** reduce(state, event) → { state, effects }: every scheduling decision of a run, without I/O. */

import { freeSlot } from '../ports-slots.js';
import { onAgentDialog, onAgentQuiet, onApiError, onApiHoldEnded, onTokens } from './agent-events.js';
import { answer } from './answers.js';
import { onBaselineChecked, onPlanApproved } from './before-start.js';
import { afterFinding } from './findings.js';
import { kiroResumePrompt, kiroTurnEnded, onDeliverableChecked } from './kiro.js';
import { ciFailurePrompt, gateFailurePrompt, resolveConflictPrompt } from './prompts.js';
import { gateRetryLimit, questionFor } from './questions.js';
import { exitCodeOf, schedule } from './schedule.js';
import { onSetupDone, onSetupFailed } from './setup.js';
import { abort, ask, fail, flag, followUp, mergeReady, onTurnEnded, onWaiting, requeue, skip, toCi } from './transitions.js';
import { ACTIVE, type Effect, type Event, type RunState, type Step, type TaskRun, TERMINAL } from './types.js';

export { AUTO_HANDOFF_FOLLOW_UPS } from './transitions.js';

export type { Step } from './types.js';

/** Questions that an agent's renewed output answers by itself. */
const CLEARED_BY_OUTPUT = new Set(['permission', 'stalled', 'waiting', 'trust', 'api-key']);

export function reduce(state: RunState, event: Event): Step {
  // A finished run is frozen: agents ending after an abort/stop must not be followed up, restarted or failed.
  // Token counts still land (the report is written after the last transcript read). A run resumed in this state
  // was cut short while finishing (it is resumed only until it is recorded finished): its worktree removals and its
  // finishing step run again (both are idempotent).
  if (state.finished && event.type === 'RunResumed') {
    const cleanups: Effect[] = state.order.flatMap((id) =>
      state.tasks[id]?.status === 'merged' ? [{ type: 'Cleanup', task: id } as const] : [],
    );
    return { state, effects: [...cleanups, { type: 'Finish', exitCode: exitCodeOf(state) }] };
  }
  if (state.finished && event.type !== 'TokensCounted') return { state, effects: [] };
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
      if (s.integration === 'running') fx.push({ type: 'RunIntegration' });
      if (s.baseline?.status === 'running') fx.push({ type: 'RunBaseline' });
      break;
    case 'PlanApproved':
      onPlanApproved(s);
      break;
    case 'BaselineChecked':
      onBaselineChecked(s, event.at, event.failure);
      break;
    case 'TaskStarted':
      if (task) put({ ...task, agent: 'busy', sessionId: event.sessionId, startedAtMs: task.startedAtMs ?? event.atMs });
      break;
    case 'TaskStartFailed':
      // A merge that threw says so itself ("merging into … failed: …"); only a start is "could not start".
      if (task) fail(s, { ...task, reason: event.step === 'merge' ? event.error : `could not start: ${event.error}` }, fx);
      break;
    case 'AgentBusy':
      if (task && task.status === 'running') {
        put({ ...task, agent: 'busy', question: task.question && CLEARED_BY_OUTPUT.has(task.question.kind) ? null : task.question });
      }
      break;
    case 'AgentWaiting':
      if (task && ACTIVE.has(task.status)) onWaiting(s, task, event.detail, fx);
      break;
    case 'HandoffWritten':
      if (task) put({ ...task, handoff: true });
      break;
    case 'DeliverableChecked':
      if (task) onDeliverableChecked(s, task, event.phase, event.ok, fx);
      break;
    case 'AgentIdle':
      if (task && task.status === 'running') {
        const t = afterFinding(s, { ...task, agent: 'idle' }, event.message, 'turn', fx);
        if (t && !kiroTurnEnded(s, t, fx)) onTurnEnded(s, t, fx);
      } else if (task && task.agent !== 'exited') put({ ...task, agent: 'idle' });
      break;
    case 'AgentExited':
      if (!task) break;
      // Claude exits after its "Unable to connect" screen: the sign-in question stays, `retry` starts it again.
      if (task.status === 'running' && task.question?.kind === 'login') put({ ...task, agent: 'exited', exitCode: event.code });
      else if (task.status === 'running' && event.code !== 0) {
        fail(s, { ...task, agent: 'exited', exitCode: event.code, reason: `agent exited with code ${event.code}` }, fx);
      } else if (task.status === 'running') {
        const t: TaskRun = { ...task, agent: 'exited', exitCode: 0 };
        if (!kiroTurnEnded(s, t, fx)) onTurnEnded(s, t, fx);
      } else put({ ...task, agent: 'exited', exitCode: event.code });
      break;
    case 'GatesPassed':
      if (task && task.status === 'verifying') {
        // The gates passed: a failure from an earlier attempt no longer describes the task.
        const t = afterFinding(s, { ...task, reason: null }, event.handoff, 'gates', fx);
        if (t) toCi(s, t, fx);
      }
      break;
    case 'GatesFailed':
      // From the gates, or from the pre-merge check of the merge step.
      if (task && (task.status === 'verifying' || task.status === 'merging')) {
        const t: TaskRun = {
          ...task,
          gateOutput: event.output,
          gateChecks: event.checks ?? [{ name: event.gate, ok: false }],
          reason: `${event.gate} failed${event.exitCode === null ? '' : ` (exit ${event.exitCode})`}${event.hint ? `; ${event.hint}` : ''}`,
        };
        const retryLimit = gateRetryLimit(event.gate, s.options.maxRetries);
        if (s.options.autoYes) {
          if (t.retries < retryLimit) followUp(s, { ...t, retries: t.retries + 1 }, gateFailurePrompt(t.id, event.gate, event.output), fx);
          else fail(s, t, fx);
        } else ask(s, t, fx, questionFor('gate-failed', t, s, '', retryLimit < s.options.maxRetries ? { retryLimit } : {}));
      }
      break;
    case 'SetupDone':
      onSetupDone(s, event.task);
      break;
    case 'SetupFailed':
      if (task) onSetupFailed(s, task, event, fx);
      break;
    case 'WorktreeMeasured':
      if (task) put({ ...task, worktreeKiB: event.kib });
      break;
    case 'CiStarted':
      if (task?.status === 'ci') put({ ...task, pr: event.pr ?? task.pr, ci: { ...task.ci, summary: event.summary } });
      break;
    case 'CiProgress':
      if (task?.status === 'ci') put({ ...task, ci: { ...task.ci, summary: event.summary } });
      break;
    case 'CiPassed':
      if (task?.status === 'ci') mergeReady(s, { ...task, ci: { status: 'passed', summary: event.summary, log: null, failing: [] } }, fx);
      break;
    case 'CiFailed':
      if (task?.status === 'ci') {
        const t: TaskRun = {
          ...task,
          ci: { status: 'failed', summary: event.summary, log: event.log, failing: event.failing },
          reason: `CI failed: ${event.summary}`,
        };
        if (!s.options.autoYes) ask(s, t, fx, questionFor('ci-failed', t, s));
        else if (t.ciRetries < s.options.maxRetries)
          followUp(s, { ...t, ciRetries: t.ciRetries + 1 }, ciFailurePrompt(t.id, event.summary, event.failing, event.log), fx);
        else fail(s, t, fx);
      }
      break;
    case 'BranchUpdated':
      if (task && (task.status === 'merging' || task.status === 'awaiting-merge')) toCi(s, task, fx);
      break;
    case 'Merged':
      if (task) {
        put({
          ...task,
          status: 'merged',
          question: null,
          endedAtMs: event.atMs,
          reason: null,
          mergeCommit: event.commit,
          commits: event.commits ?? task.commits,
        });
        fx.push({ type: 'StopAgent', task: task.id }, { type: 'Cleanup', task: task.id });
        const behind = s.order.filter((id) => id !== task.id && s.tasks[id]?.status === 'awaiting-merge');
        if (behind.length > 0) fx.push({ type: 'UpdateBranches', tasks: behind });
      }
      break;
    case 'MergeConflicted':
      if (task && ACTIVE.has(task.status)) {
        const t: TaskRun = {
          ...task,
          reason: `merge conflict in ${event.files.join(', ') || 'the integration branch'}`,
          gateOutput: event.files.join('\n'),
          conflicts: event.files,
        };
        if (!s.options.autoYes) ask(s, t, fx, questionFor('merge-conflict', t, s, event.files.join(', ')));
        else if (t.retries < s.options.maxRetries) {
          const start: Effect = { type: 'StartConflictResolution', task: t.id, prompt: null };
          followUp(s, { ...t, retries: t.retries + 1 }, resolveConflictPrompt(t.id, 'the integration branch', event.files), fx, start);
        } else fail(s, t, fx);
      }
      break;
    case 'IntegrationPassed':
      if (s.integration === 'running') s.integration = 'passed';
      break;
    case 'IntegrationFailed':
      if (s.integration === 'running') {
        s.integrationOutput = event.output;
        s.integration = 'failed';
        if (!s.options.autoYes) {
          s.question = questionFor('integration-failed', { id: '' } as TaskRun, s);
          fx.push({ type: 'Ask', question: s.question });
        }
      }
      break;
    case 'TaskOverdue':
      if (task?.status === 'running' && !task.question) flag(s, task, fx, questionFor('overdue', task, s, '', { minutes: event.minutes }));
      break;
    case 'AgentStalled':
      if (task?.status === 'running' && !task.question) flag(s, task, fx, questionFor('stalled', task, s, '', { minutes: event.minutes }));
      break;
    case 'DiskFull':
      if (!s.question) {
        s.paused = true;
        s.question = questionFor('disk-full', { id: '' } as TaskRun, s, `${event.percent}% (${event.path})`);
        fx.push({ type: 'Ask', question: s.question });
      }
      break;
    case 'AgentDialog':
      if (task) onAgentDialog(s, task, event.dialog, event.detail, fx);
      break;
    case 'AgentQuiet':
      if (task) onAgentQuiet(s, task, event.seconds, event.lastLine, fx);
      break;
    case 'AgentApiError':
      if (task) onApiError(s, task, event, fx);
      break;
    case 'ApiHoldEnded':
      onApiHoldEnded(s, event.atMs, fx);
      break;
    case 'TokensCounted':
      if (task) onTokens(s, task, event, fx);
      break;
    case 'Answered':
      answer(s, event.task, event.answer, fx, event.kind);
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
      abort(s, fx, (t) => ACTIVE.has(t.status));
      break;
  }
  return schedule(s, fx);
}

/** After a restart: bring each active task back to where it was. */
function resumeTask(s: RunState, t: TaskRun, fx: Effect[]): void {
  // A run recorded before port slots: an active task gets one now.
  if (ACTIVE.has(t.status) && t.slot === undefined) t = s.tasks[t.id] = { ...t, slot: freeSlot(s, t.id) };
  if (t.status === 'running') {
    // The agent restarts: a permission dialog or a blocker question of the old process is gone with it.
    s.tasks[t.id] = { ...t, agent: 'starting', question: null };
    fx.push({ type: 'StartTask', task: t.id, resume: true, prompt: kiroResumePrompt(s, t) });
  } else if (t.status === 'verifying') fx.push({ type: 'RunGates', task: t.id });
  else if (t.status === 'ci') fx.push({ type: 'RunCi', task: t.id });
  else if (t.status === 'merging') fx.push({ type: 'Merge', task: t.id });
  else if (t.status === 'merged') fx.push({ type: 'Cleanup', task: t.id });
  else if (t.question) fx.push({ type: 'Ask', question: t.question });
}
