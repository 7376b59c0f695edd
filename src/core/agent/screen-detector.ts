/**
 * Screen fallback: what an agent is doing, judged from its visible screen lines. Hooks come first;
 * this covers what they miss (Esc interrupts fire no Stop, the trust dialog withholds hooks) and
 * agents without hooks. Pure: screen lines in, a verdict out.
 */

export type ScreenVerdict = 'busy' | 'waiting' | 'idle' | 'trust-dialog' | 'unknown';

export interface Detector {
  name: string;
  detect(lines: readonly string[]): ScreenVerdict;
}

/** Claude Code redraws its UI between releases; keep each pattern small and named. */
const CLAUDE = {
  busy: [/esc to interrupt/i, /ctrl\+c to interrupt/i, /^\s*[✻✶✳✢·*]\s+\S+…/],
  waiting: [/Do you want to proceed\?/, /^\s*❯\s*1\.\s*Yes/, /No, and tell Claude what to do differently/, /esc to cancel/i],
  trust: [/Do you trust the files in this folder\?/, /Yes, I trust this folder/, /Quick safety check/],
  prompt: [/^\s*❯\s/, /^\s*│\s*>\s/],
  interrupted: [/Interrupted · What should Claude do instead\?/],
};

const any = (res: RegExp[], lines: readonly string[]) => lines.some((l) => res.some((r) => r.test(l)));

export const claudeDetector: Detector = {
  name: 'claude',
  detect(lines) {
    const tail = lines.slice(-20);
    if (any(CLAUDE.trust, tail)) return 'trust-dialog';
    if (any(CLAUDE.waiting, tail)) return 'waiting';
    if (any(CLAUDE.busy, tail)) return 'busy';
    if (any(CLAUDE.interrupted, tail) || any(CLAUDE.prompt, tail)) return 'idle';
    return 'unknown';
  },
};

/** aider asks "(Y)es/(N)o/(D)on't ask again"; codex and gemini show "esc to interrupt" while working. */
export const genericDetector: Detector = {
  name: 'generic',
  detect(lines) {
    const tail = lines.slice(-20);
    if (tail.some((l) => /\(Y\)es\/\(N\)o/.test(l) || /Allow (?:execution|this)\?/i.test(l) || /Do you want to proceed\?/.test(l)))
      return 'waiting';
    if (tail.some((l) => /esc to (?:interrupt|cancel)/i.test(l))) return 'busy';
    if (tail.some((l) => /^\s*(?:❯|>|›)\s*$/.test(l))) return 'idle';
    return 'unknown';
  },
};

/** An "idle" verdict counts only after the screen stayed unchanged this long (Claude redraws while thinking). */
export const IDLE_DEBOUNCE_MS = 1500;

export interface DebounceState {
  verdict: ScreenVerdict;
  sinceMs: number;
  reported: ScreenVerdict | null;
}

/** Feeds a new verdict; returns the state and the verdict to report now (null = nothing new). */
export function debounce(
  prev: DebounceState | null,
  verdict: ScreenVerdict,
  nowMs: number,
  changedAtMs: number,
): { state: DebounceState; report: ScreenVerdict | null } {
  const state: DebounceState =
    prev && prev.verdict === verdict ? { ...prev } : { verdict, sinceMs: nowMs, reported: prev?.reported ?? null };
  const stable = verdict !== 'idle' || nowMs - Math.max(state.sinceMs, changedAtMs) >= IDLE_DEBOUNCE_MS;
  if (!stable || verdict === 'unknown' || state.reported === verdict) return { state, report: null };
  state.reported = verdict;
  return { state, report: verdict };
}
