import { describe, expect, test } from 'vitest';
import { questionFor } from '../../src/core/scheduler/questions.js';
import type { TaskStatus } from '../../src/core/scheduler/types.js';
import { displayStatus, GLYPHS } from '../../src/ui/glyphs.js';
import { pendingQuestion, questionCount } from '../../src/ui/pending-question.js';
import { formatElapsed, progressBar, progressFraction, runCounts, truncate } from '../../src/ui/run-summary.js';
import { fakeEngine, taskOf } from './fake-engine.js';

const withStatuses = (statuses: TaskStatus[]) => fakeEngine({ tasks: statuses.map((status, i) => ({ id: `1.${i + 1}`, status })) }).state;

describe('displayStatus', () => {
  test('pending with an unmerged dependency is blocked; with satisfied ones it is pending', () => {
    const s = fakeEngine({
      tasks: [
        { id: 'a', status: 'running' },
        { id: 'b', deps: ['a'] },
        { id: 'c', status: 'merged' },
        { id: 'd', status: 'excluded' },
        { id: 'e', deps: ['c', 'd'] },
      ],
    }).state;
    expect(displayStatus(taskOf(s, 'b'), s)).toBe('blocked');
    expect(displayStatus(taskOf(s, 'e'), s)).toBe('pending');
  });

  test('an agent waiting, a question or a decision means waiting; finished tasks never wait', () => {
    const e = fakeEngine({
      tasks: [
        { id: 'a', status: 'running', run: { agent: 'waiting' } },
        { id: 'b', status: 'decision' },
        { id: 'c', status: 'awaiting-merge' },
        { id: 'd', status: 'merged', run: { agent: 'waiting' } },
      ],
    });
    const s = e.state;
    s.tasks.c = { ...taskOf(s, 'c'), question: questionFor('merge', taskOf(s, 'c'), s) };
    expect(['a', 'b', 'c', 'd'].map((id) => displayStatus(taskOf(s, id), s))).toEqual(['waiting', 'waiting', 'waiting', 'merged']);
  });

  test('every display status has a distinct glyph except the two ticks', () => {
    const glyphs = Object.values(GLYPHS).map((g) => g.glyph);
    expect(glyphs.filter((g) => g === '✓')).toHaveLength(2); // merged (green) and done (dim)
    expect(new Set(glyphs).size).toBe(glyphs.length - 1);
  });
});

describe('runCounts', () => {
  test('counts by display status and leaves excluded tasks out of the total', () => {
    const s = withStatuses(['merged', 'done', 'running', 'verifying', 'decision', 'failed', 'skipped', 'pending', 'excluded']);
    expect(runCounts(s)).toEqual({ done: 2, running: 2, waiting: 1, failed: 1, skipped: 1, remaining: 1, total: 8 });
  });
});

describe('progressFraction', () => {
  const s = withStatuses(['merged', 'done', 'running', 'verifying', 'awaiting-merge', 'pending', 'skipped', 'excluded']);

  test('markdown and other formats: merged and done over every task of the run', () => {
    expect(progressFraction(s, { format: 'markdown' })).toBeCloseTo(2 / 7);
  });

  test('kiro yaml: running 40%, verifying and awaiting merge 60%, merged and done 100%', () => {
    expect(progressFraction(s, { format: 'yaml' })).toBeCloseTo((1 + 1 + 0.4 + 0.6 + 0.6) / 7);
  });

  test('a run with no tasks is complete', () => {
    expect(progressFraction(withStatuses([]), { format: 'markdown' })).toBe(1);
  });
});

describe('formatting', () => {
  test.each([
    [0, '0:00'],
    [999, '0:00'],
    [65_000, '1:05'],
    [3_725_000, '1:02:05'],
    [-5, '0:00'],
    [Number.NaN, '0:00'],
  ])('formatElapsed(%d) = %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });

  test('progressBar', () => {
    expect(progressBar(0.5, 10)).toBe('█████░░░░░');
    expect(progressBar(2, 4)).toBe('████');
    expect(progressBar(-1, 4)).toBe('░░░░');
  });

  test('truncate', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect(truncate('abc', 0)).toBe('');
  });
});

describe('pendingQuestion', () => {
  test('run-level first, then the selected task, then the first task with a question', () => {
    const e = fakeEngine({ tasks: [{ id: '1.1', status: 'decision' }, { id: '1.2', status: 'awaiting-merge' }, { id: '1.3' }] });
    const s = e.state;
    const q1 = questionFor('gate-failed', taskOf(s, '1.1'), s);
    const q2 = questionFor('merge', taskOf(s, '1.2'), s);
    s.tasks['1.1'] = { ...taskOf(s, '1.1'), question: q1 };
    s.tasks['1.2'] = { ...taskOf(s, '1.2'), question: q2 };
    expect(pendingQuestion(s, '1.2')).toBe(q2);
    expect(pendingQuestion(s, '1.3')).toBe(q1);
    expect(pendingQuestion(s, undefined)).toBe(q1);
    s.question = questionFor('confirm-deps', taskOf(s, '1.3'), s);
    expect(pendingQuestion(s, '1.2')).toBe(s.question);
    expect(questionCount(s)).toBe(3);
  });
});
