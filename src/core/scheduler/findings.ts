/**
 * Seed 000's guardrail for unexpected findings: an agent that says the task was already done, that the files it names
 * do not exist, or that what it looked for is not there is asked once to double-check another way; if it says so
 * again, the finding held: a human decides (continue / skip), or with --yes the run goes on and the finding is kept
 * for the output and the report. Pure; mutates the draft state `s`.
 */
import { detectFinding, FINDING_LABEL, type Finding } from '../agent/findings.js';
import { doubleCheckPrompt } from './prompts.js';
import { questionFor } from './questions.js';
import { ask, followUp } from './transitions.js';
import type { Effect, RunState, TaskRun } from './types.js';

/**
 * Reads `text` — the agent's last message as its turn ended (`at: 'turn'`), or its handoff section once its gates
 * passed (`at: 'gates'`) — for a finding. Returns the task to carry on with (recording a finding that held under
 * --yes), or null when the finding took the task's next step: the double-check prompt, or the question.
 */
export function afterFinding(s: RunState, t: TaskRun, text: string | undefined, at: 'turn' | 'gates', fx: Effect[]): TaskRun | null {
  if (t.findings?.length) return t;
  const f = detectFinding(text);
  if (!f) return t;
  if (!t.findingCheck) {
    followUp(s, { ...t, findingCheck: f }, doubleCheckPrompt(t.id, f.quote), fx);
    return null;
  }
  const held: TaskRun = { ...t, findings: [f] };
  if (s.options.autoYes) return held;
  ask(s, held, fx, questionFor('finding', held, s, findingText(f), { findingAt: at }));
  return null;
}

/** `already done: "This was already implemented."` */
export const findingText = (f: Finding): string => `${FINDING_LABEL[f.kind]}: "${f.quote}"`;
