/** The `/` filter: the tree model narrowed to the tasks whose id or title contains the text, with their wave headings. Pure. */
import { cleanLine } from '../core/plan/clean-text.js';
import type { TreeModel, TreeRow } from './tree-model.js';
import type { RunMeta } from './view-model.js';

/** Case-insensitive substring match on the task's id or its (cleaned) title. */
export function taskMatches(meta: Pick<RunMeta, 'tasks'>, id: string, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return true;
  const title = cleanLine(meta.tasks[id]?.title ?? '');
  return id.toLowerCase().includes(needle) || title.toLowerCase().includes(needle);
}

/**
 * The model with only matching tasks; a heading stays when at least one of its tasks does. Rows, task ids and the
 * row of each task are renumbered, so selection and scrolling work on the filtered tree as on the whole one.
 */
export function filterTree(model: TreeModel, meta: Pick<RunMeta, 'tasks'>, filter: string): TreeModel {
  if (filter.trim() === '') return model;
  const rows: TreeRow[] = [];
  const taskIds: string[] = [];
  const rowOfTask: number[] = [];
  let heading: TreeRow | null = null;
  for (const row of model.rows) {
    if (row.kind === 'wave') {
      heading = row;
      continue;
    }
    if (!taskMatches(meta, row.id, filter)) continue;
    if (heading) {
      rows.push(heading);
      heading = null;
    }
    rowOfTask.push(rows.length);
    rows.push({ kind: 'task', id: row.id, index: taskIds.length });
    taskIds.push(row.id);
  }
  return { rows, taskIds, rowOfTask };
}
