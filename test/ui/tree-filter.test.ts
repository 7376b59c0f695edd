import { describe, expect, test } from 'vitest';
import { filterTree, taskMatches } from '../../src/ui/tree-filter.js';
import { buildTree } from '../../src/ui/tree-model.js';
import { fakeEngine } from './fake-engine.js';

const engine = fakeEngine({
  tasks: [
    { id: '1.1', title: 'Parse the API' },
    { id: '1.2', title: 'Store' },
    { id: '2.1', title: 'api client' },
    { id: '2.2', title: 'Docs' },
  ],
  waves: [
    ['1.1', '1.2'],
    ['2.1', '2.2'],
  ],
});
const model = buildTree(engine.meta, engine.getState());

describe('filterTree', () => {
  test('keeps matching tasks (id or title, any case) under their wave headings, renumbered', () => {
    expect(filterTree(model, engine.meta, 'API')).toEqual({
      rows: [
        { kind: 'wave', label: 'Wave 1' },
        { kind: 'task', id: '1.1', index: 0 },
        { kind: 'wave', label: 'Wave 2' },
        { kind: 'task', id: '2.1', index: 1 },
      ],
      taskIds: ['1.1', '2.1'],
      rowOfTask: [1, 3],
    });
  });

  test('a heading without a match goes; ids match too', () => {
    expect(filterTree(model, engine.meta, '2.2').rows).toEqual([
      { kind: 'wave', label: 'Wave 2' },
      { kind: 'task', id: '2.2', index: 0 },
    ]);
  });

  test('an empty filter is the whole tree; no match is an empty one', () => {
    expect(filterTree(model, engine.meta, '  ')).toBe(model);
    expect(filterTree(model, engine.meta, 'zzz')).toEqual({ rows: [], taskIds: [], rowOfTask: [] });
  });

  test('taskMatches ignores control characters in titles', () => {
    expect(taskMatches({ tasks: { a: { id: 'a', title: 'x\u001B[31my', kind: '', worktree: '', branch: '' } } }, 'a', '[31')).toBe(false);
  });
});
