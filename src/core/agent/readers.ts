/** Which screen reader and busy/idle detector an agent profile gets. Pure. */
import type { AgentProfile } from '../config.js';
import { claudeReader } from './claude.js';
import { codexDetector, codexReader } from './codex.js';
import { parseOptions, type ScreenReader } from './dialogs.js';
import { geminiDetector, geminiReader } from './gemini.js';
import { claudeDetector, type Detector, genericDetector } from './screen-detector.js';

/** aider's "(Y)es/(N)o" and other CLIs' "Do you want to proceed?" / "Allow …?" confirmations. */
export const genericReader: ScreenReader = {
  name: 'generic',
  dialog(lines) {
    const tail = lines.slice(-20);
    const yn = tail.findLast((l) => /\(Y\)es\/\(N\)o/.test(l));
    if (yn) {
      return {
        kind: 'permission',
        title: yn.trim().slice(0, 160),
        options: [
          { index: 0, label: 'Yes', selected: false },
          { index: 1, label: 'No', selected: false },
        ],
        answerKeys: { yes: 'y\r', no: 'n\r' },
      };
    }
    const ask = tail.findIndex((l) => /Do you want to proceed\?|Allow (?:execution|this)\b.*\?/i.test(l));
    if (ask < 0) return null;
    const options = parseOptions(tail.slice(ask));
    return options.length >= 2 ? { kind: 'permission', title: (tail[ask] ?? '').trim().slice(0, 160), options } : null;
  },
};

export type ScreenKind = NonNullable<AgentProfile['screen']>;

/** The profile's `screen`, or a guess from its program's name. */
export function screenKind(profile: AgentProfile): ScreenKind {
  if (profile.screen) return profile.screen;
  const program = (profile.command[0] ?? '').split('/').pop() ?? '';
  if (program === 'claude' || program.startsWith('claude')) return 'claude';
  if (program === 'codex') return 'codex';
  if (program === 'gemini') return 'gemini';
  return 'generic';
}

const READERS: Record<ScreenKind, ScreenReader> = {
  claude: claudeReader,
  codex: codexReader,
  gemini: geminiReader,
  generic: genericReader,
};

export function readerFor(profile: AgentProfile): ScreenReader {
  return READERS[screenKind(profile)];
}

const DETECTORS: Record<ScreenKind, Detector> = {
  claude: claudeDetector,
  codex: codexDetector,
  gemini: geminiDetector,
  generic: genericDetector,
};

export function detectorFor(profile: AgentProfile): Detector {
  return DETECTORS[screenKind(profile)];
}
