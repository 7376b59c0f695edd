/** Seed 002's `kiro_workflow` key in YAML milestones: on a task, on the milestone (root or metadata), approval lists. */
import { describe, expect, it } from 'vitest';
import { assemblePlan } from '../../src/core/plan/assemble.js';
import { parseYamlPlan } from '../../src/core/plan/parse-yaml.js';

function kiroOf(milestone: string, task: string): unknown {
  const src = `${milestone}\ntasks:\n  - id: "1.1"\n    title: One\n${task
    .split('\n')
    .filter(Boolean)
    .map((l) => `    ${l}`)
    .join('\n')}\n`;
  const y = parseYamlPlan(src, 'M1.yaml');
  if (!y.ok) throw new Error(y.error.message);
  const plan = assemblePlan({ raw: y.value, format: 'yaml', source: 'M1.yaml', done: new Set() });
  if (!plan.ok) throw new Error(plan.error.message);
  return plan.value.tasks[0]?.kiro;
}

describe('kiro_workflow in YAML', () => {
  it.each([
    ['no key anywhere', '', '', undefined],
    ['task: true', '', 'kiro_workflow: true', { approval: [] }],
    ['task: enabled', '', 'kiro_workflow:\n  enabled: true', { approval: [] }],
    ['task: enabled false', '', 'kiro_workflow:\n  enabled: false', undefined],
    [
      'task: approval list (task → tasks, seed order)',
      '',
      'kiro_workflow:\n  enabled: true\n  approval: [task, design]',
      { approval: ['design', 'tasks'] },
    ],
    ['task: requires_approval one phase', '', 'kiro_workflow:\n  requires_approval: spec', { approval: ['spec'] }],
    ['task: approval true = all three', '', 'kiro_workflow:\n  approval: true', { approval: ['design', 'spec', 'tasks'] }],
    ['milestone root', 'kiro_workflow: true', '', { approval: [] }],
    [
      'milestone metadata with approval',
      'metadata:\n  kiro_workflow:\n    enabled: true\n    approval: [spec]',
      '',
      { approval: ['spec'] },
    ],
    ['the task turns the milestone’s off', 'kiro_workflow: true', 'kiro_workflow: false', undefined],
    ['the task’s approval wins', 'kiro_workflow:\n  approval: [design]', 'kiro_workflow:\n  approval: [spec]', { approval: ['spec'] }],
  ])('%s', (_name, milestone, task, expected) => {
    expect(kiroOf(milestone, task)).toEqual(expected);
  });

  it('an unknown phase name is an error naming the key and its line', () => {
    const y = parseYamlPlan('tasks:\n  - id: "1"\n    kiro_workflow:\n      approval: [review]\n', 'M1.yaml');
    expect(y.ok).toBe(false);
    if (!y.ok) expect(y.error.message).toMatch(/^M1\.yaml:\d+: tasks\[0\]\.kiro_workflow/);
  });
});
