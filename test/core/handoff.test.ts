import { describe, expect, it } from 'vitest';
import { parseHandoff } from '../../src/core/plan/handoff.js';

const sorted = (s: Set<string>) => [...s].sort();

describe('done marks', () => {
  it.each([
    ['## Task 1.1 Complete: Title', ['1.1']],
    ['### Task 1.1 Complete', ['1.1']],
    ['## Task 2.1b Complete — Schema', ['2.1b']],
    ['## Task 1.2.3 complete: lower case', ['1.2.3']],
    ['## Task 4.1 & 4.2 Complete: X', ['4.1', '4.2']],
    ['## Task 4.1, 4.2 and 4.3 Complete: X', ['4.1', '4.2', '4.3']],
    ['## Task `5.1` + Task 5.2 Complete', ['5.1', '5.2']],
    ['## Task 1.1: Complete', ['1.1']],
    ['## Task 1.1 — Complete ✅', ['1.1']],
    ['## Task 1.1 - Complete: Store', ['1.1']],
    ['## Task 1.1 (store) Complete', ['1.1']],
    ['## Task 4.3: N/A (covered by 4.2)', []],
    ['## Task 4.4: Not started', []],
    ['# Task 1.1 Complete: level one is the document title', []],
    ['#### Task 1.1 Complete: too deep', []],
    ['## Summary', []],
  ])('%s', (heading, ids) => {
    const h = parseHandoff(`# Handoff\n\n${heading}\n\nbody\n`);
    expect(sorted(h.done)).toEqual(ids);
  });

  it('ignores Complete headings inside fences', () => {
    const h = parseHandoff('# H\n\n```\n## Task 9.9 Complete: example\n```\n\n## Task 1.1 Complete: Real\n');
    expect(sorted(h.done)).toEqual(['1.1']);
  });

  it('records ids, title and line of each section', () => {
    const h = parseHandoff('# H\n\n## Task 1.1 Complete: **Store** ready\n\nx\n\n## Task 4.1 & 4.2 Complete: Both\n');
    expect(h.sections.map((s) => ({ ids: s.taskIds, title: s.title, line: s.line }))).toEqual([
      { ids: ['1.1'], title: 'Store ready', line: 3 },
      { ids: ['4.1', '4.2'], title: 'Both', line: 7 },
    ]);
  });
});

describe('section body', () => {
  it('captures the text up to the next heading at the same level', () => {
    const source = [
      '# Handoff',
      '',
      '## Task 1.1 Complete: Store',
      '',
      'Did the store.',
      '',
      '### Next Task Notes',
      '',
      'Use `list()`.',
      '',
      '## Task 1.2 Complete: Persist',
      '',
      'Saved to JSON.',
      '',
      '## Open questions',
      '',
      'none',
    ].join('\n');
    const h = parseHandoff(source);
    expect(h.sections.map((s) => s.body)).toEqual(['Did the store.\n\n### Next Task Notes\n\nUse `list()`.', 'Saved to JSON.']);
  });
});

