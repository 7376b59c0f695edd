/** Agents' and tools' text on the run screen: shown as text, never acted on by the terminal (issue 10, item 7). */
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { DetailPane } from '../../src/ui/detail-pane.js';
import { overlayContent } from '../../src/ui/overlay-content.js';
import { QuestionBar, questionLines } from '../../src/ui/question-bar.js';
import { fakeEngine } from './fake-engine.js';

const HOSTILE = 'Café \u001b]0;pwned\u0007日本語 \u001b[2J🚀 \u001b[31mred\u001b[0m\u0000 \u009b2Jdone';
const CLEAN = 'Café 日本語 🚀 red done';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

/** The raw frame: Ink's own colours may be in it, but nothing that came from the text. */
function rawFrame(node: ReactElement): string {
  const r = render(node);
  unmount = r.unmount;
  return r.lastFrame() ?? '';
}

function expectHarmless(frame: string): void {
  expect(frame).not.toContain('pwned');
  expect(frame).not.toContain('\u001b]');
  expect(frame).not.toContain('\u001b[2J');
  expect(frame).not.toContain('\u001b[31m');
  expect(frame).not.toContain('\u0000');
  expect(frame).not.toContain('\u009b');
}

describe('hostile text on the run screen', () => {
  test('the question bar shows the question without its control characters', () => {
    const q = { kind: 'permission' as const, task: '1.1', text: `Agent asks: ${HOSTILE}`, answers: ['retry' as const, 'skip' as const] };
    expect(questionLines(q, 1, 200)[0]).toBe(`Agent asks: ${CLEAN} [r]etry [s]kip [d]iff`);
    expectHarmless(rawFrame(<QuestionBar question={q} pending={1} notice={null} hint="" width={120} />));
  });

  test('the detail pane: reason and gate output tail', () => {
    const e = fakeEngine({
      tasks: [{ id: '1.1', title: 'T', status: 'decision', run: { reason: `Tests failed ${HOSTILE}`, startedAtMs: 0 } }],
    });
    const frame = rawFrame(
      <DetailPane
        meta={e.meta}
        state={e.state}
        taskId="1.1"
        screen={null}
        outputTail={[`FAIL ${HOSTILE}`]}
        height={12}
        width={120}
        nowMs={0}
      />,
    );
    expectHarmless(frame);
    expect(frame).toContain(`FAIL ${CLEAN}`);
  });

  test('diff and log overlays', () => {
    const e = fakeEngine({ tasks: [{ id: '1.1' }] });
    const content = overlayContent({ kind: 'log', task: '1.1', text: `a\t${HOSTILE}\nb`, error: null }, e.state, e.meta);
    expect(content.lines).toEqual([`a       ${CLEAN}`, 'b']);
  });
});
