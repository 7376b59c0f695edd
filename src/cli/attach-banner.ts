/**
 * The status line an attached terminal shows for a few seconds: which task it is attached to and the key that
 * comes back. Drawn over the agent's bottom row in reverse video (the agent keeps its whole terminal, as with
 * dtach or `tmux attach`), then that row is put back from the agent's screen.
 */
import { cleanLine } from '../core/plan/clean-text.js';

/** How long the line stays: long enough to read it, short enough not to hide the agent's own bottom row for long. */
export const ATTACH_BANNER_MS = 4000;

/** The detach key as the line names it. */
export const DETACH_KEY_NAME = 'Ctrl-]';

export function bannerText(task: string): string {
  return `mstui · attached to ${cleanLine(task)} · ${DETACH_KEY_NAME} to detach`;
}

/** Save the cursor (DECSC), draw on the bottom row, restore the cursor and its attributes (DECRC). */
const onBottomRow = (rows: number, text: string): string =>
  `\u001b7\u001b[${Math.max(1, rows)};1H\u001b[0m\u001b[2K${text}\u001b[0m\u001b8`;

/** The line, reverse video across the whole width. */
export function showBanner(task: string, cols: number, rows: number): string {
  const width = Math.max(1, cols);
  const text = ` ${bannerText(task)} `;
  const fitted = [...text].slice(0, width).join('').padEnd(width);
  return onBottomRow(rows, `\u001b[7m${fitted}`);
}

/** The agent's own bottom row again (`row`: that row with its colours, from the agent's screen). */
export function hideBanner(row: string, rows: number): string {
  return onBottomRow(rows, row);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what this recognises
const COMPLETE_ESCAPE = /^\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[ -/]+[0-~]|[0-Z\\^-~])/;

/**
 * True when the agent's output chunk ends inside an escape sequence (a pty read can split one): the status line
 * must not be drawn into the middle of it, or the rest of the agent's sequence would print as text.
 */
export function endsInsideEscape(chunk: string): boolean {
  const at = chunk.lastIndexOf('\u001b');
  if (at < 0) return false;
  const m = COMPLETE_ESCAPE.exec(chunk.slice(at));
  return m === null;
}

/** The agent's output with the status line drawn after it (while the line is up and the chunk ends cleanly). */
export function withBanner(chunk: string, up: boolean, task: string, cols: number, rows: number): string {
  return up && !endsInsideEscape(chunk) ? `${chunk}${showBanner(task, cols, rows)}` : chunk;
}
