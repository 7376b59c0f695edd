/**
 * Codex CLI 0.169 screens → the dialog waiting on them, and its busy/idle lines. Patterns come from the real
 * binary (test/fixtures/codex-0.169.0/screens). A turn's end comes from Codex's own `notify` program
 * (hooks-codex-gemini.ts); the screen is the watchdog: sign-in, trust and approvals fire no notify, and the
 * busy/idle verdicts serve profiles with `hooks: "none"`.
 */
import { type DialogPattern, findDialog, plainText, type ScreenReader, trimBottom } from './dialogs.js';
import type { Detector } from './screen-detector.js';

export const CODEX_DIALOGS: DialogPattern[] = [
  {
    // "Welcome to Codex … Choose how you want to use Codex. > 1. Sign in with ChatGPT / 2. Sign in with Device Code /
    // 3. Sign in another way", then "Sign in another way > 1. Use an OpenAI API key", then the API key text box.
    kind: 'login',
    match: [/Choose how you want to use Codex/, /^\s*Sign in another way\s*$/, /Paste or type your API key/, /Sign in with ChatGPT/],
    title: () => 'Codex wants a sign-in (ChatGPT, device code or an API key): run `codex login` outside mstui',
    needsOptions: false,
  },
  {
    // "Folder access <path> Trust this folder? … › 1. Trust and continue 2. Back to Agent Command Center".
    kind: 'trust',
    match: [/Trust this folder\?/],
    title: (lines, at) => `Trust this folder? ${lineAfter(lines.slice(0, at), /^\s*Folder access\s*$/) ?? ''}`.trim(),
    needsOptions: true,
  },
  {
    // "Would you like to run the following command? … › 1. Yes, proceed (y) 2. Yes, and don't ask again … (p)
    // 3. No, and tell Codex what to do differently (esc)".
    kind: 'permission',
    match: [/^\s*Would you like to [^?]+\?\s*$/],
    title: (lines, at) =>
      [lines[at], lines.slice(at).find((l) => /^\s*\$ /.test(l))]
        .map((l) => plainText(l ?? ''))
        .join(' ')
        .trim(),
    needsOptions: true,
  },
];

/** Busy: the status line above the composer, "• Working (3s • esc to interrupt)", "◦ Reconnecting... (11s • esc to interrupt)". */
export const CODEX_BUSY: RegExp[] = [/\besc to interrupt\)/, /^\s*[•◦]\s+Working\b/];

/**
 * Idle: the footer under the composer once a session runs, "← for agents · ? for shortcuts". The start-up splash
 * shows the composer ("› Ask Codex to do anything") with a bare "? for shortcuts" before the first prompt is
 * submitted, so the composer alone does not mean idle.
 */
export const CODEX_IDLE: RegExp[] = [/^\s*← for agents · \? for shortcuts/];

/** How far above the bottom of the screen a dialog's words may be (Codex draws them full-screen or at the bottom). */
export const CODEX_DIALOG_ROWS = 32;

export const codexReader: ScreenReader = {
  name: 'codex',
  dialog(lines) {
    const tail = trimBottom(lines).slice(-CODEX_DIALOG_ROWS);
    return findDialog(tail, CODEX_DIALOGS);
  },
};

/** The screen verdict for Codex: a dialog waits, else busy, else idle (debounce idle as for any agent). */
export const codexDetector: Detector = {
  name: 'codex',
  detect(lines) {
    const dialog = codexReader.dialog(lines);
    if (dialog) return dialog.kind === 'trust' ? 'trust-dialog' : 'waiting';
    const tail = lines.slice(-12);
    if (tail.some((l) => CODEX_BUSY.some((r) => r.test(l)))) return 'busy';
    if (tail.some((l) => CODEX_IDLE.some((r) => r.test(l)))) return 'idle';
    return 'unknown';
  },
};

/** The first non-blank line after the last line matching `re` (the path under "Folder access"). */
function lineAfter(lines: readonly string[], re: RegExp): string | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!re.test(lines[i] ?? '')) continue;
    const next = lines.slice(i + 1).find((l) => l.trim() !== '');
    return next ? plainText(next) : null;
  }
  return null;
}
