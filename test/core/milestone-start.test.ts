import { describe, expect, it } from 'vitest';
import { type StartFacts, startLine } from '../../src/core/milestone-start.js';
import { statusRefusal } from '../../src/core/plan/parse-yaml.js';

const tasks = (ids: string[], done: string[] = []) => ids.map((id) => ({ id, done: done.includes(id) }));
const facts = (f: Partial<StartFacts>): StartFacts => ({
  format: 'markdown',
  tasks: tasks(['4.1', '4.2', '4.3', '4.4']),
  mergedBefore: new Set(),
  order: ['4.1', '4.2', '4.3', '4.4'],
  ...f,
});

describe('startLine', () => {
  it.each<[string, Partial<StartFacts>, string]>([
    ['nothing done', {}, 'Completed: none · Starting from: 4.1'],
    [
      'the handoff marks two done',
      { tasks: tasks(['4.1', '4.2', '4.3', '4.4'], ['4.1', '4.2']) },
      'Completed: 4.1, 4.2 (from handoff) · Starting from: 4.3',
    ],
    [
      'one merged by an earlier run on the integration branch',
      { tasks: tasks(['4.1', '4.2', '4.3', '4.4'], ['4.1']), mergedBefore: new Set(['4.1', '4.2']) },
      'Completed: 4.1 (from handoff), 4.2 (merged earlier) · Starting from: 4.3',
    ],
    [
      'a YAML milestone',
      { format: 'yaml', tasks: tasks(['T1', 'T2'], ['T1']), order: ['T1', 'T2'] },
      'Completed: T1 (completed in the milestone file) · Starting from: T2',
    ],
    [
      'GitHub issues',
      { format: 'github', tasks: tasks(['153', '154'], ['153']), order: ['153', '154'] },
      'Completed: 153 (closed issues) · Starting from: 154',
    ],
    [
      'the run order (waves), not plan order, says where it starts',
      { tasks: tasks(['4.1', '4.2', '4.3'], ['4.1']), order: ['4.1', '4.3', '4.2'] },
      'Completed: 4.1 (from handoff) · Starting from: 4.3',
    ],
    [
      '--only: the first selected task not done',
      { tasks: tasks(['4.1', '4.2', '4.3', '4.4'], ['4.1']), order: ['4.4'] },
      'Completed: 4.1 (from handoff) · Starting from: 4.4',
    ],
    [
      'everything done',
      { tasks: tasks(['4.1', '4.2'], ['4.1']), mergedBefore: new Set(['4.2']), order: ['4.1', '4.2'] },
      'Completed: 4.1 (from handoff), 4.2 (merged earlier) · Starting from: nothing (every task is done)',
    ],
  ])('%s', (_name, f, line) => {
    expect(startLine(facts(f))).toBe(line);
  });

  it('a long list is cut after 12 ids, counting the rest', () => {
    const ids = Array.from({ length: 20 }, (_, i) => `1.${i + 1}`);
    const line = startLine(facts({ tasks: tasks([...ids, '2.1'], ids), order: [...ids, '2.1'] }));
    expect(line).toBe(`Completed: ${ids.slice(0, 12).join(', ')} and 8 more (from handoff) · Starting from: 2.1`);
  });
});

describe('statusRefusal (seed 002: only planned, paused, in_progress run)', () => {
  it.each([
    [null, null],
    ['planned', null],
    ['paused', null],
    ['in_progress', null],
    ['In Progress', null],
    ['in-progress', null],
    [
      'completed',
      'milestone M7 has status "completed", which does not allow execution (only planned, paused, in_progress run): change its status to run it',
    ],
    [
      'blocked',
      'milestone M7 has status "blocked", which does not allow execution (only planned, paused, in_progress run): change its status to run it',
    ],
    ['', 'milestone M7 has status "", which does not allow execution (only planned, paused, in_progress run): change its status to run it'],
  ])('%j → %j', (status, why) => {
    expect(statusRefusal(status, 'M7')).toBe(why);
  });
});
