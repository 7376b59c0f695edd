/** A task's PR body: the handoff section (or the plan text), and `Closes #N` first for a GitHub issue. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/core/plan/model.js';
import { prBody } from '../../src/engine/review.js';
import { engineSetup, fakeDeps, HANDOFF_REL, planOf, task, tempRepoDir } from '../helpers/fake-ports.js';

const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

function world(plan: Plan) {
  const tmp = tempRepoDir();
  dirs.push(tmp);
  const setup = engineSetup(tmp.dir, plan.tasks, { plan });
  const deps = fakeDeps(tmp.dir, { files: { [HANDOFF_REL]: '# Handoff\n' } });
  return { setup, deps };
}

describe('prBody', () => {
  it('a GitHub issue task: `Closes #N` on the first line, then the plan text while there is no section', async () => {
    const plan = planOf([task('153', 'Key store')]);
    const gh = { ...plan, milestone: { ...plan.milestone, id: 'issues-153', format: 'github' as const } };
    const { setup, deps } = world(gh);
    expect(await prBody(setup, deps, '153')).toBe('Closes #153\n\nTask 153 of issues-153 (One), opened by mstui.\n\nDo Key store.\n');
  });

  it('a markdown plan task: no Closes line', async () => {
    const { setup, deps } = world(planOf([task('1.1', 'Store')]));
    expect(await prBody(setup, deps, '1.1')).toBe('Task 1.1 of M1 (One), opened by mstui.\n\nDo Store.\n');
  });
});
