/** Raw parsed tasks → a validated Plan: ids, duplicates, dependencies, deps mode, cycles; text cleaned of control characters. */
import { buildGraph, topoWaves } from '../graph/graph.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import { cleanLine, cleanText } from './clean-text.js';
import { kindOf, unsafeIdReason } from './ids.js';
import { type DepsMode, type Plan, type PlanError, type PlanFormat, planError, type Task } from './model.js';
import type { RawPlan } from './parse-markdown.js';

export interface AssembleInput {
  raw: RawPlan;
  format: PlanFormat;
  /** Path (or spec) shown in messages and in `milestone.source`. */
  source: string;
  done: ReadonlySet<string>;
  depsMode?: DepsMode;
  handoffPath?: string | null;
  warnings?: string[];
  needsReview?: boolean;
}

export const INFERRED_DEPS_WARNING =
  'no dependencies are declared, so each task depends on the one before it (document order); confirm before running, or pass --deps explicit|independent';

/** A milestone of more tasks than this is a mistake (a generated file); the run screen and the store are sized for hundreds. */
export const MAX_TASKS = 10_000;

/**
 * The agent gets its prompt as one command-line argument, and Linux limits one argument to 128 KiB (MAX_ARG_STRLEN):
 * a task body over this many UTF-8 bytes leaves no room for the rest of the prompt.
 */
export const MAX_TASK_BODY_BYTES = 100 * 1024;

const kib = (bytes: number): string => `${Math.ceil(bytes / 1024)} KiB`;

export function assemblePlan(input: AssembleInput): Result<Plan, PlanError> {
  const { raw, format, source } = input;
  if (raw.tasks.length === 0) {
    return err(planError('not-a-plan', `no tasks found in ${source}; expected '## Task N.N: Title' headings or TASK-NNN ids`));
  }
  if (raw.tasks.length > MAX_TASKS) {
    return err(
      planError('too-large', `${source} has ${raw.tasks.length} tasks; mstui runs at most ${MAX_TASKS} per milestone: split the plan`),
    );
  }
  const milestoneWhy = unsafeIdReason(raw.milestoneId);
  if (milestoneWhy) {
    return err(
      planError(
        'unsafe-id',
        `${source}: milestone id ${JSON.stringify(raw.milestoneId)} cannot be used in a branch or path name: ${milestoneWhy}`,
      ),
    );
  }
  const firstLine = new Map<string, number>();
  for (const t of raw.tasks) {
    const why = unsafeIdReason(t.id);
    if (why)
      return err(
        planError('unsafe-id', `${source}:${t.line}: task id ${JSON.stringify(t.id)} cannot be used in a branch or path name: ${why}`),
      );
    const seen = firstLine.get(t.id);
    if (seen !== undefined) {
      return err(planError('duplicate-id', `${source}:${t.line}: duplicate task id ${t.id} (first defined at ${source}:${seen})`));
    }
    firstLine.set(t.id, t.line);
  }
  const encoder = new TextEncoder();
  for (const t of raw.tasks) {
    const bytes = encoder.encode(cleanText(t.body)).length;
    if (bytes > MAX_TASK_BODY_BYTES) {
      return err(
        planError(
          'too-large',
          `${source}:${t.line}: task ${t.id}'s text is ${kib(bytes)}; an agent's prompt can hold at most ${kib(MAX_TASK_BODY_BYTES)}: shorten it, or move the details to a file the task names`,
        ),
      );
    }
  }
  const warnings = [...(raw.warnings ?? []), ...(input.warnings ?? [])];
  const shapes = new Set(raw.tasks.map((t) => idShape(t.id)));
  for (const t of raw.tasks) {
    for (const d of t.deps ?? []) {
      if (d === t.id) return err(planError('cycle', `${source}:${t.line}: task ${t.id} depends on itself`));
      if (!firstLine.has(d) && unsafeIdReason(d) === null && !shapes.has(idShape(d))) {
        warnings.push(`${source}:${t.depsLine ?? t.line}: task ${t.id} depends on ${d}, which is not a task in this plan: ignored`);
      } else if (!firstLine.has(d)) {
        return err(
          planError(
            'unknown-dependency',
            `${source}:${t.line}: task ${t.id} depends on ${unsafeIdReason(d) ? JSON.stringify(d) : d}, which is not a task in this plan`,
          ),
        );
      }
    }
  }
  const depsDeclared = raw.tasks.some((t) => t.deps !== null);
  const markdownLike = format === 'markdown' || format === 'task-ids';
  const mode: DepsMode = input.depsMode ?? (depsDeclared || !markdownLike ? 'explicit' : 'chain');
  const depsInferred = !input.depsMode && mode === 'chain';
  if (depsInferred) warnings.push(INFERRED_DEPS_WARNING);

  const tasks: Task[] = raw.tasks.map((t, i) => ({
    id: t.id,
    title: cleanLine(t.title),
    kind: kindOf(t.rawType),
    rawType: t.rawType === null ? null : cleanLine(t.rawType),
    deps: depsFor(mode, t.deps?.filter((d) => firstLine.has(d)) ?? null, raw.tasks[i - 1]?.id),
    files: t.files.map(cleanLine),
    done: input.done.has(t.id),
    loc: { file: source, line: t.line },
    body: cleanText(t.body),
    ...(t.kiro ? { kiro: t.kiro } : {}),
  }));
  const waves = topoWaves(buildGraph(tasks));
  if (!waves.ok) {
    const lines = waves.error.cycle.slice(0, -1).map((id) => `${source}:${firstLine.get(id) ?? '?'}`);
    return err(planError('cycle', `dependency cycle: ${waves.error.cycle.join(' → ')} (${lines.join(', ')})`));
  }
  return ok({
    milestone: { id: raw.milestoneId, title: cleanLine(raw.title), source, format },
    tasks,
    depsDeclared,
    depsInferred,
    requires: raw.requires,
    warnings: warnings.map(cleanLine),
    needsReview: input.needsReview ?? false,
    handoffPath: input.handoffPath ?? null,
  });
}

/**
 * What a task id looks like, to tell a mistyped id (`1.9` in a plan of 1.1–1.6: refused) from a word that names no
 * task at all (`backend`, `M1`: a warning): the text before its first digit, `1.2` → ``, `TASK-005` → `task-`.
 * A word without a digit has no shape.
 */
function idShape(id: string): string | null {
  const m = /^(\D*)\d/.exec(id);
  return m ? (m[1] ?? '').toLowerCase() : null;
}

function depsFor(mode: DepsMode, declared: string[] | null, previous: string | undefined): string[] {
  if (mode === 'independent') return [];
  if (mode === 'chain') return previous ? [previous] : [];
  return [...new Set(declared ?? [])];
}
