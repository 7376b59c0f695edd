import type { Key } from 'ink';
import { describe, expect, test } from 'vitest';
import { initState } from '../../src/core/scheduler/init.js';
import { questionFor } from '../../src/core/scheduler/questions.js';
import type { Answer, QuestionKind } from '../../src/core/scheduler/types.js';
import { displayKey, helpLines, KEYMAP, type KeyAction, keyHint, keyNames, resolveKey } from '../../src/ui/keymap.js';

const ALL_ANSWERS: Answer[] = ['yes', 'no', 'always', 'retry', 'skip', 'force', 'abort', 'approve', 'deny'];

describe('KEYMAP', () => {
  test('every answer has exactly one key, none a task-list key of another meaning', () => {
    const letters = Object.fromEntries(KEYMAP.filter((b) => b.action === 'answer').map((b) => [b.answer, b.keys.join('')]));
    expect(letters).toEqual({
      yes: 'y',
      no: 'n',
      always: 'w',
      retry: 'r',
      skip: 's',
      force: 'f',
      abort: 'x',
      approve: 'y',
      deny: 'n',
      continue: 'c',
      hand: 'h',
      wait: 'w',
      nudge: 'u',
      attach: 'a',
    });
  });

  test('every answer of every question the scheduler asks has a key, and no question has two answers on one key', () => {
    const s = initState([{ id: 'a', title: 'A', deps: [], files: [], done: false }], null, {
      parallel: 1,
      stopOnFailure: false,
      autoYes: false,
      permissions: 'ask',
      maxRetries: 3,
      needsConfirmation: false,
      integration: false,
    });
    const t = s.tasks.a;
    if (!t) throw new Error('no task');
    const kinds: QuestionKind[] = [
      'confirm-deps',
      'handoff-missing',
      'gate-failed',
      'ci-failed',
      'merge',
      'merge-conflict',
      'conflict-by-hand',
      'permission',
      'overdue',
      'stalled',
      'integration-failed',
      'disk-full',
      'trust',
      'api-key',
      'login',
      'waiting',
      'budget',
      'finding',
      'phase-approval',
      'deliverable-missing',
      'plan-review',
      'baseline-failed',
    ];
    for (const kind of kinds) {
      for (const retried of [0, 3]) {
        const q = questionFor(kind, { ...t, retries: retried, ciRetries: retried }, s);
        const keys = q.answers.map((a) => KEYMAP.find((b) => b.action === 'answer' && b.answer === a)?.keys[0]);
        expect(keys, kind).not.toContain(undefined);
        expect(new Set(keys).size, kind).toBe(keys.length);
      }
    }
  });

  test('an answer key is a task-list key only where both mean the same thing', () => {
    // The answers a list key may share its letter with: the same act on the asking task.
    const same: Partial<Record<Answer, KeyAction>> = { retry: 'retry', skip: 'skip', force: 'force', attach: 'attach' };
    const list = KEYMAP.filter((b) => b.when === 'list' || b.when === 'any');
    for (const b of KEYMAP.filter((x) => x.action === 'answer')) {
      for (const key of b.keys) {
        const clash = list.find((l) => l.keys.includes(key));
        if (clash && b.answer) expect(clash.action, `${key}: answer ${b.answer} vs ${clash.action}`).toBe(same[b.answer]);
      }
    }
  });

  test('no key is bound twice within one context (answers aside, which are told apart by the question)', () => {
    for (const ctx of ['list', 'filter', 'overlay', 'confirm', 'any'] as const) {
      const keys = KEYMAP.filter((b) => b.when === ctx).flatMap((b) => b.keys);
      expect(keys, ctx).toEqual([...new Set(keys)]);
    }
  });
});

