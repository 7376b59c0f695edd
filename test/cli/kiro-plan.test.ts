/** `mstui plan` shows which tasks walk the kiro phases (seed 002) and the phases a human approves. */
import { describe, expect, it } from 'vitest';
import { renderPlan } from '../../src/cli/render-plan.js';
import { assemblePlan } from '../../src/core/plan/assemble.js';
import { parseYamlPlan } from '../../src/core/plan/parse-yaml.js';
import { planJson, planView } from '../../src/core/plan/view.js';

const K1 = `metadata: { id: K1, title: Kiro }
tasks:
  - { id: T1, title: Model, kiro_workflow: { approval: [design, spec] } }
  - { id: T2, title: API, type: coding, kiro_workflow: true, dependencies: [T1] }
  - { id: T3, title: Docs, dependencies: [T2] }
`;

function plan() {
  const y = parseYamlPlan(K1, 'K1.yaml');
  if (!y.ok) throw new Error(y.error.message);
  const p = assemblePlan({ raw: y.value, format: 'yaml', source: 'K1.yaml', done: new Set() });
  if (!p.ok) throw new Error(p.error.message);
  const v = planView(p.value);
  if (!v.ok) throw new Error(v.error.message);
  return { p: p.value, v: v.value };
}

describe('mstui plan and kiro tasks', () => {
  it('the row says kiro, with the approved phases', () => {
    const { p, v } = plan();
    const rows = renderPlan(p, v)
      .split('\n')
      .filter((l) => /\bT\d\b/.test(l) && l.includes('─'));
    expect(rows.map((r) => r.replace(/^.*?(T\d)\s+\S+\s+/, '$1 ').trimEnd())).toEqual([
      'T1 kiro (approve design, spec)',
      'T2 CODING kiro ← T1',
      'T3 ← T2',
    ]);
  });

  it('--json carries the kiro setting of the tasks that have one', () => {
    const { p, v } = plan();
    expect(planJson(p, v).tasks.map((t) => t.kiro ?? null)).toEqual([{ approval: ['design', 'spec'] }, { approval: [] }, null]);
  });
});
