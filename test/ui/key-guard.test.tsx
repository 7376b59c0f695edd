/** The run screen as people use it: Ctrl-C, keys in one chunk, a question changing under a key, `n` to a merge, Tab, `/`. */
import { afterEach, describe, expect, test } from 'vitest';
import { questionFor } from '../../src/core/scheduler/questions.js';
import type { Question } from '../../src/core/scheduler/types.js';
import { ANSWER_GUARD_MS, newQuestionNotice } from '../../src/ui/key-effects.js';
import { QUIT_QUESTION } from '../../src/ui/overlay-content.js';
import { waitFor } from '../helpers/wait-for.js';
import { fakeEngine, manyTasks, taskOf } from './fake-engine.js';
import { type Harness, mount } from './harness.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const CTRL_C = '\u0003';

/** Puts `q` on task `id` (status decision) and waits for the bar to show it. */
async function ask(x: Harness, id: string, q: Question, text = q.text): Promise<void> {
  x.engine.update(id, { status: q.kind === 'merge' ? 'awaiting-merge' : 'decision', question: q });
  await x.see(text);
}

describe('Ctrl-C', () => {
  test('asks to quit like q; a second Ctrl-C quits at once (the quit intent, then exit)', async () => {
    h = mount();
    h.press(CTRL_C);
    await h.see(QUIT_QUESTION);
    expect([h.engine.sent, h.calls.exit]).toEqual([[], 0]);
    h.press(CTRL_C);
    await waitFor(() => h?.calls.exit === 1, 3000, 'onExit');
    expect(h.engine.sent).toEqual([{ type: 'quit' }]);
  });

  test('from the help, a diff or a skip confirmation: closes it and asks to quit', async () => {
    h = mount({ plan: { tasks: [{ id: '1.1', status: 'running', run: { agent: 'busy', startedAtMs: 1 } }, { id: '1.2' }] } });
    for (const [key, shown] of [
      ['?', 'Keys (j/k scroll, Esc close)'],
      ['d', 'Diff of 1.1'],
      ['s', 'Skip 1.1'],
      ['/', '/▏'],
    ]) {
      h.press(key ?? '');
      await h.see(shown ?? '');
      h.press(CTRL_C);
      expect(await h.see(QUIT_QUESTION)).not.toContain(shown);
      h.press('n');
      await h.see('› 1 of 2');
      if (key === '/') h.press('escape');
    }
    expect([h.engine.sent, h.calls.exit]).toEqual([[], 0]);
  });

  test('Ctrl-C typed together with q in one chunk quits too', async () => {
    h = mount();
    h.press(`q${CTRL_C}`);
    await waitFor(() => h?.calls.exit === 1, 3000, 'onExit');
    expect(h.engine.sent).toEqual([{ type: 'quit' }]);
  });
});

describe('several keys in one stdin chunk', () => {
  test('jjj moves three rows, k after them one back', async () => {
    h = mount({ engine: fakeEngine(manyTasks(20, 10)) });
    await h.see('› 1 of 20');
    h.press('jjj');
    expect(await h.see('› 4 of 20')).toMatch(/› ○ 1\.4 /);
    h.press('jjk');
    await h.see('› 5 of 20');
  });

  test('a chunk with an arrow key between letters: every key counts', async () => {
    h = mount({ engine: fakeEngine(manyTasks(20, 10)) });
    await h.see('› 1 of 20');
    h.press('j\u001B[Bj');
    await h.see('› 4 of 20');
  });

  test('keys after one that changes the mode see the new mode: "q" then "y" quits', async () => {
    h = mount();
    h.press('qy');
    await waitFor(() => h?.calls.exit === 1, 3000, 'onExit');
  });

  test('a pasted filter: "/4.1" then enter in one chunk narrows and keeps it', async () => {
    h = mount({ engine: fakeEngine(manyTasks(40, 10)) });
    await h.see('› 1 of 40');
    h.press('/4.1\r');
    expect(await h.see('/4.1 · Esc clear')).toContain('› 1 of 2');
  });
});

describe('a key answers only the question that was on screen', () => {
  test('an answer key right after a new question took the bar is held back, and says so; again, it answers', async () => {
    h = mount();
    const s = h.engine.state;
    await ask(h, '1.1', questionFor('merge', taskOf(s, '1.1'), s), 'Merge 1.1');
    h.press('y');
    await h.see(newQuestionNotice('y'));
    expect(h.engine.sent).toEqual([]);
    h.engine.clockMs += ANSWER_GUARD_MS;
    h.press('y');
    await waitFor(() => h?.engine.sent.length);
    expect(h.engine.sent).toEqual([{ type: 'answer', task: '1.1', answer: 'yes', kind: 'merge' }]);
  });

  test('"y" meant for "Merge 1.1?" is not applied when a permission prompt for 1.2 has just taken the bar', async () => {
    h = mount();
    const s = h.engine.state;
    await ask(h, '1.1', questionFor('merge', taskOf(s, '1.1'), s), 'Merge 1.1');
    h.engine.clockMs += 5_000;
    // The run-level question wins the bar, as a permission prompt for the selected task would.
    s.question = questionFor('confirm-deps', taskOf(s, '1.1'), s);
    h.engine.emit();
    await h.see('Dependencies were inferred');
    h.press('y');
    await h.see(newQuestionNotice('y'));
    expect(h.engine.sent).toEqual([]);
  });

  test('the guard runs on the engine clock: the same key once ANSWER_GUARD_MS has passed is applied', async () => {
    h = mount();
    const s = h.engine.state;
    await ask(h, '1.1', questionFor('gate-failed', taskOf(s, '1.1'), s), 'Retry with the failure');
    h.engine.clockMs += ANSWER_GUARD_MS - 1;
    h.press('x');
    await h.see(newQuestionNotice('x'));
    h.engine.clockMs += 1;
    h.press('x');
    await waitFor(() => h?.engine.sent.length);
    expect(h.engine.sent).toEqual([{ type: 'answer', task: '1.1', answer: 'abort', kind: 'gate-failed' }]);
  });

  test('j onto a task with a question, then its answer in the same chunk: held back (the question was not on screen)', async () => {
    h = mount();
    const s = h.engine.state;
    s.tasks['1.2'] = { ...taskOf(s, '1.2'), status: 'decision', question: questionFor('stalled', taskOf(s, '1.2'), s) };
    await ask(h, '1.1', questionFor('gate-failed', taskOf(s, '1.1'), s), 'Retry with the failure');
    h.engine.clockMs += 5_000;
    h.press('ju');
    await h.see(newQuestionNotice('u'));
    expect(h.engine.sent).toEqual([]);
  });
});

