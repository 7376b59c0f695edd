/** The diff overlay coloured as `git diff --color` colours a diff (and not at all with NO_COLOR); the log view. */
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, test } from 'vitest';
import { diffLineKinds } from '../../src/ui/diff-colour.js';
import { Overlay } from '../../src/ui/overlay.js';
import { overlayContent } from '../../src/ui/overlay-content.js';
import { fakeEngine } from './fake-engine.js';

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
});

/** Ink's own codes for bold and the foreground colours. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: SGR codes are what this finds
const STYLE_SGR = /\u001b\[(1|3[0-7])m/;

const DIFF = [
  'diff --git a/src/a.ts b/src/a.ts',
  'index 1111111..2222222 100644',
  '--- a/src/a.ts',
  '+++ b/src/a.ts',
  '@@ -1,3 +1,3 @@ export function a()',
  ' keep',
  '-old line',
  '+new line',
  '--- a removed line that looks like a header',
  '+++ an added line that looks like one',
  '\\ No newline at end of file',
].join('\n');

/** The raw frame's rows (colours kept), the border and padding cut off. */
function rawRows(colour: boolean, text = DIFF): string[] {
  const e = fakeEngine({ tasks: [{ id: '1' }] });
  const content = overlayContent({ kind: 'diff', task: '1', text, error: null }, e.state, e.meta);
  const r = render(<Overlay content={content} scroll={0} height={20} width={80} colour={colour} />);
  unmount = r.unmount;
  return (r.lastFrame() ?? '').split('\n').slice(2, 2 + DIFF.split('\n').length);
}

describe('diff overlay colours', () => {
  test('file headers bold, @@ cyan, + green, - red, context plain (SGR codes per line)', () => {
    const rows = rawRows(true);
    const BOLD = '\u001b[1m';
    const CYAN = '\u001b[36m';
    const GREEN = '\u001b[32m';
    const RED = '\u001b[31m';
    const has = (row: string | undefined, sgr: string, text: string) => expect(row).toContain(`${sgr}${text}`);
    has(rows[0], BOLD, 'diff --git a/src/a.ts b/src/a.ts');
    has(rows[1], BOLD, 'index 1111111..2222222 100644');
    has(rows[2], BOLD, '--- a/src/a.ts');
    has(rows[3], BOLD, '+++ b/src/a.ts');
    has(rows[4], CYAN, '@@ -1,3 +1,3 @@ export function a()');
    has(rows[6], RED, '-old line');
    has(rows[7], GREEN, '+new line');
    has(rows[8], RED, '--- a removed line');
    has(rows[9], GREEN, '+++ an added line');
    for (const i of [5, 10]) expect(rows[i]?.replace(/^│ /, '')).not.toMatch(STYLE_SGR);
  });

  test('with colour off (NO_COLOR) no line has an SGR code of its own', () => {
    const rows = rawRows(false);
    expect(rows.join('\n')).not.toMatch(STYLE_SGR);
    expect(rows[7]).toContain('+new line');
  });

  test("the diff's own escape sequences are stripped before the colours go on", () => {
    const rows = rawRows(true, 'diff --git a/x b/x\n@@ -1 +1 @@\n+\u001b[35mevil\u001b]0;title\u0007 text');
    expect(rows[2]).toContain('\u001b[32m+evil text');
    expect(rows.join('\n')).not.toContain('\u001b[35m');
    expect(rows.join('\n')).not.toContain('\u001b]0');
  });

  test('kinds of lines, as git reads them', () => {
    expect(diffLineKinds(DIFF.split('\n'))).toEqual([
      'file',
      'file',
      'file',
      'file',
      'hunk',
      'context',
      'removed',
      'added',
      'removed',
      'added',
      'context',
    ]);
    // A second file's header after a hunk is a header again.
    expect(diffLineKinds(['@@ -1 +1 @@', '+a', 'diff --git a/y b/y', '--- a/y', '+++ b/y', '@@ -2 +2 @@', '-b'])).toEqual([
      'hunk',
      'added',
      'file',
      'file',
      'file',
      'hunk',
      'removed',
    ]);
  });
});
