/**
 * Seed 002's `kiro_workflow` key, on a task or on the milestone (root or `metadata`): `true`, or
 * `{ enabled: true, approval: [design, spec] }`. `approval` (also `requires_approval`) names the phases a human
 * approves before the next one starts; `true` means all three (design, spec, tasks). The task's key wins over the
 * milestone's; `kiro_workflow: false` (or `enabled: false`) on a task turns it off there.
 */
import { z } from 'zod';
import type { KiroWorkflow } from './model.js';

type GatedPhase = KiroWorkflow['approval'][number];

const ALL: GatedPhase[] = ['design', 'spec', 'tasks'];

const Phase = z.enum(['design', 'spec', 'task', 'tasks']).transform((p): GatedPhase => (p === 'task' ? 'tasks' : p));
const Approval = z.union([z.boolean(), Phase, z.array(Phase)]).nullish();

export const KiroSetting = z
  .union([z.boolean(), z.looseObject({ enabled: z.boolean().optional(), approval: Approval, requires_approval: Approval })])
  .nullish();

type Setting = z.output<typeof KiroSetting>;

function approvalOf(a: z.output<typeof Approval>): GatedPhase[] {
  if (a === true) return [...ALL];
  if (!a) return [];
  const list = Array.isArray(a) ? a : [a];
  return ALL.filter((p) => list.includes(p));
}

function workflowOf(setting: Setting): KiroWorkflow | null {
  if (setting === undefined || setting === null || setting === false) return null;
  if (setting === true) return { approval: [] };
  if (setting.enabled === false) return null;
  return { approval: approvalOf(setting.approval ?? setting.requires_approval) };
}

/** `{ kiro }` for the task's RawTask, or `{}` when the task does not walk the kiro phases. */
export function kiroOf(task: Setting, milestone: Setting): { kiro?: KiroWorkflow } {
  const own = task === undefined || task === null ? null : workflowOf(task);
  if (task !== undefined && task !== null) return own ? { kiro: own } : {};
  const inherited = workflowOf(milestone);
  return inherited ? { kiro: inherited } : {};
}
