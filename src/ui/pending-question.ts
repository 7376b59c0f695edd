/** Which question the bottom bar shows (and the answer keys act on), and how its answers are labelled. Pure. */
import { keyLabel } from '../core/scheduler/answer-keys.js';
import type { Answer, Question, RunState } from '../core/scheduler/types.js';
import { KEYMAP, type KeyBinding } from './keymap.js';

/** The run-level question first, else the selected task's, else the first task (in run order) with one. */
export function pendingQuestion(state: RunState, selectedId: string | undefined): Question | null {
  if (state.question) return state.question;
  const selected = selectedId === undefined ? undefined : state.tasks[selectedId];
  if (selected?.question) return selected.question;
  for (const id of state.order) {
    const q = state.tasks[id]?.question;
    if (q) return q;
  }
  return null;
}

/** How many questions wait in all (run-level and per task). */
export function questionCount(state: RunState): number {
  let n = state.question ? 1 : 0;
  for (const id of state.order) if (state.tasks[id]?.question) n++;
  return n;
}

export function answerKey(answer: Answer, keymap: readonly KeyBinding[] = KEYMAP): string | undefined {
  return keymap.find((b) => b.action === 'answer' && b.answer === answer)?.keys[0];
}

/** What `n` to "Merge 1.1?" does: "skip 1.1 and its 3 dependents" (the tasks that need it are skipped too). */
export const declineText = (task: string, dependents: number): string =>
  `skip ${task}${dependents > 0 ? ` and its ${dependents} dependent${dependents === 1 ? '' : 's'}` : ''}`;

/**
 * The answers as key labels, e.g. ["[y]es", "[n]o: skip 1.2", "al[w]ays", "[d]iff"]. A task question also offers the
 * diff when its answers leave `d` free, since the diff is what a human reads before merging or forcing. `dependents`:
 * how many tasks a merge's `no` skips with its task.
 */
export function answerLabels(q: Question, keymap: readonly KeyBinding[] = KEYMAP, dependents = 0): string[] {
  const labels: string[] = [];
  const used = new Set<string>();
  for (const a of q.answers) {
    const key = answerKey(a, keymap);
    if (key === undefined) continue;
    used.add(key);
    const label = keyLabel(key, a);
    labels.push(q.kind === 'merge' && a === 'no' && q.task ? `${label}: ${declineText(q.task, dependents)}` : label);
  }
  const diffKey = keymap.find((b) => b.action === 'diff')?.keys[0];
  if (q.task !== null && diffKey !== undefined && !used.has(diffKey)) labels.push(keyLabel(diffKey, 'diff'));
  // "CI failed … retry / skip / force / view log": the log is the `v` overlay.
  const ciKey = keymap.find((b) => b.action === 'ci')?.keys[0];
  if (q.kind === 'ci-failed' && ciKey !== undefined && !used.has(ciKey)) labels.push(keyLabel(ciKey, 'view log'));
  return labels;
}
