import { describe, expect, it } from 'vitest';
import { type CleanCandidate, classifyWorktree, describeClean, planClean } from '../../src/core/clean.js';

describe('classifyWorktree', () => {
  const known = new Set(['M1', 'M1-1.3', 'OB3-Phase', 'OB3-Phase-TASK-005', 'M']);
  it.each([
    ['M1', { milestone: 'M1', task: null }],
    ['M1-1.3', { milestone: 'M1', task: '1.3' }],
    ['OB3-Phase', { milestone: 'OB3-Phase', task: null }],
    // The longest known prefix wins: `OB3` is not a milestone here, `OB3-Phase` is.
    ['OB3-Phase-TASK-005', { milestone: 'OB3-Phase', task: 'TASK-005' }],
    ['M-TASK-005', { milestone: 'M', task: 'TASK-005' }],
    ['M2-1.1', { milestone: 'M2-1.1', task: null }],
    ['M1-', { milestone: 'M1-', task: null }],
  ])('%s', (name, want) => {
    expect(classifyWorktree(name, known)).toEqual(want);
  });
});

function c(name: string, patch: Partial<CleanCandidate> = {}): CleanCandidate {
  const { milestone, task } = classifyWorktree(name, new Set(['M1']));
  return {
    path: `/r/.worktrees/${name}`,
    name,
    branch: `mstui/${name}`,
    milestone,
    task,
    merged: false,
    dirty: [],
    current: false,
    ...patch,
  };
}

describe('planClean', () => {
  const all = [
    c('M1'),
    c('M1-1.1', { merged: true }),
    c('M1-1.2', { merged: true, dirty: ['?? notes.txt'] }),
    c('M1-1.3'),
    c('M1-1.4', { merged: true, current: true }),
  ];
  const names = (xs: CleanCandidate[]) => xs.map((x) => x.name);

  it('by default: merged task worktrees; a dirty one only when asked; integration and unmerged kept', () => {
    const p = planClean(all, false, ['mstui/M1', 'mstui/M1-1.1'], true);
    expect(names(p.remove)).toEqual(['M1-1.1']);
    expect(names(p.askEach)).toEqual(['M1-1.2']);
    expect(p.keep.map((k) => [k.candidate.name, k.why])).toEqual([
      ['M1', 'the integration worktree (--all removes it)'],
      ['M1-1.3', 'not merged (--all removes it)'],
      ['M1-1.4', 'your shell is inside it'],
    ]);
    expect(p.branches).toEqual([]);
  });

  it('--all: every worktree (dirty ones still asked); branches only with deleteBranches, not one still checked out', () => {
    const branches = ['mstui/M1', 'mstui/M1-1.1', 'mstui/M1-1.4', 'mstui/M1-1.9'];
    const p = planClean(all, true, branches, true);
    expect(names(p.remove)).toEqual(['M1', 'M1-1.1', 'M1-1.3']);
    expect(names(p.askEach)).toEqual(['M1-1.2']);
    expect(p.branches).toEqual(['mstui/M1', 'mstui/M1-1.1', 'mstui/M1-1.9']);
    expect(planClean(all, true, branches, false).branches).toEqual([]);
  });

  it('describeClean lists removals, questions, keeps, and says why branches stay', () => {
    const p = planClean(all, true, ['mstui/M1'], false);
    const text = describeClean(p, true, false, 1).join('\n');
    expect(text).toMatch(/^Will remove:\n {2}\.worktrees\/M1 +mstui\/M1 +integration worktree$/m);
    expect(text).toMatch(/^ {2}\.worktrees\/M1-1\.2 +mstui\/M1-1\.2 +merged; uncommitted changes \(1 file\): asks first$/m);
    expect(text).toContain('Branches: keeping 1 mstui/* branch (set "merge": {"deleteBranches": true} in .mstui.json');
  });
});
