/**
 * Gemini CLI 0.61 screens → the dialog waiting on them, and its busy/idle lines. Patterns come from the real
 * binary (test/fixtures/gemini-0.61.0/screens). Busy, idle and permission waits come from Gemini's own hooks
 * (hooks-codex-gemini.ts, injected through GEMINI_CLI_SYSTEM_SETTINGS_PATH); the screen is the watchdog for what
 * fires no hook (trust, authentication) and answers permission dialogs by their text; the busy/idle verdicts
 * serve profiles with `hooks: "none"`.
 */
import { type DialogPattern, findDialog, plainText, type ScreenReader } from './dialogs.js';
import type { Detector } from './screen-detector.js';

/** "│ ? WriteFile  Writing to hello.txt │" → "WriteFile  Writing to hello.txt": the tool a permission is for. */
const TOOL_LINE = /^\s*│\s*\?\s+(\S.*?)\s*│?\s*$/;

export const GEMINI_DIALOGS: DialogPattern[] = [
  {
    // "Do you trust the files in this folder? … ● 1. Trust folder (repo) 2. Trust parent folder (…) 3. Don't trust".
    kind: 'trust',
    match: [/Do you trust the files in this folder\?/],
    title: () => 'Do you trust the files in this folder?',
    needsOptions: true,
  },
  {
    // "? Get started  How would you like to authenticate for this project? ● 1. Sign in with Google 2. Use Gemini
    // API Key 3. Vertex AI", then "Enter Gemini API Key … Please enter your Gemini API key".
    kind: 'login',
    match: [/How would you like to authenticate for this project\?/, /^\s*│?\s*Enter Gemini API Key\b/],
    title: () => 'Gemini wants an authentication method: set security.auth.selectedType (or run `gemini` once outside mstui)',
    needsOptions: false,
  },
  {
    // "? Shell printf … Allow execution of [Shell]? ● 1. Allow once 2. Allow for this session 3. No, suggest
    // changes (esc)"; "? WriteFile Writing to hello.txt … Apply this change? ● 1. Allow once …".
    kind: 'permission',
    match: [/^\s*│?\s*(?:Allow execution of .*\?|Apply this change\?|Do you want to proceed\?)\s*│?\s*$/],
    title: (lines, at) => {
      const question = plainText((lines[at] ?? '').replace(/│/g, ''));
      const tool = lines
        .slice(0, at)
        .map((l) => TOOL_LINE.exec(l)?.[1])
        .findLast((t) => t !== undefined);
      return tool ? `${question} ${plainText(tool).replace(/\s+/g, ' ')}` : question;
    },
    needsOptions: true,
  },
];

/** Busy: the spinner line above the composer, "⠇ Thinking... (esc to cancel, 4s)"; hooks show "⠼ Executing Hooks: …". */
export const GEMINI_BUSY: RegExp[] = [/\(esc to cancel, \d[\dhms ]*\)/, /^\s*[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]\s+Executing Hooks\b/];

/** Idle: the empty composer ("> Type your message or @path/to/file"), when no spinner line is above it. */
export const GEMINI_IDLE: RegExp[] = [/^\s*>\s+Type your message or @path\/to\/file/];

/** How far above the bottom of the screen a dialog's words may be. */
export const GEMINI_DIALOG_ROWS = 32;

export const geminiReader: ScreenReader = {
  name: 'gemini',
  dialog(lines) {
    const tail = lines.slice(-GEMINI_DIALOG_ROWS);
    return findDialog(tail, GEMINI_DIALOGS);
  },
};

/** The screen verdict for Gemini: a dialog waits, else busy, else idle (debounce idle as for any agent). */
export const geminiDetector: Detector = {
  name: 'gemini',
  detect(lines) {
    const dialog = geminiReader.dialog(lines);
    if (dialog) return dialog.kind === 'trust' ? 'trust-dialog' : 'waiting';
    if (lines.some((l) => GEMINI_BUSY.some((r) => r.test(l)))) return 'busy';
    if (lines.some((l) => GEMINI_IDLE.some((r) => r.test(l)))) return 'idle';
    return 'unknown';
  },
};
