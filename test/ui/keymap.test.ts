import { describe, expect, test } from 'vitest';
import { initState } from '../../src/core/scheduler/init.js';
import { questionFor } from '../../src/core/scheduler/questions.js';
import type { Answer, QuestionKind } from '../../src/core/scheduler/types.js';
import { displayKey, helpLines, KEYMAP, keyHint, resolveKey } from '../../src/ui/keymap.js';

const ALL_ANSWERS: Answer[] = ['yes', 'no', 'always', 'retry', 'skip', 'force', 'abort', 'approve', 'deny'];

describe('KEYMAP', () => {
  test('every answer has exactly one key, the letters the brief names', () => {
    const letters = Object.fromEntries(KEYMAP.filter((b) => b.action === 'answer').map((b) => [b.answer, b.keys.join('')]));
    expect(letters).toEqual({
      yes: 'y',
      no: 'n',
      always: 'a',
      retry: 'r',
      skip: 's',
      force: 'f',
      abort: 'x',
      approve: 'p',
      deny: 'd',
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

  test('no key is bound twice within one context (answers aside, which are told apart by the question)', () => {
    for (const ctx of ['list', 'overlay', 'confirm'] as const) {
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
    ['a', ['yes', 'no', 'always'], 'answer'],
    ['a', ['yes', 'no'], 'attach'],
    ['p', ['approve', 'deny'], 'answer'],
    ['d', ['approve', 'deny'], 'answer'],
    ['d', ['yes', 'no', 'always'], 'diff'],
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

  test('the answer binding carries the answer', () => {
    expect(resolveKey('x', 'none', ['retry', 'abort'])?.answer).toBe('abort');
  });
});

describe('keyHint', () => {
  test('lists the hinted list keys', () => {
    expect(keyHint('none', [])).toBe('enter attach · p pause · s skip · f force · r retry · d diff · l log · t tmux · q quit · ? help');
  });

  test('drops keys a pending question has taken over', () => {
    expect(keyHint('none', ['retry', 'skip', 'force', 'abort'])).toBe('enter attach · p pause · d diff · l log · t tmux · q quit · ? help');
    expect(keyHint('none', ['approve', 'deny'])).toBe('enter attach · s skip · f force · r retry · l log · t tmux · q quit · ? help');
  });

  test('overlays and confirmations have their own hint', () => {
    expect(keyHint('modal', [])).toBe('Esc close');
    expect(keyHint('confirm', [])).toBe('y yes · n no');
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
