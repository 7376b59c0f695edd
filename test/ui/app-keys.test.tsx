/** Every key of every KEYMAP binding, pressed in the context where it applies, with the effect it must have. */
import { afterEach, describe, expect, test } from 'vitest';
import { ANSWER_GUARD_MS } from '../../src/ui/key-effects.js';
import { KEYMAP, type KeyAction, type KeyBinding } from '../../src/ui/keymap.js';
import { QUIT_QUESTION } from '../../src/ui/overlay-content.js';
import { waitFor } from '../helpers/wait-for.js';
import { fakeEngine, manyTasks } from './fake-engine.js';
import { type Harness, mount } from './harness.js';

// 40 tasks in 4 waves of 10; 24 rows → a 17-row body: 16 tree rows (page = 15 tasks), 14 overlay lines a page.
const DIFF = Array.from({ length: 100 }, (_, i) => `+line ${i + 1}`).join('\n');

let h: Harness | undefined;
afterEach(() => h?.unmount());

/** Puts the App where the binding applies: a question accepting its answer, an open overlay, a confirmation. */
async function enter(b: KeyBinding, x: Harness): Promise<void> {
  await x.see('› 1 of 40');
  switch (b.when) {
    case 'list':
    case 'any':
      return;
    case 'filter':
      x.press('/');
      await x.see('/▏ · enter keep · Esc clear');
      return;
    case 'question': {
      const answer = b.answer ?? 'yes';
      x.engine.update('1.1', { status: 'decision', question: { kind: 'permission', task: '1.1', text: 'Q for 1.1?', answers: [answer] } });
      await x.see('Q for 1.1?');
      // The question has been on screen long enough for its keys to count.
      x.engine.clockMs += ANSWER_GUARD_MS;
      return;
    }
    case 'overlay':
      await started(x);
      x.press('d');
      await x.see('1–14/100');
      return;
    case 'confirm':
      x.press('q');
      await x.see(QUIT_QUESTION);
      return;
  }
}

/** 1.1 running with its agent: the task keys (attach, diff, tmux) have something to act on. */
const started = async (x: Harness) => {
  x.engine.update('1.1', { status: 'running', agent: 'busy', startedAtMs: 1 });
  await x.see(/› ● 1\.1 /);
};

const pressAndSee = async (x: Harness, key: string, text: string) => {
  x.press(key);
  await x.see(text);
};

const sentOnly = async (x: Harness, intent: unknown) => {
  await waitFor(() => x.engine.sent.length > 0, 3000, 'an intent');
  expect(x.engine.sent).toEqual([intent]);
};

interface Effect {
  /** Moves the App off its start so the key has something to undo (e.g. select the last task before "up"). */
  before?: (x: Harness, b: KeyBinding) => Promise<void>;
  check: (x: Harness, b: KeyBinding) => Promise<void>;
}

