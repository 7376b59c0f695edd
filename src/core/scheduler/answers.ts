/** What each answer to each question does. Pure; mutates the draft state `s`. */
import { runTokens } from './agent-events.js';
import { answerBeforeStart } from './before-start.js';
import { dropForced, forcedCi, forcedGate } from './forced.js';
import { answerKiro, kiroTurnEnded } from './kiro.js';
import { ciFailurePrompt, gateFailurePrompt, handoffFollowUp, nudgePrompt, resolveConflictPrompt, waitingNudge } from './prompts.js';
import { questionFor } from './questions.js';
import { answerSetup } from './setup.js';
import { abort, ask, followUp, mergeReady, onTurnEnded, skip, toCi } from './transitions.js';
import { ACTIVE, type Answer, type Effect, type QuestionKind, type RunState, type TaskRun } from './types.js';

const INTEGRATION = 'the integration branch';

/** `kind`: the kind of question the answer was meant for; given and not the pending one's, the answer is dropped. */
export function answer(s: RunState, taskId: string | null, a: Answer, fx: Effect[], kind?: QuestionKind): void {
  if (taskId === null) {
    if (kind === undefined || s.question?.kind === kind) runAnswer(s, a, fx);
    return;
  }
  const t = s.tasks[taskId];
  const q = t?.question;
  if (!t || !q?.answers.includes(a) || (kind !== undefined && q.kind !== kind)) return;
  // The UI opens the agent's screen; the question stays until the screen moves on or another answer comes.
  if (a === 'attach') return;
  if (a === 'abort') {
    s.tasks[t.id] = { ...t, question: null };
    abort(s, fx, (o) => ACTIVE.has(o.status));
    return;
  }
  if (a === 'skip') {
    skip(s, t, 'skipped by the user', fx);
    return;
  }
  const title = s.info[t.id]?.title ?? t.id;
  switch (q.kind) {
    case 'permission':
      s.tasks[t.id] = { ...t, agent: 'busy', question: null };
      fx.push({ type: 'AnswerDialog', task: t.id, dialog: 'permission', pick: a === 'approve' ? 'yes' : 'no' });
      return;
    case 'trust':
    case 'api-key':
      s.tasks[t.id] = { ...t, agent: 'busy', question: null };
      fx.push({ type: 'AnswerDialog', task: t.id, dialog: q.kind, pick: a === 'yes' ? 'yes' : 'no' });
      return;
    case 'login':
      // Restart the agent: a human logged in meanwhile.
      s.tasks[t.id] = { ...t, agent: 'starting', question: null };
      fx.push({ type: 'StartTask', task: t.id, resume: true, prompt: null });
      return;
    case 'waiting':
      s.tasks[t.id] = { ...t, agent: 'busy', question: null };
      if (a === 'nudge') fx.push({ type: 'SendPrompt', task: t.id, prompt: waitingNudge(t.id) });
      return;
    case 'finding':
      // The finding held and the user says go on: from where the task was when it was reported.
      if (q.findingAt === 'gates') toCi(s, { ...t, question: null }, fx);
      else if (!kiroTurnEnded(s, { ...t, question: null }, fx)) onTurnEnded(s, { ...t, question: null }, fx);
      return;
    case 'phase-approval':
    case 'deliverable-missing':
      answerKiro(s, t, q.kind, a, fx);
      return;
    case 'setup-failed':
      answerSetup(s, t, a, fx);
      return;
    case 'budget':
      s.tasks[t.id] = { ...t, question: null, budgetAcked: true };
      if (s.options.budgets?.runTokens && runTokens(s) > s.options.budgets.runTokens) s.runBudgetAcked = true;
      return;
    case 'merge':
      if (a === 'yes' || a === 'always') {
        if (a === 'always') s.alwaysMerge = true;
        s.tasks[t.id] = { ...t, status: 'merging', question: null, approved: true };
        fx.push({ type: 'Merge', task: t.id });
      } else skip(s, t, 'merge declined', fx);
      return;
    case 'handoff-missing':
      if (a === 'retry') followUp(s, { ...t, followUps: t.followUps + 1 }, handoffFollowUp(t.id, title), fx);
      else if (a === 'force') {
        s.tasks[t.id] = { ...t, status: 'verifying', handoff: true, question: null };
        fx.push({ type: 'RunGates', task: t.id });
      }
      return;
    case 'gate-failed':
      if (a === 'retry')
        followUp(s, { ...t, retries: t.retries + 1 }, gateFailurePrompt(t.id, t.reason ?? 'check', t.gateOutput ?? ''), fx);
      else if (a === 'force') toCi(s, { ...t, reason: `forced past: ${t.reason ?? 'a failed gate'}`, forced: forcedGate(t) }, fx);
      return;
    case 'ci-failed':
      if (a === 'retry') {
        followUp(s, { ...t, ciRetries: t.ciRetries + 1 }, ciFailurePrompt(t.id, t.ci.summary, t.ci.failing, t.ci.log ?? ''), fx);
      } else if (a === 'force') {
        mergeReady(s, { ...t, ci: { ...t.ci, status: 'forced' }, reason: `CI forced: ${t.ci.summary}`, forced: forcedCi(t) }, fx);
      } else if (a === 'continue') verifyAgain(s, t, fx);
      return;
    case 'merge-conflict': {
      const files = t.conflicts ?? [];
      const start: Effect = { type: 'StartConflictResolution', task: t.id, prompt: null };
      if (a === 'retry') followUp(s, { ...t, retries: t.retries + 1 }, resolveConflictPrompt(t.id, INTEGRATION, files), fx, start);
      else if (a === 'hand') {
        ask(s, t, fx, questionFor('conflict-by-hand', t, s));
        fx.push(start);
      }
      return;
    }
    case 'conflict-by-hand':
      if (a === 'continue') verifyAgain(s, t, fx);
      return;
    case 'overdue':
      s.tasks[t.id] = { ...t, question: null, extensions: t.extensions + (a === 'wait' ? 1 : 0) };
      if (a === 'nudge') fx.push({ type: 'SendPrompt', task: t.id, prompt: nudgePrompt(t.id, 'overdue', q.minutes) });
      return;
    case 'stalled':
      s.tasks[t.id] = { ...t, question: null };
      if (a === 'nudge') fx.push({ type: 'SendPrompt', task: t.id, prompt: nudgePrompt(t.id, 'stalled', q.minutes) });
      return;
    default:
      return;
  }
}

/** The user fixed it by hand in the worktree: the gates (and CI) run again. */
function verifyAgain(s: RunState, t: TaskRun, fx: Effect[]): void {
  s.tasks[t.id] = { ...dropForced(t, () => true), status: 'verifying', question: null };
  fx.push({ type: 'RunGates', task: t.id });
}

/** Answers to the run-level question (task null). */
function runAnswer(s: RunState, a: Answer, fx: Effect[]): void {
  const q = s.question;
  if (!q?.answers.includes(a)) return;
  s.question = null;
  switch (q.kind) {
    case 'plan-review':
    case 'baseline-failed':
      answerBeforeStart(s, q.kind, a);
      return;
    case 'confirm-deps':
      if (a === 'yes') s.confirmed = true;
      else s.halted = s.aborted = true;
      return;
    case 'integration-failed':
      if (a === 'retry') {
        s.integration = 'running';
        fx.push({ type: 'RunIntegration' });
      } else if (a === 'force') s.integration = 'accepted';
      else {
        s.integration = 'failed';
        s.halted = s.aborted = true;
      }
      return;
    case 'disk-full':
      if (a === 'continue') s.paused = false;
      else abort(s, fx, (o) => ACTIVE.has(o.status));
      return;
    default:
      return;
  }
}
