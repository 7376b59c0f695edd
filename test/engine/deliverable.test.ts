/** The kiro deliverable check: the phase's file, read in the task's worktree, present and not blank. */
import { describe, expect, it } from 'vitest';
import { deliverableEvent } from '../../src/engine/deliverable.js';
import { layoutFor } from '../../src/engine/layout.js';
import type { PlanFiles } from '../../src/ports.js';

const layout = layoutFor('/repo', 'M1');
const filesWith = (contents: Record<string, string>): PlanFiles => ({
  read: async (p) => contents[p] ?? null,
  list: async () => [],
  exists: async (p) => p in contents,
  isDirectory: async () => false,
});
const fx = { type: 'CheckDeliverable', task: '1.1', phase: 'design', path: '.milestones/specs/1.1/design.md' } as const;
const at = `${layout.taskPath('1.1')}/.milestones/specs/1.1/design.md`;

describe('deliverableEvent', () => {
  it.each([
    ['written', { [at]: '# Design\n' }, true],
    ['missing', {}, false],
    ['blank', { [at]: ' \n\n' }, false],
    ['in another folder (the repository root, not the worktree)', { '/repo/.milestones/specs/1.1/design.md': 'x' }, false],
  ])('%s', async (_name, contents, ok) => {
    expect(await deliverableEvent({ layout }, { files: filesWith(contents) }, fx)).toEqual({
      type: 'DeliverableChecked',
      task: '1.1',
      phase: 'design',
      ok,
    });
  });

  it('a read that throws counts as missing', async () => {
    const files: PlanFiles = { ...filesWith({}), read: () => Promise.reject(new Error('EACCES')) };
    expect(await deliverableEvent({ layout }, { files }, fx)).toMatchObject({ ok: false });
  });
});
