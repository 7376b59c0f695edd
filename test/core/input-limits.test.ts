/** Input that used to be accepted and fail later (issue 10, item 9): refused as values, or handled. */
import { describe, expect, it } from 'vitest';
import { assemblePlan, MAX_TASK_BODY_BYTES, MAX_TASKS } from '../../src/core/plan/assemble.js';
import type { RawTask } from '../../src/core/plan/parse-markdown.js';
import { parseYamlPlan } from '../../src/core/plan/parse-yaml.js';
import { initState } from '../../src/core/scheduler/init.js';
import { opts, t } from './scheduler-helpers.js';

const raw = (id: string, body = '', deps: string[] | null = null, line = 1): RawTask => ({
  id,
  title: `T ${id}`,
  rawType: null,
  files: [],
  deps,
  line,
  body,
});

const assemble = (tasks: RawTask[]) =>
  assemblePlan({ raw: { milestoneId: 'M1', title: 'M', tasks, requires: [] }, format: 'markdown', source: 'p.md', done: new Set() });

describe('rank on long chains', () => {
  it('ranks a 50,000-task chain without overflowing the stack (critical path first)', () => {
    const n = 50_000;
    const tasks = Array.from({ length: n }, (_, i) => t(`t${i}`, i === 0 ? [] : [`t${i - 1}`]));
    const s = initState(tasks, null, opts());
    expect(s.info.t0?.rank).toBe(n);
    expect(s.info[`t${n - 1}`]?.rank).toBe(1);
  });

  it('rank = tasks on the longest chain of dependents, for a diamond and a side task', () => {
    const s = initState([t('a'), t('b', ['a']), t('c', ['a']), t('d', ['b', 'c']), t('e'), t('f', ['d', 'd'])], null, opts());
    expect(Object.fromEntries(Object.values(s.info).map((i) => [i.id, i.rank]))).toEqual({ a: 4, b: 3, c: 3, d: 2, e: 1, f: 1 });
  });
});

describe('assemblePlan limits', () => {
  it(`refuses more than ${MAX_TASKS} tasks`, () => {
    const tasks = Array.from({ length: MAX_TASKS + 1 }, (_, i) => raw(`t${i}`));
    const r = assemble(tasks);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toEqual({
        code: 'too-large',
        message: `p.md has ${MAX_TASKS + 1} tasks; mstui runs at most 10000 per milestone: split the plan`,
      });
    expect(assemble(tasks.slice(0, MAX_TASKS)).ok).toBe(true);
  });

  it('refuses a task whose text would not fit in the agent prompt argument, naming the task, line and size', () => {
    const r = assemble([raw('1.1'), raw('1.2', 'x'.repeat(150 * 1024), null, 7)]);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toEqual({
        code: 'too-large',
        message:
          "p.md:7: task 1.2's text is 150 KiB; an agent's prompt can hold at most 100 KiB: shorten it, or move the details to a file the task names",
      });
    // Bytes, not characters: 40k CJK characters are 120 KB of UTF-8.
    expect(assemble([raw('1.1', '日'.repeat(40_000))]).ok).toBe(false);
    expect(assemble([raw('1.1', 'x'.repeat(MAX_TASK_BODY_BYTES))]).ok).toBe(true);
  });
});

describe('YAML plans', () => {
  it('a duplicate key is an error naming its line, not "the last one wins"', () => {
    const text = ['tasks:', '  - id: a', 'tasks:', '  - id: b', ''].join('\n');
    const r = parseYamlPlan(text, 'm.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid-yaml');
      expect(r.error.message).toBe('m.yaml:3: not valid YAML: Map keys must be unique');
    }
  });
});
