/** Dialog options parsed from screen lines, and the keys that pick one by its text. */
import { describe, expect, it } from 'vitest';
import { claudeReader } from '../../src/core/agent/claude.js';
import { keysToPick, PICK, parseOptions, plainText } from '../../src/core/agent/dialogs.js';
import { genericReader } from '../../src/core/agent/readers.js';
import { splitKeys } from '../../src/engine/screen-watch.js';

const DOWN = '\u001b[B';
const UP = '\u001b[A';

describe('parseOptions and keysToPick', () => {
  it('numbered options, cursor on the first: yes is Enter, no moves down to it', () => {
    const lines = [
      ' Do you want to proceed?',
      ' ❯ 1. Yes',
      "   2. Yes, and don't ask again for git commands",
      '   3. Yes, and switch to auto mode',
      '   4. No',
    ];
    const options = parseOptions(lines);
    expect(options.map((o) => [o.label, o.selected])).toEqual([
      ['Yes', true],
      ["Yes, and don't ask again for git commands", false],
      ['Yes, and switch to auto mode', false],
      ['No', false],
    ]);
    const d = { kind: 'permission' as const, title: 't', options };
    expect(keysToPick(d, PICK.yes)).toBe('\r');
    expect(keysToPick(d, PICK.no)).toBe(`${DOWN}${DOWN}${DOWN}\r`);
  });

  it('bare options with the cursor on No (the auto-mode fallback): yes moves to Yes, never a blind Enter', () => {
    const options = parseOptions(["Auto mode can't check actions in this session", 'Do you want to proceed?', ' ❯ No', '   Yes']);
    expect(options.map((o) => [o.label, o.selected])).toEqual([
      ['No', true],
      ['Yes', false],
    ]);
    expect(keysToPick({ kind: 'permission', title: '', options }, PICK.yes)).toBe(`${DOWN}\r`);
  });

  it('the trust dialog with the cursor on "No, exit" below: yes moves up', () => {
    const options = parseOptions(['   1. Yes, I trust this folder', ' ❯ 2. No, exit']);
    expect(keysToPick({ kind: 'trust', title: '', options }, PICK.yes)).toBe(`${UP}\r`);
    expect(keysToPick({ kind: 'trust', title: '', options }, PICK.no)).toBe('\r');
  });

  it('no option that matches: null (a human is asked instead)', () => {
    const options = parseOptions(['❯ 1. Sign in with ChatGPT', '  2. Sign in with Device Code']);
    expect(keysToPick({ kind: 'login', title: '', options }, PICK.yes)).toBeNull();
  });

  it('splitKeys sends each arrow and Enter on its own', () => {
    expect(splitKeys(`${DOWN}${UP}\r`)).toEqual([DOWN, UP, '\r']);
  });

  it('plainText strips escapes and control characters', () => {
    expect(plainText('\u001b[31mred\u001b[0m\u0007 ok\u009b')).toBe('red ok');
    // A title-setting OSC goes with its payload.
    expect(plainText('\u001b]0;pwned\u0007trust? 信頼 ✓')).toBe('trust? 信頼 ✓');
  });
});

describe('claudeReader on Claude Code 2.1 screens', () => {
  const trust = [
    ' Accessing workspace:',
    '',
    ' /home/me/repo',
    '',
    ' Quick safety check: Is this a project you created or one you trust? (Like your own code, a well-known open source',
    " project, or work from your team). If not, take a moment to review what's in this folder first.",
    '',
    ' ❯ 1. No, exit',
    '   2. Yes, I trust this folder',
    '',
    ' Enter to confirm · Esc to cancel',
  ];
  it('reads the trust dialog and picks "Yes, I trust this folder" by text', () => {
    const d = claudeReader.dialog(trust);
    expect(d?.kind).toBe('trust');
    expect(d && keysToPick(d, PICK.yes)).toBe(`${DOWN}\r`);
  });

  it('reads the API key dialog (default No) and the permission prompt', () => {
    const key = claudeReader.dialog([
      ' Detected a custom API key in your environment',
      ' ANTHROPIC_API_KEY: sk-ant-...abcd',
      ' Do you want to use this API key?',
      '   1. Yes',
      ' ❯ 2. No (recommended)',
    ]);
    expect(key?.kind).toBe('api-key');
    expect(key && keysToPick(key, PICK.yes)).toBe(`${UP}\r`);
    const perm = claudeReader.dialog([' Bash command', '   rm -rf build', ' Do you want to proceed?', ' ❯ 1. Yes', '   2. No']);
    expect(perm?.kind).toBe('permission');
  });

  it('reads "Unable to connect" as a sign-in screen, and an interrupted turn only at the bottom', () => {
    expect(claudeReader.dialog(['Unable to connect to Anthropic services', 'Failed to connect to api.anthropic.com'])?.kind).toBe('login');
    const interrupted = ['> do it', '  ⎿  Interrupted · What should Claude do instead?', '', '─'.repeat(20), '❯ ', '─'.repeat(20)];
    expect(claudeReader.dialog(interrupted)?.kind).toBe('interrupted');
    const later = [...interrupted.slice(0, 2), ...Array.from({ length: 12 }, (_, i) => `line ${i}`), '✻ Working… (esc to interrupt)'];
    expect(claudeReader.dialog(later)).toBeNull();
  });

  it('an idle prompt is no dialog', () => {
    expect(claudeReader.dialog(['─'.repeat(20), '❯ ', '─'.repeat(20), '  ? for shortcuts'])).toBeNull();
  });
});

describe('genericReader', () => {
  it("aider's (Y)es/(N)o takes typed letters", () => {
    const d = genericReader.dialog(['Add file to the chat? (Y)es/(N)o [Yes]:']);
    expect(d?.answerKeys).toEqual({ yes: 'y\r', no: 'n\r' });
  });
});