describe('n to a merge', () => {
  test('the bar says what n does; n asks first; y sends the no, n/Esc cancel', async () => {
    h = mount({ plan: { tasks: [{ id: '1.1' }, { id: '1.2', deps: ['1.1'] }, { id: '1.3', deps: ['1.2'] }] } });
    const s = h.engine.state;
    await ask(h, '1.1', questionFor('merge', taskOf(s, '1.1'), s), '[n]o: skip 1.1 and its 2 dependents');
    h.engine.clockMs += ANSWER_GUARD_MS;
    h.press('n');
    await h.see('Skip 1.1 and its dependents 1.2, 1.3? [y/n]');
    h.press('escape');
    await h.see('› 1 of 3');
    h.press('n');
    await h.see('Skip 1.1 and its dependents 1.2, 1.3? [y/n]');
    h.press('n');
    await h.see('› 1 of 3');
    expect(h.engine.sent).toEqual([]);
    h.press('n');
    await h.see('Skip 1.1 and its dependents 1.2, 1.3? [y/n]');
    h.press('y');
    await waitFor(() => h?.engine.sent.length);
    expect(h.engine.sent).toEqual([{ type: 'answer', task: '1.1', answer: 'no', kind: 'merge' }]);
  });
});

describe('keys that do nothing say why', () => {
  test.each([
    ['f', 'running', { agent: 'busy' as const, startedAtMs: 1 }, 'f: 1.1 is running; force applies to a failed gate or check'],
    ['r', 'merged', { startedAtMs: 1 }, 'r: 1.1 is merged; nothing to retry'],
    ['d', 'pending', {}, 'd: 1.1 has no worktree yet'],
    ['s', 'merged', { startedAtMs: 1 }, 's: 1.1 is merged; nothing to skip'],
    ['a', 'pending', {}, 'a: 1.1 has not started yet; no agent to open'],
  ] as const)('%s on a %s task', async (key, status, run, notice) => {
    h = mount({ plan: { tasks: [{ id: '1.1', status, run }, { id: '1.2' }] } });
    h.press(key);
    await h.see(notice);
    expect([h.engine.sent, h.calls.attach, h.calls.diff]).toEqual([[], [], []]);
  });
});

describe('Tab and the / filter', () => {
  test('Tab selects the next task waiting for you, wrapping; without one it says so', async () => {
    h = mount({ engine: fakeEngine(manyTasks(20, 10)) });
    await h.see('› 1 of 20');
    h.press('tab');
    await h.see('Tab: no task is waiting for you');
    const s = h.engine.state;
    for (const id of ['1.4', '2.2'])
      s.tasks[id] = { ...taskOf(s, id), status: 'decision', question: questionFor('stalled', taskOf(s, id), s) };
    h.engine.emit();
    await h.see('(+1 more waiting: Tab)');
    h.press('tab');
    await h.see('› 4 of 20');
    h.press('tab');
    await h.see('› 12 of 20');
    h.press('tab');
    await h.see('› 4 of 20');
  });

  test('/ filters the tree by id or title; the hint shows it; Esc clears it', async () => {
    h = mount({ engine: fakeEngine(manyTasks(40, 10)) });
    await h.see('› 1 of 40');
    h.press('/');
    await h.see('/▏ · enter keep · Esc clear');
    h.press('number 3');
    // Titles "Task number 3", "Task number 30".."Task number 39": tasks 1.3 and 3.10, 4.1..4.9.
    const f = await h.see('› 1 of 11');
    expect(f).toContain('/number 3▏');
    expect(f).toMatch(/Wave 1 .*\n› ○ 1\.3 .*\nWave 3 .*\n {2}◌ 3\.10 .*\nWave 4 /);
    h.press('enter');
    await h.see('/number 3 · Esc clear · enter attach');
    h.press('j');
    await h.see('› 2 of 11');
    h.press('escape');
    expect(await h.see('› 1 of 40')).not.toContain('/number 3');
  });

  test('p resume while paused; ? help stays', async () => {
    h = mount();
    await h.see(' · p pause · ');
    h.engine.state.paused = true;
    h.engine.emit();
    expect(await h.see(' · p resume · ')).toContain('? help');
  });
});