const EFFECTS: Record<KeyAction, Effect> = {
  'move-down': { check: async (x) => expect(await x.see('› 2 of 40')).toMatch(/› ○ 1\.2 /) },
  'move-up': {
    before: async (x) => {
      for (let i = 0; i < 3; i++) await pressAndSee(x, 'j', `› ${i + 2} of 40`);
    },
    check: async (x) => expect(await x.see('› 3 of 40')).toMatch(/› ○ 1\.3 /),
  },
  'page-down': { check: async (x) => expect(await x.see('› 16 of 40')).toMatch(/› ◌ 2\.6 /) },
  'page-up': {
    before: (x) => pressAndSee(x, 'G', '› 40 of 40'),
    check: async (x) => expect(await x.see('› 25 of 40')).toMatch(/› ◌ 3\.5 /),
  },
  top: {
    before: (x) => pressAndSee(x, 'G', '› 40 of 40'),
    check: async (x) => expect(await x.see('› 1 of 40')).toMatch(/Wave 1 .*\n› ○ 1\.1 /),
  },
  bottom: { check: async (x) => expect(await x.see('› 40 of 40')).toMatch(/› ◌ 4\.10 /) },
  'next-waiting': {
    before: async (x) => {
      x.engine.update('2.3', { status: 'decision', question: { kind: 'stalled', task: '2.3', text: 'Stalled 2.3?', answers: ['wait'] } });
      await x.see('Stalled 2.3?');
    },
    check: async (x) => expect(await x.see('› 13 of 40')).toMatch(/› ⚠ 2\.3 /),
  },
  filter: { check: async (x) => expect(await x.see('/▏ · enter keep · Esc clear')).toContain('› 1 of 40') },
  'filter-keep': {
    before: (x) => pressAndSee(x, '4.1', '› 1 of 2'),
    check: async (x) => expect(await x.see('/4.1 · Esc clear · ')).toMatch(/Wave 4 .*\n› ◌ 4\.1 .*\n {2}◌ 4\.10 /),
  },
  'filter-clear': {
    before: async (x, b) => {
      if (b.when === 'list') x.press('/');
      await pressAndSee(x, '4.1', '› 1 of 2');
      if (b.when === 'list') await pressAndSee(x, 'enter', '/4.1 · Esc clear');
    },
    check: async (x) => expect(await x.see('› 1 of 40')).not.toContain('/4.1'),
  },
  'filter-erase': {
    before: (x) => pressAndSee(x, '4.1', '› 1 of 2'),
    check: async (x) => expect(await x.see('› 1 of 10')).toContain('/4.▏'),
  },
  interrupt: {
    check: async (x) => {
      await x.see(QUIT_QUESTION);
      expect([x.engine.sent, x.calls.exit]).toEqual([[], 0]);
    },
  },
  attach: {
    before: (x) => started(x),
    check: async (x) => expect(await waitFor(() => x.calls.attach.length > 0 && x.calls.attach)).toEqual(['1.1']),
  },
  pause: { check: (x) => sentOnly(x, { type: 'pause' }) },
  skip: {
    check: async (x) => {
      await x.see('Skip 1.1 and its dependents 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.7, 2.8 and 22 more? [y/n]');
      expect(x.engine.sent).toEqual([]);
    },
  },
  force: {
    // A run question holds the bar, so `f` is the list's force for the selected task, whose gate failed.
    before: async (x) => {
      x.engine.state.question = { kind: 'disk-full', task: null, text: 'Disk full?', answers: ['continue', 'abort'] };
      x.engine.update('1.1', {
        status: 'decision',
        startedAtMs: 1,
        question: { kind: 'gate-failed', task: '1.1', text: 'Gate 1.1?', answers: ['retry', 'skip', 'force', 'abort'] },
      });
      await x.see('Disk full?');
    },
    check: (x) => sentOnly(x, { type: 'force', task: '1.1' }),
  },
  retry: {
    before: async (x) => {
      x.engine.update('1.1', { status: 'failed', startedAtMs: 1 });
      await x.see(/› ✗ 1\.1 /);
    },
    check: (x) => sentOnly(x, { type: 'retry', task: '1.1' }),
  },
  diff: {
    before: (x) => started(x),
    check: async (x) => {
      expect(await x.see('Diff of 1.1 against mstui/M1')).toContain('+line 1');
      expect(x.calls.diff).toEqual(['1.1']);
    },
  },
  log: {
    check: async (x) => {
      expect(await x.see('Log of 1.1')).toContain('log of 1.1');
      expect(x.calls.log).toEqual(['1.1']);
    },
  },
  ci: {
    before: async (x) => {
      x.engine.update('1.1', {
        ci: { status: 'failed', summary: 'PR #7: 2 checks: 1 pass, 1 fail (lint)', log: 'lint\tsrc/a.ts:3 unused x', failing: ['lint'] },
        pr: { number: 7, url: 'https://github.com/o/r/pull/7' },
        ciRetries: 1,
      });
      await x.see(/ci✗/);
    },
    check: async (x) => {
      const f = await x.see('status   failed');
      expect(f).toContain('CI of 1.1');
      expect(f).toContain('status   failed — PR #7: 2 checks: 1 pass, 1 fail (lint)');
      expect(f).toContain('PR       #7 https://github.com/o/r/pull/7');
      expect(f).toContain('src/a.ts:3 unused x');
    },
  },
  tmux: {
    before: (x) => started(x),
    check: async (x) => expect(await waitFor(() => x.calls.tmux.length > 0 && x.calls.tmux)).toEqual(['1.1']),
  },
  quit: {
    check: async (x) => {
      await x.see(QUIT_QUESTION);
      expect([x.engine.sent, x.calls.exit]).toEqual([[], 0]);
    },
  },
  help: { check: async (x) => expect(await x.see('Keys (j/k scroll, Esc close)')).toContain('select the next task') },
  answer: {
    check: async (x, b) => {
      if (b.answer === 'attach') {
        // "attach" opens the asking task's agent (1.1, not the selected row) and sends nothing.
        expect(await waitFor(() => x.calls.attach.length > 0 && x.calls.attach)).toEqual(['1.1']);
        expect(x.engine.sent).toEqual([]);
        return;
      }
      await sentOnly(x, { type: 'answer', task: '1.1', answer: b.answer, kind: 'permission' });
      // The question's letter won over the list key: no skip confirmation, diff, pause…
      const f = x.frame();
      expect(f).toContain('› 1 of 40');
      expect(x.calls).toEqual({ attach: [], tmux: [], diff: [], log: [], exit: 0 });
    },
  },
  'scroll-down': { check: (x) => x.see('2–15/100').then(() => undefined) },
  'scroll-up': {
    before: async (x) => {
      await pressAndSee(x, 'j', '2–15/100');
      await pressAndSee(x, 'j', '3–16/100');
    },
    check: (x) => x.see('2–15/100').then(() => undefined),
  },
  'scroll-page-down': { check: async (x) => expect(await x.see('15–28/100')).toContain('+line 28') },
  'scroll-page-up': {
    before: async (x) => {
      await pressAndSee(x, 'pagedown', '15–28/100');
      await pressAndSee(x, 'pagedown', '29–42/100');
    },
    check: (x) => x.see('15–28/100').then(() => undefined),
  },
  'scroll-top': {
    before: (x) => pressAndSee(x, 'pagedown', '15–28/100'),
    check: (x) => x.see('1–14/100').then(() => undefined),
  },
  'scroll-bottom': { check: async (x) => expect(await x.see('87–100/100')).toContain('+line 100') },
  close: {
    check: async (x) => {
      expect(await x.see('› 1 of 40')).not.toContain('Diff of');
      expect([x.engine.sent, x.calls.exit]).toEqual([[], 0]);
    },
  },
  confirm: {
    check: async (x) => {
      await sentOnly(x, { type: 'quit' });
      await waitFor(() => x.calls.exit === 1, 3000, 'onExit');
    },
  },
  cancel: {
    check: async (x) => {
      expect(await x.see('› 1 of 40')).not.toContain(QUIT_QUESTION);
      expect([x.engine.sent, x.calls.exit]).toEqual([[], 0]);
    },
  },
};

const cases = KEYMAP.flatMap((b) =>
  b.keys.map((key) => ({ name: `${b.when}: ${key} → ${b.action}${b.answer ? ` ${b.answer}` : ''}`, b, key })),
);

describe('every key of the keymap', () => {
  test.each(cases)('$name', async ({ b, key }) => {
    h = mount({ engine: fakeEngine(manyTasks(40, 10)), diffText: DIFF });
    await enter(b, h);
    await EFFECTS[b.action].before?.(h, b);
    h.press(key);
    await EFFECTS[b.action].check(h, b);
  });

  test('the table covers at least the keys the issue names', () => {
    const keys = new Set(cases.map((c) => c.key));
    for (const k of ['j', 'k', 'up', 'down', 'enter', 'a', 'p', 's', 'f', 'r', 'y', 'n', 'x', 'd', 'l', 't', 'q', '?', 'escape']) {
      expect(keys, k).toContain(k);
    }
  });
});