describe('challenges', () => {
  it('reads bullets under ### Gotchas, splitting off the solution', () => {
    const source = [
      '## Task 1.1 Complete: Store',
      '',
      '### Gotchas',
      '',
      '- Ids must be stable across reloads — solution: use a saved counter.',
      '- **Timezones** drift: store UTC',
      '  continuation line that is not its own challenge',
      '- Plain remark with no fix',
      '',
      '### Next Task Notes',
      '',
      '- not a challenge: ignored',
    ].join('\n');
    expect(parseHandoff(source).sections[0]?.challenges).toEqual([
      { challenge: 'Ids must be stable across reloads', solution: 'use a saved counter.' },
      { challenge: 'Timezones drift', solution: 'store UTC' },
      { challenge: 'Plain remark with no fix', solution: '' },
    ]);
  });

  it.each([
    ['**Gotcha:** problem — solution: fix', { challenge: 'problem', solution: 'fix' }],
    ['**Gotcha:** cache is stale. Fix: clear it', { challenge: 'cache is stale', solution: 'clear it' }],
    ['**Challenge:** flaky port; workaround: pick port 0', { challenge: 'flaky port', solution: 'pick port 0' }],
  ])('inline %s', (line, expected) => {
    const h = parseHandoff(`## Task 2.1 Complete: T\n\nSome text.\n\n${line}\n`);
    expect(h.sections[0]?.challenges).toEqual([expected]);
  });

  it('a bold Gotchas label with nothing after it opens a list', () => {
    const h = parseHandoff('## Task 2.1 Complete: T\n\n**Gotchas:**\n\n- first: one\n- second — fix: two\n');
    expect(h.sections[0]?.challenges).toEqual([
      { challenge: 'first', solution: 'one' },
      { challenge: 'second', solution: 'two' },
    ]);
  });

  it('has no challenges without a gotcha section or label', () => {
    expect(parseHandoff('## Task 2.1 Complete: T\n\n- a bullet: with colon\n').sections[0]?.challenges).toEqual([]);
  });
});

describe('E2E results', () => {
  it('reads a results table with ✅ PASSED / ❌ FAILED cells', () => {
    const source = [
      '## Task 1.6 Complete: Validation',
      '',
      '### E2E Test Results',
      '',
      '| Test | Steps | Result |',
      '|------|-------|--------|',
      '| add_todo | add "milk", list | ✅ PASSED |',
      '| `toggle_todo` | add, toggle, list | ❌ FAILED |',
      '| persist | save, reload | ✅ |',
      '',
      '### Notes',
      '',
      '| outside | table | ✅ PASSED |',
    ].join('\n');
    expect(parseHandoff(source).sections[0]?.e2e).toEqual([
      { name: 'add_todo', steps: 'add "milk", list', result: 'PASSED' },
      { name: 'toggle_todo', steps: 'add, toggle, list', result: 'FAILED' },
      { name: 'persist', steps: 'save, reload', result: 'PASSED' },
    ]);
  });

  it('takes the verdict from the result cell, not from words in the steps', () => {
    const source = [
      '## Task 1.6 Complete: Validation',
      '',
      '### E2E Results',
      '',
      '| Test | Steps | Result |',
      '|---|---|---|',
      '| bad_login | enter a wrong password, see the FAIL banner | ✅ PASSED |',
      '| retry | PASS once, then kill the server | ❌ FAILED |',
      '| reload | save, reload | ✅ PASSED | earlier run: FAIL (fixed) |',
    ].join('\n');
    expect(parseHandoff(source).sections[0]?.e2e).toEqual([
      { name: 'bad_login', steps: 'enter a wrong password, see the FAIL banner', result: 'PASSED' },
      { name: 'retry', steps: 'PASS once, then kill the server', result: 'FAILED' },
      { name: 'reload', steps: 'save, reload', result: 'PASSED' },
    ]);
  });

  it('reads "name: PASSED" bullets', () => {
    const source = [
      '## Task 1.6 Complete: Validation',
      '',
      '### End-to-end tests',
      '',
      '- test_add: PASSED',
      '- test_toggle: FAILED',
      '- `test_list` — ✅ PASSED',
      '* test_reload: PASS',
      '- some prose without a verdict',
    ].join('\n');
    expect(parseHandoff(source).sections[0]?.e2e).toEqual([
      { name: 'test_add', steps: '', result: 'PASSED' },
      { name: 'test_toggle', steps: '', result: 'FAILED' },
      { name: 'test_list', steps: '', result: 'PASSED' },
      { name: 'test_reload', steps: '', result: 'PASSED' },
    ]);
  });

  it('ignores verdicts outside a test-results subsection', () => {
    expect(parseHandoff('## Task 1.6 Complete: V\n\n- test_add: PASSED\n').sections[0]?.e2e).toEqual([]);
  });
});
