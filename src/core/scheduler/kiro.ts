/**
 * Seed 002's kiro workflow: a task with `kiro_workflow` walks Design → Spec → Task → Execute as four turns of the
 * same agent session. At the end of each of the first three turns the engine checks the phase's deliverable file
 * (CheckDeliverable → DeliverableChecked); a missing one gets one follow-up, then a question; a phase the plan
 * asks approval for asks a human (--yes approves); then the next phase's prompt is typed. Execute is the usual
 * task flow (handoff, gates, CI, merge). The phase lives in the task's state: replaying the events rebuilds it.
 */
import type { KiroPhase } from '../plan/model.js';
import { deliverableFollowUp, deliverablePath, nextPhase, phasePrompt, redoPrompt, resumePhasePrompt } from './kiro-text.js';
import { questionFor } from './questions.js';
import { ask, fail, followUp } from './transitions.js';
import type { Answer, Effect, RunState, TaskRun } from './types.js';

/** Follow-ups asking for a missing deliverable before a human is asked (with --yes: plus maxRetries). */
export const AUTO_DELIVERABLE_FOLLOW_UPS = 1;

const isKiro = (s: RunState, id: string): boolean => s.info[id]?.kiro !== undefined;

/** A kiro task starts (or starts over) at the Design phase: the fields its run gets. */
export function kiroStart(s: RunState, id: string): Partial<TaskRun> {
  return isKiro(s, id) ? { phase: 'design', phaseFollowUps: 0 } : {};
}

/** The prompt typed after the task's own prompt when it starts: the Design phase's (null: not a kiro task). */
export function kiroFirstPrompt(s: RunState, id: string): string | null {
  return isKiro(s, id) ? phasePrompt(id, 'design') : null;
}

/** After a restart mid-phase: the phase's prompt again (null: not a kiro task, or it is executing). */
export function kiroResumePrompt(s: RunState, t: TaskRun): string | null {
  return isKiro(s, t.id) && t.phase && t.phase !== 'execute' ? resumePhasePrompt(t.id, t.phase) : null;
}

/** The turn of a kiro phase before Execute ended: check its deliverable. False: the usual turn end applies. */
export function kiroTurnEnded(s: RunState, t: TaskRun, fx: Effect[]): boolean {
  if (!isKiro(s, t.id) || !t.phase || t.phase === 'execute') return false;
  s.tasks[t.id] = { ...t, question: null };
  fx.push({ type: 'CheckDeliverable', task: t.id, phase: t.phase, path: deliverablePath(t.id, t.phase) });
  return true;
}

/** The engine looked at the phase's file. A check of an earlier phase (a duplicate turn end) changes nothing. */
export function onDeliverableChecked(s: RunState, t: TaskRun, phase: KiroPhase, ok: boolean, fx: Effect[]): void {
  if (t.status !== 'running' || t.phase !== phase || phase === 'execute') return;
  if (ok) {
    const gated = (s.info[t.id]?.kiro?.approval ?? []).some((p) => p === phase);
    if (gated && !s.options.autoYes) ask(s, { ...t, reason: null }, fx, questionFor('phase-approval', t, s));
    else advance(s, t, fx);
    return;
  }
  const n = t.phaseFollowUps ?? 0;
  const reason = `no ${deliverablePath(t.id, phase)} after the ${phase} phase`;
  if (n < AUTO_DELIVERABLE_FOLLOW_UPS || (s.options.autoYes && n < AUTO_DELIVERABLE_FOLLOW_UPS + s.options.maxRetries)) {
    followUp(s, { ...t, phaseFollowUps: n + 1, reason }, deliverableFollowUp(t.id, phase), fx);
  } else if (s.options.autoYes) fail(s, { ...t, reason }, fx);
  else ask(s, { ...t, reason }, fx, questionFor('deliverable-missing', t, s));
}

/** Answers to phase-approval and deliverable-missing (skip and abort are handled for every question). */
export function answerKiro(s: RunState, t: TaskRun, kind: 'phase-approval' | 'deliverable-missing', a: Answer, fx: Effect[]): void {
  const phase = t.phase;
  if (!phase || phase === 'execute') return;
  const open: TaskRun = { ...t, question: null };
  if (kind === 'phase-approval') {
    if (a === 'approve') advance(s, open, fx);
    else if (a === 'retry') followUp(s, { ...open, phaseFollowUps: 0 }, redoPrompt(t.id, phase), fx);
    return;
  }
  if (a === 'retry') followUp(s, { ...open, phaseFollowUps: (t.phaseFollowUps ?? 0) + 1 }, deliverableFollowUp(t.id, phase), fx);
  else if (a === 'force') advance(s, { ...open, reason: `forced past: ${t.reason ?? 'a missing deliverable'}` }, fx);
}

/** The next phase starts: its prompt is typed into the same session. */
function advance(s: RunState, t: TaskRun, fx: Effect[]): void {
  const next = nextPhase(t.phase ?? 'design');
  followUp(
    s,
    { ...t, phase: next, phaseFollowUps: 0, reason: t.reason?.startsWith('forced past') ? t.reason : null },
    phasePrompt(t.id, next),
    fx,
  );
}
