import { cleanLine } from '../plan/clean-text.js';

/**
 * Dialogs an agent CLI shows while it waits for a human, read from its screen. Pure: screen lines in,
 * a dialog out; and the keys that pick one of its options **by its text** (never a blind Enter).
 */

/** What the dialog asks. Each kind becomes its own question in mstui. */
export type DialogKind =
  /** "Is this a project you created or one you trust?" (Claude), "Do you trust the files in this folder?" (Gemini). */
  | 'trust'
  /** "Detected a custom API key in your environment … Do you want to use this API key?" */
  | 'api-key'
  /** A tool use waits for permission ("Do you want to proceed?"), including Claude's auto-mode fallback. */
  | 'permission'
  /** A sign-in / onboarding / "Unable to connect" screen: a human must log in outside mstui. */
  | 'login'
  /** Claude's "Interrupted · What should Claude do instead?": the turn stopped without a Stop hook. */
  | 'interrupted'
  /** The agent asks the human a question of its own (AskUserQuestion, plan approval, an MCP elicitation). */
  | 'input';

export interface DialogOption {
  /** 0-based position in the list as drawn. */
  index: number;
  /** The option's text without its number and cursor ("Yes, I trust this folder"). */
  label: string;
  /** The cursor (❯ ● ›) is on it. */
  selected: boolean;
}

export interface Dialog {
  kind: DialogKind;
  /** One line saying what the dialog asks, for the question text (control characters already stripped). */
  title: string;
  options: DialogOption[];
  /** Keys that answer it directly, for prompts that take typed letters (aider's "(Y)es/(N)o"). */
  answerKeys?: { yes: string; no: string };
}

/** One agent CLI's screen reading: the busy/idle verdict and the dialog on screen, if any. */
export interface ScreenReader {
  name: string;
  dialog(lines: readonly string[]): Dialog | null;
}

/** A dialog as one CLI draws it: what marks it on the screen, and how its title is read. */
export interface DialogPattern {
  kind: DialogKind;
  /** Any of these on a line marks the dialog; options are parsed from that line down. */
  match: RegExp[];
  /** The title shown to the human, read from the screen around the matched line `at`. */
  title: (lines: readonly string[], at: number) => string;
  needsOptions: boolean;
}

/** The first of `patterns` found in `tail` (with its options, when it needs them), or null. */
export function findDialog(tail: readonly string[], patterns: readonly DialogPattern[]): Dialog | null {
  for (const d of patterns) {
    const at = tail.findIndex((l) => d.match.some((r) => r.test(l)));
    if (at < 0) continue;
    const options = parseOptions(tail.slice(at));
    if (d.needsOptions && options.length < 2) continue;
    return { kind: d.kind, title: d.title(tail, at), options };
  }
  return null;
}

/** The screen without its blank bottom rows (dialogs are drawn at the bottom). */
export function trimBottom(lines: readonly string[]): readonly string[] {
  let end = lines.length;
  while (end > 0 && (lines[end - 1] ?? '').trim() === '') end--;
  return lines.slice(0, end);
}

/** "❯ 1. Yes", "  2. No, exit", "● 1. Trust folder", "› 1. Sign in with ChatGPT" → an option. */
const OPTION = /^\s*(?:[│┃|]\s*)?([❯●›>])?\s*(\d+)[.)]\s+(.+?)\s*(?:[│┃|]\s*)?$/;
/** Options without numbers: "❯ No" / "  Yes" (Claude's two-way selects). */
const BARE_OPTION = /^\s*(?:[│┃|]\s*)?([❯●›])?\s{0,3}(Yes|No)\b(.*?)\s*(?:[│┃|]\s*)?$/;

/** The numbered (or bare Yes/No) options drawn in `lines`, in order; a cursor glyph marks the selected one. */
export function parseOptions(lines: readonly string[]): DialogOption[] {
  const numbered: DialogOption[] = [];
  for (const line of lines) {
    const m = OPTION.exec(line);
    if (m?.[3] && Number(m[2]) === numbered.length + 1)
      numbered.push({ index: numbered.length, label: m[3].trim(), selected: Boolean(m[1]) });
  }
  if (numbered.length >= 2) return numbered;
  const bare: DialogOption[] = [];
  for (const line of lines) {
    const m = BARE_OPTION.exec(line);
    if (m?.[2]) bare.push({ index: bare.length, label: `${m[2]}${m[3] ?? ''}`.trim(), selected: Boolean(m[1]) });
  }
  return bare.length >= 2 ? bare : [];
}

const DOWN = '\u001b[B';
const UP = '\u001b[A';

/**
 * Keys that move the cursor from the selected option to the first option whose label matches `want`
 * and confirm it with Enter; null when no option matches (the caller asks a human instead).
 */
export function keysToPick(dialog: Dialog, want: RegExp): string | null {
  const target = dialog.options.find((o) => want.test(o.label));
  if (!target) return null;
  const from = dialog.options.find((o) => o.selected)?.index ?? 0;
  const moves = target.index - from;
  return `${moves >= 0 ? DOWN.repeat(moves) : UP.repeat(-moves)}\r`;
}

/** The options that say yes / no, by their text. `Yes, and don't ask again` is not the plain yes. */
export const PICK = {
  yes: /^(?:Yes(?:$|,? I trust| \(|,? proceed|, continue|, use)|Trust folder\b|Trust and continue\b|Allow once|Yes\b(?!, and))/i,
  no: /^(?:No\b|Don't trust|Deny|Reject)/i,
};

/** Strips what a terminal would act on (escape sequences with their payloads, C0/C1 controls): agent text stays text. */
export function plainText(s: string): string {
  return cleanLine(s).trim();
}
