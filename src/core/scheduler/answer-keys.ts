/**
 * The one table of answer letters. The TUI's keymap, its question bar and the headless asker all read it, so a
 * question shows the same `[r]etry [s]kip [x] abort` on the run screen and in a script's output.
 */
import type { Answer } from './types.js';

/**
 * Each answer's key. A letter is never also a run-screen key of another meaning (`d` is the diff, `p` pause, `a`
 * attach): the task-list keys that answers may reuse are the ones meaning the same thing (retry, skip, force,
 * attach). Letters shared between answers belong to answers no question offers together: approve/deny are the
 * permission question's yes/no, and `always` (merge) and `wait` (overdue, stalled) share `w`.
 */
export const ANSWER_KEYS: Readonly<Record<Answer, string>> = {
  yes: 'y',
  no: 'n',
  always: 'w',
  retry: 'r',
  skip: 's',
  force: 'f',
  abort: 'x',
  approve: 'y',
  deny: 'n',
  continue: 'c',
  hand: 'h',
  wait: 'w',
  nudge: 'u',
  attach: 'a',
};

/** "yes" with key y → "[y]es"; "always" with key w → "al[w]ays"; "abort" with key x → "[x] abort". */
export function keyLabel(key: string, word: string): string {
  const at = word.indexOf(key);
  return at < 0 ? `[${key}] ${word}` : `${word.slice(0, at)}[${key}]${word.slice(at + key.length)}`;
}

/** The answer with its key marked: `[r]etry`, `[y] approve`, `[x] abort`. */
export const answerLabel = (a: Answer): string => keyLabel(ANSWER_KEYS[a], a);

/** The answer a typed reply means among `answers`: its key or the whole word, in any case. */
export function answerFor(answers: readonly Answer[], typed: string): Answer | undefined {
  const t = typed.trim().toLowerCase();
  return answers.find((a) => a === t || ANSWER_KEYS[a] === t);
}
