/** Seed 002/004 plans: `.milestones/active/<id>.yaml` with `metadata` and `tasks[]`. */
import { isMap, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import { milestoneIdFromFile } from './markdown.js';
import { type PlanError, planError } from './model.js';
import type { RawPlan, RawTask } from './parse-markdown.js';
import { KiroSetting, kiroOf } from './parse-yaml-kiro.js';

const id = z.union([z.string().min(1), z.number()]).transform(String);

const YamlTask = z.looseObject({
  id,
  title: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  status: z.string().optional(),
  type: z.string().optional(),
  dependencies: z.array(id).nullish(),
  files: z.array(z.string()).nullish(),
  kiro_workflow: KiroSetting,
});

export const YamlMilestone = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  name: z.string().optional(),
  title: z.string().optional(),
  status: z.string().optional(),
  metadata: z
    .looseObject({
      id: z.union([z.string(), z.number()]).optional(),
      name: z.string().optional(),
      title: z.string().optional(),
      status: z.string().optional(),
      kiro_workflow: KiroSetting,
    })
    .optional(),
  kiro_workflow: KiroSetting,
  dependencies: z.union([z.looseObject({ requires: z.array(z.string()).nullish() }), z.array(z.string())]).nullish(),
  tasks: z.array(YamlTask),
});

/** Statuses that mean the task needs no more work. */
export const DONE_STATUSES = new Set(['done', 'complete', 'completed', 'merged', 'closed', 'finished']);

/** Seed 002/004: only a milestone with one of these statuses (or none) may run. */
export const RUNNABLE_STATUSES = ['planned', 'paused', 'in_progress'] as const;

export interface YamlPlan extends RawPlan {
  doneIds: string[];
  /** The milestone's `status` (or `metadata.status`) as written; null when it has none. */
  status: string | null;
}

/** Why a milestone with this status must not run (one line), or null when it may: seed 002's execution check. */
export function statusRefusal(status: string | null, milestoneId: string): string | null {
  if (status === null) return null;
  const norm = status
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if ((RUNNABLE_STATUSES as readonly string[]).includes(norm)) return null;
  return `milestone ${milestoneId} has status ${JSON.stringify(status)}, which does not allow execution (only ${RUNNABLE_STATUSES.join(', ')} run): change its status to run it`;
}

export function parseYamlPlan(source: string, file: string): Result<YamlPlan, PlanError> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    // linePos is only filled in with prettyErrors; the error's offset always is.
    const line = first.linePos?.[0]?.line ?? lineCounter.linePos(first.pos[0]).line;
    return err(planError('invalid-yaml', `${file}:${line}: not valid YAML: ${first.message.split(/[\r\n]/)[0]}`));
  }
  if (!isMap(doc.contents)) {
    return err(planError('not-a-plan', `no tasks found in ${file}; expected a YAML mapping with a 'tasks' list`));
  }
  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: 100 }); // throws on an alias without its anchor, or too many aliases
  } catch (e) {
    return err(planError('invalid-yaml', `${file}: not valid YAML: ${String((e as Error).message).split(/[\r\n]/)[0]}`));
  }
  const parsed = YamlMilestone.safeParse(js);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    const node = doc.getIn(path as (string | number)[], true) as { range?: [number, number] } | undefined;
    const parent = doc.getIn(path.slice(0, -1) as (string | number)[], true) as { range?: [number, number] } | undefined;
    const offset = node?.range?.[0] ?? parent?.range?.[0] ?? 0;
    const line = lineCounter.linePos(offset).line;
    const where = path.length
      ? path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, '')
      : '(root)';
    return err(planError('invalid-yaml', `${file}:${line}: ${where}: ${issue?.message ?? 'invalid value'}`));
  }
  const y = parsed.data;
  const milestoneId = String(y.metadata?.id ?? y.id ?? milestoneIdFromFile(file));
  const title = y.metadata?.title ?? y.metadata?.name ?? y.title ?? y.name ?? milestoneId;
  const requires = Array.isArray(y.dependencies) ? y.dependencies : (y.dependencies?.requires ?? []);
  const tasks: RawTask[] = [];
  const doneIds: string[] = [];
  const milestoneKiro = y.kiro_workflow ?? y.metadata?.kiro_workflow;
  y.tasks.forEach((t, i) => {
    const node = doc.getIn(['tasks', i], true) as { range?: [number, number] } | undefined;
    tasks.push({
      id: t.id,
      title: t.title ?? t.name ?? t.id,
      rawType: t.type ?? null,
      files: t.files ?? [],
      deps: t.dependencies ?? null,
      line: lineCounter.linePos(node?.range?.[0] ?? 0).line,
      body: [t.title ?? t.name ?? t.id, t.description ?? ''].join('\n\n').trim(),
      ...kiroOf(t.kiro_workflow, milestoneKiro),
    });
    if (t.status && DONE_STATUSES.has(t.status.toLowerCase())) doneIds.push(t.id);
  });
  const status = y.status ?? y.metadata?.status ?? null;
  return ok({ milestoneId, title, tasks, requires, doneIds, status });
}
