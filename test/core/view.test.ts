import { describe, expect, it } from 'vitest';
import { assemblePlan } from '../../src/core/plan/assemble.js';
import type { DepsMode, Plan } from '../../src/core/plan/model.js';
import type { RawTask } from '../../src/core/plan/parse-markdown.js';
import { type PlanView, planJson, planView } from '../../src/core/plan/view.js';

const SOURCE = 'plans/M3_view.md';

/** `spec` is `id<-dep,dep` per task, in document order. */
function plan(spec: string[], done: string[] = [], depsMode: DepsMode = 'explicit'): Plan {
  const tasks: RawTask[] = spec.map((s, i) => {
    const [id = '', deps] = s.split('<-');
    return {
      id,
      title: `Task ${id}`,
      rawType: i === 0 ? 'CODING' : null,
      files: [],
      deps: deps ? deps.split(',') : [],
      line: 10 + i,
      body: '',
    };
  });
  const r = assemblePlan({
    raw: { milestoneId: 'M3', title: 'View', tasks, requires: [] },
    format: 'markdown',
    source: SOURCE,
    done: new Set(done),
    depsMode,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function view(p: Plan, from?: string): PlanView {
  const r = planView(p, from);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

// 2 is declared before 1 but depends on it; 3 is independent; 4 needs 2 and 3.
const SPEC = ['2<-1', '1', '3', '4<-2,3'];

describe('planView', () => {
  it('waves, critical path and counts', () => {
    expect(view(plan(SPEC, ['1']))).toEqual({
      waves: [['1', '3'], ['2'], ['4']],
      resumeFrom: '3',
      criticalPath: ['1', '2', '4'],
      counts: { tasks: 4, done: 1, remaining: 3 },
    });
  });

  it.each<[string, string[], string | null]>([
    ['nothing done: first task of wave 1, not first in the document', [], '1'],
    ['wave 1 partly done: the rest of wave 1 first', ['1'], '3'],
    ['wave 1 done: wave 2', ['1', '3'], '2'],
    ['done out of order still resumes at the earliest open wave', ['2', '4'], '1'],
    ['only the last open', ['1', '2', '3'], '4'],
    ['all done → null', ['1', '2', '3', '4'], null],
  ])('resumeFrom: %s', (_name, done, expected) => {
    const spec = ['1', '2<-1', '3', '4<-2,3'];
    expect(view(plan(spec, done)).resumeFrom).toBe(expected);
  });

  it('resumeFrom follows document order inside a wave', () => {
    expect(view(plan(['b', 'a', 'c'])).resumeFrom).toBe('b');
    expect(view(plan(['b', 'a', 'c'], ['b'])).resumeFrom).toBe('a');
  });

  it('from overrides the computed resume point, even for a done task', () => {
    const p = plan(SPEC, ['1']);
    expect(view(p, '4').resumeFrom).toBe('4');
    expect(view(p, '1').resumeFrom).toBe('1');
    expect(view(plan(SPEC, ['1', '2', '3', '4']), '3').resumeFrom).toBe('3');
  });

  it('unknown from → unknown-task listing the known tasks', () => {
    expect(planView(plan(SPEC), '9.9')).toEqual({
      ok: false,
      error: { code: 'unknown-task', message: `--from 9.9: no such task in ${SOURCE} (tasks: 2, 1, 3, 4)` },
    });
  });

  it('unknown from in a long plan lists the first 8 and an ellipsis', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    const r = planView(plan(ids), 'zz');
    expect(r.ok ? null : r.error.message).toBe(`--from zz: no such task in ${SOURCE} (tasks: a, b, c, d, e, f, g, h, ...)`);
  });

  it('chain mode gives one task per wave', () => {
    expect(view(plan(['x', 'y', 'z'], [], 'chain')).waves).toEqual([['x'], ['y'], ['z']]);
  });

  it('a plan whose tasks were edited into a cycle is reported, not looped over', () => {
    const p = plan(['a', 'b<-a']);
    const a = p.tasks[0];
    if (a) a.deps = ['b'];
    expect(planView(p)).toEqual({ ok: false, error: { code: 'cycle', message: 'dependency cycle: a → b → a' } });
  });
});

describe('planJson', () => {
  it('has exactly the documented keys', () => {
    const p = plan(SPEC, ['1']);
    const json = planJson(p, view(p));
    expect(Object.keys(json)).toEqual(['milestone', 'tasks', 'waves', 'resumeFrom', 'warnings', 'criticalPath', 'needsReview']);
    expect(Object.keys(json.milestone)).toEqual(['id', 'title', 'source', 'format']);
    for (const t of json.tasks) expect(Object.keys(t)).toEqual(['id', 'title', 'kind', 'rawType', 'deps', 'files', 'done']);
  });

  it('serializes the plan and the view', () => {
    const p = plan(['1', '2<-1'], ['1'], 'chain');
    const json = planJson(p, view(p));
    expect(JSON.parse(JSON.stringify(json))).toEqual({
      milestone: { id: 'M3', title: 'View', source: SOURCE, format: 'markdown' },
      tasks: [
        { id: '1', title: 'Task 1', kind: 'coding', rawType: 'CODING', deps: [], files: [], done: true },
        { id: '2', title: 'Task 2', kind: 'unknown', rawType: null, deps: ['1'], files: [], done: false },
      ],
      waves: [['1'], ['2']],
      resumeFrom: '2',
      warnings: [],
      criticalPath: ['1', '2'],
      needsReview: false,
    });
  });

  it('carries the inferred-deps warning and needsReview', () => {
    const r = assemblePlan({
      raw: {
        milestoneId: 'M3',
        title: 'View',
        tasks: [{ id: 'a', title: 'A', rawType: null, files: ['a.ts'], deps: null, line: 1, body: '' }],
        requires: [],
      },
      format: 'markdown',
      source: SOURCE,
      done: new Set(),
      needsReview: true,
    });
    if (!r.ok) throw new Error(r.error.message);
    const json = planJson(r.value, view(r.value));
    expect(json.warnings).toHaveLength(1);
    expect(json.warnings[0]).toMatch(/^no dependencies are declared/);
    expect(json.needsReview).toBe(true);
    expect(json.tasks[0]?.files).toEqual(['a.ts']);
    expect(json.resumeFrom).toBe('a');
  });
});