describe('resolveKey', () => {
  test.each([
    ['s', [], 'skip'],
    ['s', ['skip', 'abort'], 'answer'],
    ['a', [], 'attach'],
    ['a', ['yes', 'no', 'always'], 'attach'],
    ['w', ['yes', 'no', 'always'], 'answer'],
    ['a', ['attach', 'skip'], 'answer'],
    ['y', ['approve', 'deny'], 'answer'],
    ['n', ['approve', 'deny'], 'answer'],
    ['p', ['approve', 'deny'], 'pause'],
    ['d', ['approve', 'deny'], 'diff'],
    ['d', ['yes', 'no', 'always'], 'diff'],
    ['tab', ['yes'], 'next-waiting'],
    ['/', [], 'filter'],
    ['ctrl+c', ['yes'], 'interrupt'],
    ['y', [], undefined],
    ['j', ['yes'], 'move-down'],
  ] as [string, Answer[], string | undefined][])('%s with answers %j → %s', (key, answers, action) => {
    expect(resolveKey(key, 'none', answers)?.action).toBe(action);
  });

  test('overlays are modal: question and list keys are off', () => {
    expect(resolveKey('q', 'modal', ALL_ANSWERS)?.action).toBe('close');
    expect(resolveKey('y', 'modal', ALL_ANSWERS)).toBeUndefined();
    expect(resolveKey('p', 'modal', [])).toBeUndefined();
    expect(resolveKey('y', 'confirm', [])?.action).toBe('confirm');
    expect(resolveKey('escape', 'confirm', [])?.action).toBe('cancel');
    expect(resolveKey('j', 'confirm', [])).toBeUndefined();
  });

  test('Ctrl-C works in every mode', () => {
    for (const mode of ['none', 'filter', 'modal', 'confirm'] as const)
      expect(resolveKey('ctrl+c', mode, [])?.action, mode).toBe('interrupt');
  });

  test('while typing a filter, letters are text: only enter, Esc, backspace and Ctrl-C are keys', () => {
    expect(resolveKey('j', 'filter', ['yes'])).toBeUndefined();
    expect(resolveKey('q', 'filter', [])).toBeUndefined();
    expect(resolveKey('enter', 'filter', [])?.action).toBe('filter-keep');
    expect(resolveKey('escape', 'filter', [])?.action).toBe('filter-clear');
    expect(resolveKey('backspace', 'filter', [])?.action).toBe('filter-erase');
  });

  test('the answer binding carries the answer', () => {
    expect(resolveKey('x', 'none', ['retry', 'abort'])?.answer).toBe('abort');
  });
});

describe('keyHint', () => {
  test('lists the hinted list keys', () => {
    expect(keyHint('none', [])).toBe(
      'enter attach · / filter · p pause · s skip · f force · r retry · d diff · l log · t tmux · q quit · ? help',
    );
  });

  test('says "p resume" while paused', () => {
    expect(keyHint('none', [], { paused: true })).toContain(' · p resume · ');
    expect(keyHint('none', [], { paused: false })).toContain(' · p pause · ');
  });

  test('too long for its width, it drops hints before "q quit · ? help", which stay', () => {
    const hint = keyHint('none', [], { width: 80 });
    expect(hint).toBe('enter attach · / filter · p pause · s skip · f force · r retry · q quit · ? help');
    expect(keyHint('none', [], { width: 100 })).toMatch(/ · q quit · \? help$/);
    expect(keyHint('none', [], { width: 100 }).length).toBeLessThanOrEqual(100);
  });

  test('drops keys a pending question has taken over', () => {
    expect(keyHint('none', ['retry', 'skip', 'force', 'abort'])).toBe(
      'enter attach · / filter · p pause · d diff · l log · t tmux · q quit · ? help',
    );
    expect(keyHint('none', ['attach', 'skip'])).toBe(
      'enter attach · / filter · p pause · f force · r retry · d diff · l log · t tmux · q quit · ? help',
    );
  });

  test('overlays and confirmations have their own hint', () => {
    expect(keyHint('modal', [])).toBe('Esc close');
    expect(keyHint('confirm', [])).toBe('y yes · n no');
    expect(keyHint('filter', [])).toBe('enter keep · Esc clear');
  });
});

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

describe('keyNames: every key of one stdin chunk', () => {
  test.each([
    ['jjj', NO_KEY, ['j', 'j', 'j']],
    ['j', NO_KEY, ['j']],
    ['jj\r', NO_KEY, ['j', 'j', 'enter']],
    ['k \u0003', NO_KEY, ['k', 'space', 'ctrl+c']],
    ['ab\u007F\t', NO_KEY, ['a', 'b', 'backspace', 'tab']],
    ['', { ...NO_KEY, downArrow: true }, ['down']],
    ['', { ...NO_KEY, pageDown: true }, ['pagedown']],
    ['c', { ...NO_KEY, ctrl: true }, ['ctrl+c']],
    ['', { ...NO_KEY, delete: true }, ['backspace']],
  ] as [string, Key, string[]][])('%j → %j', (input, key, names) => {
    expect(keyNames(input, key)).toEqual(names);
  });
});

describe('helpLines', () => {
  test('has one line per binding with its keys and help, under its context heading', () => {
    const lines = helpLines();
    for (const b of KEYMAP) {
      const keys = b.keys.map(displayKey).join('/');
      expect(lines.filter((l) => l.trim().startsWith(keys) && l.endsWith(b.help)).length, `${keys} ${b.help}`).toBeGreaterThan(0);
    }
    expect(lines.filter((l) => l.startsWith('  '))).toHaveLength(KEYMAP.length);
    expect(lines[0]).toBe('Task list');
    expect(lines).toContain('Pending question (its letters take precedence over the task-list keys)');
  });
});
