import { describe, expect, it } from 'vitest';
import { claudeDetector, debounce, genericDetector, IDLE_DEBOUNCE_MS } from '../../src/core/agent/screen-detector.js';

const rule = '─'.repeat(40);

describe('claudeDetector', () => {
  const cases: [string, string[], string][] = [
    ['spinner with esc to interrupt', ['✻ Thinking… (12s · ↓ 1.2k tokens · esc to interrupt)', rule, '❯ ', rule], 'busy'],
    ['older ctrl+c hint', ['· Working…', 'ctrl+c to interrupt'], 'busy'],
    [
      'permission dialog',
      ['Bash command', '  rm -rf build', 'Do you want to proceed?', '❯ 1. Yes', '  2. No, and tell Claude what to do differently (esc)'],
      'waiting',
    ],
    ['idle prompt box', ['⏺ Done. Committed the work.', rule, '❯ ', rule, '  ? for shortcuts'], 'idle'],
    ['1.x rounded box', ['╭──────╮', '│ >    │', '╰──────╯'], 'idle'],
    ['Esc interrupt fires no Stop hook', ['Interrupted · What should Claude do instead?'], 'idle'],
    ['trust dialog (new)', ['Quick safety check', '❯ 1. Yes, I trust this folder', '  2. No, exit'], 'trust-dialog'],
    ['trust dialog (old)', ['Do you trust the files in this folder?'], 'trust-dialog'],
    ['blank screen', ['', '', ''], 'unknown'],
  ];
  for (const [name, lines, verdict] of cases) {
    it(name, () => expect(claudeDetector.detect(lines)).toBe(verdict));
  }
  it('looks only at the bottom of the screen', () => {
    const old = ['Do you want to proceed?', ...Array.from({ length: 25 }, () => 'output'), rule, '❯ ', rule];
    expect(claudeDetector.detect(old)).toBe('idle');
  });
});

describe('genericDetector', () => {
  it('reads aider confirm prompts as waiting', () =>
    expect(genericDetector.detect(["Create new file? (Y)es/(N)o/(D)on't ask again [Yes]:"])).toBe('waiting'));
  it('reads esc to interrupt as busy', () => expect(genericDetector.detect(['Working (3s • esc to interrupt)'])).toBe('busy'));
  it('reads a bare prompt as idle', () => expect(genericDetector.detect(['done', '> '])).toBe('idle'));
});

describe('debounce', () => {
  it('reports busy at once but idle only after the screen was still for the debounce time', () => {
    let s = debounce(null, 'busy', 0, 0);
    expect(s.report).toBe('busy');
    s = debounce(s.state, 'idle', 100, 100);
    expect(s.report).toBeNull();
    s = debounce(s.state, 'idle', 100 + IDLE_DEBOUNCE_MS - 1, 100);
    expect(s.report).toBeNull();
    s = debounce(s.state, 'idle', 100 + IDLE_DEBOUNCE_MS, 100);
    expect(s.report).toBe('idle');
    s = debounce(s.state, 'idle', 5000, 100);
    expect(s.report).toBeNull();
  });
  it('restarts the idle clock when the screen changes', () => {
    let s = debounce(null, 'idle', 0, 0);
    s = debounce(s.state, 'idle', IDLE_DEBOUNCE_MS, IDLE_DEBOUNCE_MS - 10);
    expect(s.report).toBeNull();
  });
});
