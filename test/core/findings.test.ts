/** The unexpected-findings detector on literal agent messages and handoff lines: what counts, and what must not. */
import { describe, expect, it } from 'vitest';
import { detectFinding, type FindingKind, QUOTE_MAX } from '../../src/core/agent/findings.js';

describe('detectFinding', () => {
  it.each<[string, FindingKind, string]>([
    ['This was already implemented; nothing to do.', 'already-done', 'This was already implemented; nothing to do.'],
    ['I looked at src/store.ts. The feature already exists there. No changes needed.', 'already-done', 'The feature already exists there.'],
    [
      'The bug was already fixed on the integration branch by Task 1.2.',
      'already-done',
      'The bug was already fixed on the integration branch by Task 1.2.',
    ],
    ['Validation is already in place in `src/validate.ts`.', 'already-done', 'Validation is already in place in `src/validate.ts`.'],
    ['It has already been done in an earlier task.', 'already-done', 'It has already been done in an earlier task.'],
    ['There was nothing to do.', 'already-done', 'There was nothing to do.'],
    ['No code changes were required.', 'already-done', 'No code changes were required.'],
    ['Summary:\n- No changes needed\n- Tests pass', 'already-done', 'No changes needed'],
    ['The task was already complete when I started.', 'already-done', 'The task was already complete when I started.'],
    [
      'The files listed in the task (src/a.ts, src/b.ts) do not exist.',
      'missing-files',
      'The files listed in the task (src/a.ts, src/b.ts) do not exist.',
    ],
    [
      '`src/legacy/parser.ts` does not exist in this repository.',
      'missing-files',
      '`src/legacy/parser.ts` does not exist in this repository.',
    ],
    ['I could not find the file src/old.ts anywhere.', 'missing-files', 'I could not find the file src/old.ts anywhere.'],
    ['Two of the modules named in the task are missing.', 'missing-files', 'Two of the modules named in the task are missing.'],
    ['cat: src/x.ts: No such file or directory', 'missing-files', 'cat: src/x.ts: No such file or directory'],
    ['I searched for `formatDate` but could not find it.', 'not-found', 'I searched for `formatDate` but could not find it.'],
    ['The pattern `TODO(fuzzy)` was not found in the codebase.', 'not-found', 'The pattern `TODO(fuzzy)` was not found in the codebase.'],
    ['grep returned no matches for `legacyParse`.', 'not-found', 'grep returned no matches for `legacyParse`.'],
    ["I couldn't locate any call sites of `oldApi()`.", 'not-found', "I couldn't locate any call sites of `oldApi()`."],
    ['**Note:** the function was already implemented.', 'already-done', '**Note:** the function was already implemented.'],
    ['The search shows no matches for `legacyParse`.', 'not-found', 'The search shows no matches for `legacyParse`.'],
    [
      'Checked with find and git log: src/legacy.ts does not exist.',
      'missing-files',
      'Checked with find and git log: src/legacy.ts does not exist.',
    ],
  ])('%j → %s', (text, kind, quote) => {
    expect(detectFinding(text)).toEqual({ kind, quote });
  });

  it.each([
    'I added the missing test for the parser.',
    'Fixed the not-found error handler so it returns 404.',
    'Task 1.2 (Persist): edited work/1.2.txt; wrote the handoff section; committed "Task 1.2: Persist".',
    'Task 1.2 (Persist) is done; nothing left to change.',
    'The loader now returns null when the file does not exist.',
    'If the config file does not exist, we fall back to the defaults.',
    'Added a test "throws when the file does not exist".',
    'The handoff file already exists, so I appended my section.',
    'I already fixed that in the previous turn; the tests pass now.',
    'It was not already implemented: I implemented it and added tests.',
    'That failure has nothing to do with my change.',
    'No changes were needed to the README.',
    'Added a 404 Not Found response for unknown routes.',
    'The CLI reports an error when the item already exists.',
    // The scripted agent's handoff Gotcha (seed 000's challenge format): a solved problem.
    '### Gotchas\n\n- work/1.1.txt did not exist on a fresh checkout — solution: create the folder before appending to it.',
    "The parser module didn't exist, so we wrote a small one instead.",
    'Added a handler for config files that do not exist.',
    'The command now prints a warning if the path does not exist.',
    'I created `src/store.ts`, which did not exist yet, and wrote its tests.',
    '',
  ])('no finding: %j', (text) => {
    expect(detectFinding(text)).toBeNull();
  });

  it('null and undefined are no finding', () => {
    expect(detectFinding(null)).toBeNull();
    expect(detectFinding(undefined)).toBeNull();
  });

  it('the first finding wins, and a long sentence is cut to QUOTE_MAX characters', () => {
    const long = `This was already implemented ${'in a very long sentence '.repeat(20)}indeed.`;
    const f = detectFinding(`All good so far. ${long} The files do not exist.`);
    expect(f?.kind).toBe('already-done');
    expect(f?.quote.length).toBe(QUOTE_MAX);
    expect(f?.quote.endsWith('…')).toBe(true);
  });
});
