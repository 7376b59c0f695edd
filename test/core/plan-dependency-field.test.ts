/** Issue 11: only a task's own dependency field is its dependency; other `Depends on:` lines are mentions (a warning). */
import { describe, expect, it } from 'vitest';
import { assemblePlan } from '../../src/core/plan/assemble.js';
import type { Plan, PlanError } from '../../src/core/plan/model.js';
import { parseMarkdownPlan, type RawPlan } from '../../src/core/plan/parse-markdown.js';

const FILE = 'plans/M3_compose.md';

function raw(source: string): RawPlan {
  const r = parseMarkdownPlan(source, FILE);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function assembled(source: string): { ok: true; plan: Plan } | { ok: false; error: PlanError } {
  const r = assemblePlan({ raw: raw(source), format: 'markdown', source: FILE, done: new Set() });
  return r.ok ? { ok: true, plan: r.value } : { ok: false, error: r.error };
}

/** Task 3.1, then task 3.2 whose section (after its heading and a blank line) is `body`. */
const twoTasks = (body: string) => `# M3\n\n## Task 3.1: Base\n\n**Type:** CODING\n\n## Task 3.2: Compose\n\n${body}\n`;

describe('which `Depends on:` line is the task’s dependency field', () => {
  it.each([
    ['bold, right under the heading', '**Depends on:** 3.1', ['3.1'], []],
    ['bold bullet, right under the heading', '- **Depends on:** 3.1', ['3.1'], []],
    ['bold with the colon outside', '**Depends on**: 3.1', ['3.1'], []],
    ['bold, after the description', 'Wire the worker in.\n\n**Depends on:** 3.1', ['3.1'], []],
    ['a plain line of its own', 'Depends on: 3.1', ['3.1'], []],
    ['a plain line of its own after prose', 'Some prose.\n\nDepends on: 3.1', ['3.1'], []],
    ['plain bullets in the field block under the heading', '- Type: CODING\n- Depends on: 3.1\n- Files: `a.yml`', ['3.1'], []],
    ['field block with a Files list before it', '**Files:**\n- `docker-compose.yml`\n\n- Depends on: 3.1', ['3.1'], []],
    ['a docker-compose bullet under a lead-in', '**Type:** CODING\n\nAdd a service:\n- Name: worker\n- Depends on: backend', null, [13]],
    ['a bullet under a notes field', '**Notes:**\n- Depends on: 3.1', null, [10]],
    ['a nested bullet', '- Services:\n  - Depends on: backend', null, [10]],
    ['an indented bold line', '- worker\n  - **Depends on:** backend', null, [10]],
    ['a bullet after prose', 'Add the worker service.\n\n- Depends on: backend', null, [11]],
    ['a bullet after a sub-heading', '### Compose\n\n- Depends on: backend', null, [11]],
    ['inside a fence: neither field nor mention', '```yaml\nDepends on: backend\n- Depends on: 3.1\n```', null, []],
    ['inside a tilde fence', '~~~\n**Depends on:** 3.1\n~~~', null, []],
  ])('%s', (_name, body, deps, mentionLines) => {
    const plan = raw(twoTasks(body));
    expect(plan.tasks[1]?.deps).toEqual(deps);
    expect((plan.warnings ?? []).map((w) => Number(/^[^:]+:(\d+):/.exec(w)?.[1]))).toEqual(mentionLines);
  });

  it('the field and a mention in one task: only the field counts, the mention is a warning naming the line', () => {
    const plan = raw(twoTasks('**Depends on:** 3.1\n\n**Implementation notes:**\n- Add a `worker` service\n- Depends on: backend'));
    expect(plan.tasks[1]?.deps).toEqual(['3.1']);
    expect(plan.tasks[1]?.depsLine).toBe(9);
    expect(plan.warnings).toEqual([
      `${FILE}:13: task 3.2: "- Depends on: backend" is in the task's notes, not its dependency field, so it is not read as a dependency (write **Depends on:** under the heading if it is one)`,
    ]);
  });

  it('a long mention is cut in the warning', () => {
    const plan = raw(twoTasks(`Prose.\n\n- Depends on: ${'x'.repeat(100)}`));
    expect(plan.warnings?.[0]).toContain(`"- Depends on: ${'x'.repeat(45)}…"`);
  });
});

describe('a dependency that is not a task', () => {
  it('the docker-compose bullet no longer refuses the plan: it assembles, with the warning', () => {
    const r = assembled(twoTasks('**Type:** CODING\n\n**Implementation notes:**\n- Add a `worker` service\n- Depends on: backend'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.plan.tasks.map((t) => t.deps)).toEqual([[], ['3.1']]);
    expect(r.plan.warnings[0]).toMatch(/^plans\/M3_compose\.md:13: task 3\.2: "- Depends on: backend" is in the task's notes/);
  });

  it.each([
    ['a word', '**Depends on:** backend', [], 'task 3.2 depends on backend, which is not a task in this plan: ignored'],
    ['a milestone', '**Depends on:** M1', [], 'task 3.2 depends on M1, which is not a task in this plan: ignored'],
    [
      'a word beside a task',
      '**Depends on:** 3.1, backend',
      ['3.1'],
      'task 3.2 depends on backend, which is not a task in this plan: ignored',
    ],
  ])('the field names %s: a warning at the field’s line, the rest kept', (_name, body, deps, warning) => {
    const r = assembled(twoTasks(body));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.plan.tasks[1]?.deps).toEqual(deps);
    expect(r.plan.depsDeclared).toBe(true);
    expect(r.plan.warnings).toEqual([`${FILE}:9: ${warning}`]);
  });

  it.each([
    ['a mistyped id of the same shape', '**Depends on:** 3.9', 'task 3.2 depends on 3.9, which is not a task in this plan'],
    ['an unsafe id', '**Depends on:** `../x`', 'task 3.2 depends on "../x", which is not a task in this plan'],
  ])('%s is still refused', (_name, body, message) => {
    const r = assembled(twoTasks(body));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('unknown-dependency');
    expect(r.error.message).toBe(`${FILE}:7: ${message}`);
  });
});
