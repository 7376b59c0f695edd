import { describe, expect, it } from 'vitest';
import { type AssembleInput, assemblePlan, INFERRED_DEPS_WARNING } from '../../src/core/plan/assemble.js';
import type { DepsMode, Plan, PlanError, PlanFormat } from '../../src/core/plan/model.js';
import { parseMarkdownPlan, type RawPlan, type RawTask } from '../../src/core/plan/parse-markdown.js';

const FILE = 'plans/M1_demo.md';

function raw(source: string, file = FILE): RawPlan {
  const r = parseMarkdownPlan(source, file);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function task(id: string, deps: string[] | null, line: number, rawType: string | null = null): RawTask {
  return { id, title: `Title ${id}`, rawType, files: [], deps, line, body: `body ${id}` };
}

function rawOf(tasks: RawTask[], milestoneId = 'M1'): RawPlan {
  return { milestoneId, title: 'Demo', tasks, requires: [] };
}

function run(r: RawPlan, extra: Partial<AssembleInput> = {}): ReturnType<typeof assemblePlan> {
  return assemblePlan({ raw: r, format: 'markdown', source: FILE, done: new Set(), ...extra });
}

function okPlan(r: RawPlan, extra: Partial<AssembleInput> = {}): Plan {
  const res = run(r, extra);
  if (!res.ok) throw new Error(`unexpected error: ${res.error.message}`);
  return res.value;
}

function failure(r: RawPlan, extra: Partial<AssembleInput> = {}): PlanError {
  const res = run(r, extra);
  if (res.ok) throw new Error('expected an error');
  return res.error;
}

const depsOf = (p: Plan) => Object.fromEntries(p.tasks.map((t) => [t.id, t.deps]));

describe('errors', () => {
  it.each([
    ['plans/M1_demo.md', '# Just a title\n\nNo tasks here.\n'],
    ['notes/empty.md', ''],
  ])('no tasks in %s → not-a-plan', (file, source) => {
    const e = failure(raw(source, file), { source: file });
    expect(e).toEqual({
      code: 'not-a-plan',
      message: `no tasks found in ${file}; expected '## Task N.N: Title' headings or TASK-NNN ids`,
    });
  });

  it('duplicate ids name both lines', () => {
    const e = failure(raw('# P\n\n## Task 1.1: A\n\n## Task 1.2: B\n\n## Task 1.1: Again\n'));
    expect(e).toEqual({ code: 'duplicate-id', message: `${FILE}:7: duplicate task id 1.1 (first defined at ${FILE}:3)` });
  });

  it('unknown dependency names the task, the missing id and file:line', () => {
    const e = failure(raw('# P\n\n## Task 1.1: A\n\n## Task 1.2: B\n\n**Depends on:** 1.1, 1.9\n'));
    expect(e).toEqual({ code: 'unknown-dependency', message: `${FILE}:5: task 1.2 depends on 1.9, which is not a task in this plan` });
  });

  it('self-dependency is a cycle', () => {
    const e = failure(raw('# P\n\n## Task 1.1: A\n\n**Depends on:** 1.1\n'));
    expect(e).toEqual({ code: 'cycle', message: `${FILE}:3: task 1.1 depends on itself` });
  });

  it('a 3-cycle prints the cycle and file:line of each task', () => {
    const source = [
      '# P',
      '',
      '## Task a: A',
      'Depends on: c',
      '',
      '## Task b: B',
      'Depends on: a',
      '',
      '## Task c: C',
      'Depends on: b',
      '',
      '## Task d: D',
      'Depends on: c',
    ].join('\n');
    const e = failure(raw(source));
    expect(e).toEqual({ code: 'cycle', message: `dependency cycle: a → b → c → a (${FILE}:3, ${FILE}:6, ${FILE}:9)` });
  });

  it('a 2-cycle behind a healthy task', () => {
    const e = failure(rawOf([task('1.1', [], 2), task('1.2', ['1.3'], 4), task('1.3', ['1.2'], 6)]));
    expect(e).toEqual({ code: 'cycle', message: `dependency cycle: 1.2 → 1.3 → 1.2 (${FILE}:4, ${FILE}:6)` });
  });

  it.each([
    [
      'a task id',
      rawOf([task('x/y', null, 4)]),
      `${FILE}:4: task id "x/y" cannot be used in a branch or path name: it contains a path separator`,
    ],
    [
      'the milestone id',
      rawOf([task('1.1', null, 4)], 'my plan'),
      `${FILE}: milestone id "my plan" cannot be used in a branch or path name: it contains a space`,
    ],
  ])('unsafe %s', (_what, r, message) => {
    expect(failure(r)).toEqual({ code: 'unsafe-id', message });
  });
});

describe('deps mode', () => {
  const NO_DEPS = '# P\n\n## Task 1.1: A\n\n## Task 1.2: B\n\n## Task 1.3: C\n';
  const SOME_DEPS = '# P\n\n## Task 1.1: A\n\n## Task 1.2: B\n\n## Task 1.3: C\n\n**Depends on:** 1.1\n';

  it('markdown without declared deps → chain in document order, with the warning', () => {
    const p = okPlan(raw(NO_DEPS));
    expect(depsOf(p)).toEqual({ '1.1': [], '1.2': ['1.1'], '1.3': ['1.2'] });
    expect(p.depsDeclared).toBe(false);
    expect(p.depsInferred).toBe(true);
    expect(p.warnings).toEqual([INFERRED_DEPS_WARNING]);
    expect(INFERRED_DEPS_WARNING).toBe(
      'no dependencies are declared, so each task depends on the one before it (document order); confirm before running, or pass --deps explicit|independent',
    );
  });

  it('task-ids format without deps is chained too', () => {
    const p = okPlan(rawOf([task('TASK-002', null, 3), task('TASK-001', null, 4)]), { format: 'task-ids' });
    expect(depsOf(p)).toEqual({ 'TASK-002': [], 'TASK-001': ['TASK-002'] });
    expect(p.warnings).toEqual([INFERRED_DEPS_WARNING]);
  });

  it('declared deps (even "none") → explicit, no warning', () => {
    const p = okPlan(raw(SOME_DEPS));
    expect(depsOf(p)).toEqual({ '1.1': [], '1.2': [], '1.3': ['1.1'] });
    expect(p.depsDeclared).toBe(true);
    expect(p.depsInferred).toBe(false);
    expect(p.warnings).toEqual([]);
    const none = okPlan(raw('# P\n\n## Task 1.1: A\n\n**Dependencies:** none\n\n## Task 1.2: B\n'));
    expect(depsOf(none)).toEqual({ '1.1': [], '1.2': [] });
    expect(none.warnings).toEqual([]);
  });

  it.each<[DepsMode, string, Record<string, string[]>]>([
    ['independent', SOME_DEPS, { '1.1': [], '1.2': [], '1.3': [] }],
    ['independent', NO_DEPS, { '1.1': [], '1.2': [], '1.3': [] }],
    ['explicit', NO_DEPS, { '1.1': [], '1.2': [], '1.3': [] }],
    ['explicit', SOME_DEPS, { '1.1': [], '1.2': [], '1.3': ['1.1'] }],
    ['chain', SOME_DEPS, { '1.1': [], '1.2': ['1.1'], '1.3': ['1.2'] }],
    ['chain', NO_DEPS, { '1.1': [], '1.2': ['1.1'], '1.3': ['1.2'] }],
  ])('--deps %s overrides (%#)', (mode, source, deps) => {
    const p = okPlan(raw(source), { depsMode: mode });
    expect(depsOf(p)).toEqual(deps);
    expect(p.warnings).toEqual([]);
    expect(p.depsInferred).toBe(false);
  });

  it.each<PlanFormat>(['yaml', 'github'])('%s with no deps is not chained', (format) => {
    const p = okPlan(rawOf([task('a', null, 1), task('b', null, 2)]), { format, source: 'plan.yaml' });
    expect(depsOf(p)).toEqual({ a: [], b: [] });
    expect(p.warnings).toEqual([]);
    expect(p.milestone.format).toBe(format);
  });

  it('a loader warning that mentions declared dependencies does not mark them inferred', () => {
    const reworded = 'these dependencies are declared nowhere: mstui guessed them';
    const loader = okPlan(rawOf([task('a', null, 1), task('b', null, 2)]), { format: 'github', warnings: [reworded] });
    expect(loader.warnings).toEqual([reworded]);
    expect(loader.depsInferred).toBe(false);
  });

  it('duplicate deps are collapsed', () => {
    const p = okPlan(rawOf([task('a', null, 1), task('b', ['a', 'a'], 2)]));
    expect(depsOf(p)).toEqual({ a: [], b: ['a'] });
  });
});

describe('plan fields', () => {
  it('maps raw tasks into the Plan model', () => {
    const source =
      '# Milestone 1: Demo\n\n**Depends on:** M0\n\n## Task 1.1: Store\n\n**Type:** MIXED (research + coding)\n**Files:** `src/a.ts`\n';
    const p = okPlan(raw(source), {
      done: new Set(['1.1']),
      warnings: ['from loader'],
      needsReview: true,
      handoffPath: 'plans/HANDOFF_M1.md',
    });
    expect(p.milestone).toEqual({ id: 'M1', title: 'Milestone 1: Demo', source: FILE, format: 'markdown' });
    expect(p.requires).toEqual(['M0']);
    expect(p.warnings).toEqual(['from loader', INFERRED_DEPS_WARNING]);
    expect(p.needsReview).toBe(true);
    expect(p.handoffPath).toBe('plans/HANDOFF_M1.md');
    expect(p.tasks).toEqual([
      {
        id: '1.1',
        title: 'Store',
        kind: 'mixed',
        rawType: 'MIXED (research + coding)',
        deps: [],
        files: ['src/a.ts'],
        done: true,
        loc: { file: FILE, line: 5 },
        body: '## Task 1.1: Store\n\n**Type:** MIXED (research + coding)\n**Files:** `src/a.ts`',
      },
    ]);
  });

  it('defaults: not done, no review, no handoff', () => {
    const p = okPlan(rawOf([task('a', [], 1)]));
    expect([p.tasks[0]?.done, p.needsReview, p.handoffPath]).toEqual([false, false, null]);
  });
});
