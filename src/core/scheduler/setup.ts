/**
 * commands.setup in a task's new worktree, before its agent starts: its success is recorded (a resumed run does not
 * run it again), its failure is a question (retry / skip the task / abort), never a failed task without asking.
 * `--yes` retries it once, then fails the task with the setup's output. Pure; mutates the draft state `s`.
 */
import { kiroFirstPrompt, kiroResumePrompt } from './kiro.js';
import { questionFor } from './questions.js';
import { ask, fail } from './transitions.js';
import type { Answer, Effect, Event, RunState, TaskRun } from './types.js';

/** How often `--yes` runs a failed setup again before the task fails. */
export const SETUP_AUTO_RETRIES = 1;

export function onSetupDone(s: RunState, taskId: string | null): void {
  if (taskId === null) {
    s.integrationSetupDone = true;
    return;
  }
  const t = s.tasks[taskId];
  if (t) s.tasks[taskId] = { ...t, setupDone: true };
}

export function onSetupFailed(s: RunState, t: TaskRun, e: Extract<Event, { type: 'SetupFailed' }>, fx: Effect[]): void {
  // Setup runs while the task is starting; a task skipped or stopped meanwhile stays as it is.
  if (t.status !== 'running') return;
  const how = e.exitCode === null ? 'timed out' : `exit ${e.exitCode}`;
  const failed: TaskRun = {
    ...t,
    agent: 'none',
    setupDone: false,
    reason: `setup failed (commands.setup: ${e.command}, ${how})`,
    gateOutput: e.output,
  };
  if (!s.options.autoYes) ask(s, failed, fx, questionFor('setup-failed', failed, s));
  else if ((t.setupRetries ?? 0) < SETUP_AUTO_RETRIES) startAgain(s, { ...failed, setupRetries: (t.setupRetries ?? 0) + 1 }, fx);
  else fail(s, failed, fx);
}

/** `retry` runs the setup again (and then starts the agent); skip and abort are every question's. */
export function answerSetup(s: RunState, t: TaskRun, a: Answer, fx: Effect[]): void {
  if (a === 'retry') startAgain(s, t, fx);
}

/** The task starts again from its setup: a new agent, or its known session resumed. */
function startAgain(s: RunState, t: TaskRun, fx: Effect[]): void {
  const resume = t.sessionId !== null;
  s.tasks[t.id] = { ...t, status: 'running', agent: 'starting', question: null };
  fx.push({ type: 'StartTask', task: t.id, resume, prompt: resume ? kiroResumePrompt(s, t) : kiroFirstPrompt(s, t.id) });
}
