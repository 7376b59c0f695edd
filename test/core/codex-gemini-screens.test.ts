/**
 * The Codex and Gemini screen readers on the literal screens recorded from the real binaries (tmux 120x32,
 * `capture-pane -p`): test/fixtures/codex-0.169.0/screens and test/fixtures/gemini-0.61.0/screens.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codexDetector, codexReader } from '../../src/core/agent/codex.js';
import { type DialogKind, keysToPick, PICK, type ScreenReader } from '../../src/core/agent/dialogs.js';
import { geminiDetector, geminiReader } from '../../src/core/agent/gemini.js';
import type { Detector, ScreenVerdict } from '../../src/core/agent/screen-detector.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const screen = (dir: string, name: string): string[] => readFileSync(join(FIXTURES, dir, 'screens', `${name}.txt`), 'utf8').split('\n');

const DOWN = '\u001b[B';

interface Case {
  name: string;
  kind: DialogKind | null;
  title?: string;
  labels?: string[];
  selected?: number;
  verdict: ScreenVerdict;
  /** keysToPick(dialog, PICK.yes) / PICK.no; undefined = not checked. */
  yes?: string | null;
  no?: string | null;
}

const CLIS: { dir: string; reader: ScreenReader; detector: Detector; cases: Case[] }[] = [
  {
    dir: 'codex-0.169.0',
    reader: codexReader,
    detector: codexDetector,
    cases: [
      {
        name: 'welcome-sign-in',
        kind: 'login',
        labels: ['Sign in with ChatGPT', 'Sign in with Device Code', 'Sign in another way'],
        selected: 0,
        verdict: 'waiting',
        yes: null,
      },
      {
        name: 'sign-in-another-way',
        kind: 'login',
        labels: ['Use an OpenAI API key', 'Use Amazon Bedrock'],
        selected: 0,
        verdict: 'waiting',
      },
      { name: 'api-key-entry', kind: 'login', labels: [], verdict: 'waiting' },
      {
        name: 'trust-folder',
        kind: 'trust',
        title: 'Trust this folder? /root/.cache/mstui-test-homes/codex.x8SU/repo',
        labels: ['Trust and continue', 'Back to Agent Command Center'],
        selected: 0,
        verdict: 'trust-dialog',
        // The cursor is on "Trust and continue" already: Enter.
        yes: '\r',
      },
      {
        name: 'permission-command',
        kind: 'permission',
        title: "Would you like to run the following command? $ printf '%s\\n' 'hi' > 'hello.txt'",
        labels: [
          'Yes, proceed (y)',
          "Yes, and don't ask again for commands that start with `printf '%s\\n' 'hi' > 'hello.txt'` (p)",
          'No, and tell Codex what to do differently (esc)',
        ],
        selected: 0,
        verdict: 'waiting',
        yes: '\r',
        no: `${DOWN}${DOWN}\r`,
      },
      { name: 'starting-splash', kind: null, verdict: 'unknown' },
      { name: 'busy-working', kind: null, verdict: 'busy' },
      { name: 'busy-reconnecting', kind: null, verdict: 'busy' },
      { name: 'idle-after-onboarding', kind: null, verdict: 'idle' },
      { name: 'turn-done', kind: null, verdict: 'idle' },
      { name: 'turn-done-approved', kind: null, verdict: 'idle' },
    ],
  },
  {
    dir: 'gemini-0.61.0',
    reader: geminiReader,
    detector: geminiDetector,
    cases: [
      {
        name: 'trust-folder',
        kind: 'trust',
        title: 'Do you trust the files in this folder?',
        labels: ['Trust folder (repo)', 'Trust parent folder (gemini.4iqN)', "Don't trust"],
        selected: 0,
        verdict: 'trust-dialog',
        yes: '\r',
        no: `${DOWN}${DOWN}\r`,
      },
      {
        name: 'auth-choice',
        kind: 'login',
        labels: ['Sign in with Google', 'Use Gemini API Key', 'Vertex AI'],
        selected: 0,
        verdict: 'waiting',
        yes: null,
      },
      {
        name: 'auth-choice-api-key-detected',
        kind: 'login',
        labels: ['Sign in with Google', 'Use Gemini API Key', 'Vertex AI'],
        selected: 1,
        verdict: 'waiting',
      },
      { name: 'api-key-entry-prompt-lost', kind: 'login', labels: [], verdict: 'waiting' },
      {
        name: 'permission-write-file',
        kind: 'permission',
        title: 'Apply this change? WriteFile Writing to hello.txt',
        labels: ['Allow once', 'Allow for this session', 'Modify with external editor', 'No, suggest changes (esc)'],
        selected: 0,
        verdict: 'waiting',
        yes: '\r',
        no: `${DOWN}${DOWN}${DOWN}\r`,
      },
      {
        name: 'permission-shell',
        kind: 'permission',
        title: "Allow execution of [Shell]? Shell printf '%s\\n' 'hi' > 'hello.txt'",
        labels: ['Allow once', 'Allow for this session', 'No, suggest changes (esc)'],
        selected: 0,
        verdict: 'waiting',
        yes: '\r',
        no: `${DOWN}${DOWN}\r`,
      },
      { name: 'busy-thinking', kind: null, verdict: 'busy' },
      { name: 'turn-done', kind: null, verdict: 'idle' },
      { name: 'turn-done-shell', kind: null, verdict: 'idle' },
    ],
  },
];

for (const cli of CLIS) {
  describe(`${cli.reader.name} screens (${cli.dir})`, () => {
    it.each(cli.cases)('$name → $kind, $verdict', (c) => {
      const lines = screen(cli.dir, c.name);
      const dialog = cli.reader.dialog(lines);
      expect(cli.detector.detect(lines)).toBe(c.verdict);
      if (c.kind === null) {
        expect(dialog).toBeNull();
        return;
      }
      expect(dialog?.kind).toBe(c.kind);
      if (!dialog) return;
      if (c.title !== undefined) expect(dialog.title).toBe(c.title);
      if (c.labels !== undefined) expect(dialog.options.map((o) => o.label)).toEqual(c.labels);
      if (c.selected !== undefined) expect(dialog.options.findIndex((o) => o.selected)).toBe(c.selected);
      if (c.yes !== undefined) expect(keysToPick(dialog, PICK.yes)).toBe(c.yes);
      if (c.no !== undefined) expect(keysToPick(dialog, PICK.no)).toBe(c.no);
    });
  });
}

describe('picking by text, not position', () => {
  it('Gemini: "Trust folder" is picked from wherever the cursor is', () => {
    const lines = screen('gemini-0.61.0', 'trust-folder').map((l) => l.replace('● 1.', '  1.').replace('  3. Don', '● 3. Don'));
    const dialog = geminiReader.dialog(lines);
    expect(dialog?.options.find((o) => o.selected)?.label).toBe("Don't trust");
    expect(dialog && keysToPick(dialog, PICK.yes)).toBe('\u001b[A\u001b[A\r');
  });

  it('Codex: the login screen has no yes; a human signs in outside mstui', () => {
    const dialog = codexReader.dialog(screen('codex-0.169.0', 'welcome-sign-in'));
    expect(dialog?.title).toMatch(/codex login/);
  });

  it('a dialog scrolled above the reader window is not read', () => {
    const lines = [...screen('gemini-0.61.0', 'trust-folder'), ...Array.from({ length: 40 }, () => 'output')];
    expect(geminiReader.dialog(lines)).toBeNull();
  });
});
