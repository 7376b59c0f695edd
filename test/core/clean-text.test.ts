import { describe, expect, it } from 'vitest';
import { assemblePlan } from '../../src/core/plan/assemble.js';
import { cleanLine, cleanText } from '../../src/core/plan/clean-text.js';
import { parseMarkdownPlan } from '../../src/core/plan/parse-markdown.js';

/** Anything a terminal would act on: C0 except tab and newline, DEL, C1 (ESC is C0). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('cleanText', () => {
  const cases: [string, string, string][] = [
    ['OSC window title (BEL)', 'a\u001b]0;pwned\u0007b', 'ab'],
    ['OSC hyperlink (ST)', '\u001b]8;;https://x.invalid\u001b\\link\u001b]8;;\u001b\\', 'link'],
    ['OSC without terminator stops at the line end', 'a\u001b]0;pwned\nb', 'a\nb'],
    ['clear screen', '\u001b[2Jtext', 'text'],
    ['SGR colour', '\u001b[31mred\u001b[0m', 'red'],
    ['private CSI', '\u001b[?1049hx\u001b[?25l', 'x'],
    ['8-bit CSI', 'a\u009b2Jb', 'ab'],
    ['8-bit OSC', 'a\u009d0;t\u009cb', 'ab'],
    ['DCS', 'a\u001bPq#0\u001b\\b', 'ab'],
    ['ESC c (reset), ESC ( B', '\u001bca\u001b(Bb', 'ab'],
    ['a lone ESC at the end', 'a\u001b', 'a'],
    ['NUL, BEL, backspace, DEL, C1 NEL', 'a\u0000\u0007\u0008\u007f\u0085b', 'ab'],
    ['CRLF and a lone CR', 'a\r\nb\rc', 'a\nbc'],
    ['newlines and tabs are kept', 'line 1\n\tindented\n', 'line 1\n\tindented\n'],
    ['unicode is kept', 'Café 日本語 🚀 ⚠️ naïve — ✓', 'Café 日本語 🚀 ⚠️ naïve — ✓'],
  ];
  it.each(cases)('%s', (_, input, expected) => {
    expect(cleanText(input)).toBe(expected);
    expect(cleanText(input)).not.toMatch(CONTROL);
  });

  it('cleanLine makes one trimmed line', () => {
    expect(cleanLine(' a\tb\nc \u001b[0m')).toBe('a b c');
  });
});

describe('assemblePlan cleans the text it keeps', () => {
  const HOSTILE = 'Café \u001b]0;pwned\u0007日本語 \u001b[2J🚀 \u001b[31mred\u001b[0m\u0000 \u009b2Jdone';
  it('titles, type, files and body lose their control characters; unicode, newlines and tabs stay', () => {
    const text = [
      `# Milestone 1: ${HOSTILE}`,
      '',
      `## Task 1.1: ${HOSTILE}`,
      '**Type:** CODING\u001b[2J',
      '**Files:** `src/a\u0007.ts`',
      '',
      `Body ${HOSTILE}`,
      '\tindented step',
      '',
    ].join('\n');
    const raw = parseMarkdownPlan(text, 'plans/M1_x.md');
    if (!raw.ok) throw new Error(raw.error.message);
    const plan = assemblePlan({ raw: raw.value, format: 'markdown', source: 'plans/M1_x.md', done: new Set() });
    if (!plan.ok) throw new Error(plan.error.message);
    const t = plan.value.tasks[0];
    expect(plan.value.milestone.title).toBe('Milestone 1: Café 日本語 🚀 red done');
    expect(t?.title).toBe('Café 日本語 🚀 red done');
    expect(t?.rawType).toBe('CODING');
    expect(t?.kind).toBe('coding');
    expect(t?.files).toEqual(['src/a.ts']);
    expect(t?.body).toContain('Body Café 日本語 🚀 red done\n\tindented step');
    expect(t?.body).not.toMatch(CONTROL);
  });
});
