/**
 * Claude Code 2.1.x screens → the dialog waiting on them. Patterns come from the real 2.1.328 binary
 * (test/fixtures/claude-2.1.328/screens); Claude redraws its UI between releases, so each one is small
 * and named, and hooks stay the first source of truth.
 */
import { type Dialog, type DialogKind, parseOptions, plainText, type ScreenReader, trimBottom } from './dialogs.js';

export const CLAUDE_DIALOGS: {
  kind: DialogKind;
  match: RegExp[];
  title: RegExp | null;
  needsOptions: boolean;
  /** Dialogs answered by a named key instead of a list ("Enter to stay in auto mode · … · Esc to cancel"). */
  answerKeys?: { yes: string; no: string };
}[] = [
  {
    kind: 'login',
    match: [
      /Unable to connect to Anthropic services/,
      /Select login method/i,
      /Sign in with your (?:Claude|Anthropic) account/i,
      // A first start without onboarding opens on its theme picker ("Let's get started."), then sign-in.
      /Choose the text style that looks best with your terminal/,
    ],
    // "Not logged in · Please run /login" and "Invalid API key" come after a turn failed: StopFailure
    // (authentication_failed) says so exactly, so they are not read here.
    title: /Unable to connect[^.]*|Select login method|Let's get started/i,
    needsOptions: false,
  },
  {
    kind: 'trust',
    match: [/Quick safety check/, /Do you trust the files in this folder\?/, /Yes, I trust this folder/],
    title: /Accessing workspace:?\s*\S.*|Is this a project you created or one you trust\?|Do you trust the files in this folder\?/,
    needsOptions: true,
  },
  {
    kind: 'api-key',
    match: [/Detected a custom API key/, /Do you want to use this API key\?/],
    title: /Detected a custom API key[^.]*/,
    needsOptions: true,
  },
  {
    // Auto mode behind a gateway, once per session: stay (and approve each action that needs the check) or leave.
    kind: 'permission',
    match: [/Enter to stay in auto mode/],
    title: /Auto mode can't check actions in this session/,
    needsOptions: false,
    answerKeys: { yes: '\r', no: '\u001b' },
  },
  {
    kind: 'permission',
    match: [/Do you want to proceed\?/, /Auto mode can't check actions/, /Do you want to (?:make this edit|create|allow|run)/],
    title: /Auto mode can't check actions[^.…]*|Do you want to (?:make this edit to|create|allow|run)\s*\S.*\?|Do you want to proceed\?/,
    needsOptions: true,
  },
];

/** "Interrupted · What should Claude do instead?" counts only as the last thing above the prompt box. */
const INTERRUPTED = /Interrupted\s*·\s*What should Claude do instead\?/;
const BUSY = [/esc to interrupt/i, /ctrl\+c to interrupt/i];
/** How far above the bottom of the screen a dialog's words may be (dialogs are drawn at the bottom). */
export const DIALOG_ROWS = 24;

export const claudeReader: ScreenReader = {
  name: 'claude',
  dialog(lines) {
    const tail = trimBottom(lines).slice(-DIALOG_ROWS);
    for (const d of CLAUDE_DIALOGS) {
      const at = tail.findIndex((l) => d.match.some((r) => r.test(l)));
      if (at < 0) continue;
      const below = tail.slice(at);
      const options = parseOptions(below);
      if (d.needsOptions && options.length < 2) continue;
      const title = titleOf(tail, d.title) ?? plainText(tail[at] ?? '');
      return { kind: d.kind, title, options, ...(d.answerKeys ? { answerKeys: d.answerKeys } : {}) } satisfies Dialog;
    }
    const i = lastIndex(tail, [INTERRUPTED]);
    if (i >= 0 && nothingBetween(tail, i) && !tail.some((l) => BUSY.some((r) => r.test(l)))) {
      return { kind: 'interrupted', title: 'interrupted: "What should Claude do instead?"', options: [] };
    }
    return null;
  },
};

const RULE = /^\s*─{10,}\s*$/;

/** Only blank lines between line `i` and the prompt box's top rule (the second rule from the bottom). */
function nothingBetween(lines: readonly string[], i: number): boolean {
  const rules = lines.flatMap((l, k) => (RULE.test(l) ? [k] : []));
  const top = rules.length >= 2 ? (rules[rules.length - 2] as number) : lines.length;
  return top > i && lines.slice(i + 1, top).every((l) => l.trim() === '');
}

function lastIndex(lines: readonly string[], res: RegExp[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (res.some((r) => r.test(lines[i] ?? ''))) return i;
  return -1;
}

function titleOf(lines: readonly string[], re: RegExp | null): string | null {
  if (!re) return null;
  for (const l of lines) {
    const m = re.exec(l);
    if (m)
      return plainText(m[0])
        .replace(/\s*[│┃]\s*$/, '')
        .slice(0, 160);
  }
  return null;
}
