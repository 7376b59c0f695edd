/** The wave tree flattened into rows (headings + tasks), so the tree can render only the visible window. Pure. */
import { activePhase } from '../core/run-view.js';
import { taskTokens } from '../core/scheduler/agent-events.js';
import type { RunState } from '../core/scheduler/types.js';
import type { TreeView } from './ui-state.js';
import type { RunMeta } from './view-model.js';

export type TreeRow = { kind: 'wave'; label: string } | { kind: 'task'; id: string; index: number };

export interface TreeModel {
  rows: TreeRow[];
  /** Task ids in display order (wave by wave); selection indexes into this. */
  taskIds: string[];
  /** Row of each task in `rows`. */
  rowOfTask: number[];
}

/** Waves from the plan; tasks of the run that no wave lists go under a last "Other" heading. */
export function buildTree(meta: Pick<RunMeta, 'waves'>, state: Pick<RunState, 'order' | 'tasks'>): TreeModel {
  const rows: TreeRow[] = [];
  const taskIds: string[] = [];
  const rowOfTask: number[] = [];
  const seen = new Set<string>();
  const group = (label: string, ids: readonly string[]) => {
    const fresh = ids.filter((id) => state.tasks[id] !== undefined && !seen.has(id));
    if (fresh.length === 0) return;
    rows.push({ kind: 'wave', label });
    for (const id of fresh) {
      seen.add(id);
      rowOfTask.push(rows.length);
      rows.push({ kind: 'task', id, index: taskIds.length });
      taskIds.push(id);
    }
  };
  meta.waves.forEach((wave, i) => {
    group(`Wave ${i + 1}`, wave);
  });
  group(meta.waves.length > 0 ? 'Other' : 'Tasks', state.order);
  return { rows, taskIds, rowOfTask };
}

export const treeView = (model: TreeModel, height: number): TreeView => ({ rowOfTask: model.rowOfTask, height });

/** The rows to draw: `height` rows from `scroll`, clamped so the window never runs past the end. */
export function visibleRows(model: TreeModel, scroll: number, height: number): { first: number; rows: TreeRow[] } {
  const first = Math.max(0, Math.min(scroll, model.rows.length - height));
  return { first, rows: model.rows.slice(first, first + Math.max(0, height)) };
}

/** What the layout needs to know of the tree's content: its widest id, title (with a kiro phase) and kind; any tokens. */
export function treeContent(
  meta: Pick<RunMeta, 'tasks'>,
  state: Pick<RunState, 'tasks' | 'info'>,
  model: Pick<TreeModel, 'taskIds'>,
): { idWidth: number; titleWidth: number; kindWidth: number; tokens: boolean } {
  let idWidth = 0;
  let titleWidth = 0;
  let kindWidth = 0;
  let tokens = false;
  for (const id of model.taskIds) {
    const t = state.tasks[id];
    const title = meta.tasks[id]?.title ?? state.info[id]?.title ?? '';
    const phase = t ? activePhase(t) : null;
    idWidth = Math.max(idWidth, id.length);
    titleWidth = Math.max(titleWidth, [...title].length + (phase ? phase.length + 2 : 0));
    kindWidth = Math.max(kindWidth, meta.tasks[id]?.kind.length ?? 0);
    if (t && taskTokens(t) > 0) tokens = true;
  }
  return { idWidth, titleWidth, kindWidth, tokens };
}
