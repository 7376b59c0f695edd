/** Seed 000 plans: `## Task 1.1: Title` / `### Task 1.1: Title` sections. */

import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import { parseFields } from './fields.js';
import { unsafeIdReason } from './ids.js';
import { firstTitle, type Line, milestoneIdFromFile, scanLines, sectionEnd, stripInline } from './markdown.js';
import { type KiroWorkflow, type PlanError, planError } from './model.js';

/** A task as written, before dependencies are resolved into a graph. */
export interface RawTask {
  id: string;
  title: string;
  rawType: string | null;
  files: string[];
  /** Declared dependencies, null when the task declares none. */
  deps: string[] | null;
  /** Line of the dependency field, when there is one. */
  depsLine?: number;
  line: number;
  body: string;
  /** YAML plans: the task walks the kiro phases. */
  kiro?: KiroWorkflow;
}

export interface RawPlan {
  milestoneId: string;
  title: string;
  tasks: RawTask[];
  /** Milestone-level prerequisites, e.g. `**Depends on:** M1 (coordinator loop)` above the tasks. */
  requires: string[];
  /** Things a human should see that do not stop the plan, e.g. a `Depends on:` in a task's notes that was not read as its dependency. */
  warnings?: string[];
}

/** `Task <id>: Title`, `Task <id> - Title`, or a bare `Task <id>` whose id starts with a digit. */
const TASK_HEADING = /^Task\s+(.+?)\s*:\s*(.*)$|^Task\s+(\d[^\s:]*)\s*(?:[-–—]\s*(.*))?$/;

export function matchTaskHeading(text: string): { id: string; title: string } | null {
  if (/\bComplete\b/.test(text) && !text.includes(':')) return null;
  const m = TASK_HEADING.exec(text.trim());
  if (!m) return null;
  const id = (m[1] ?? m[3] ?? '').replace(/`/g, '').trim();
  const title = stripInline(m[2] ?? m[4] ?? '');
  if (/\bComplete$/.test(id)) return null;
  return { id, title };
}

export function hasTaskHeadings(source: string): boolean {
  return scanLines(source).some((l) => isTaskHeading(l));
}

function isTaskHeading(l: Line): boolean {
  return !!l.heading && l.heading.level >= 2 && l.heading.level <= 4 && matchTaskHeading(l.heading.text) !== null;
}

export function parseMarkdownPlan(source: string, file: string): Result<RawPlan, PlanError> {
  const lines = scanLines(source);
  const tasks: RawTask[] = [];
  const warnings: string[] = [];
  let firstTaskIndex = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line?.heading || !isTaskHeading(line)) continue;
    const head = matchTaskHeading(line.heading.text);
    if (!head) continue;
    if (firstTaskIndex < 0) firstTaskIndex = i;
    const why = unsafeIdReason(head.id);
    if (why) {
      return err(
        planError('unsafe-id', `${file}:${line.n}: task id ${JSON.stringify(head.id)} cannot be used in a branch or path name: ${why}`),
      );
    }
    const end = nextTaskOrSection(lines, i, line.heading.level);
    const fields = parseFields(lines, i + 1, end);
    for (const m of fields.mentions) warnings.push(mentionWarning(file, head.id, m));
    tasks.push({
      id: head.id,
      title: head.title || head.id,
      rawType: fields.rawType,
      files: fields.files,
      deps: fields.deps?.ids ?? null,
      ...(fields.deps ? { depsLine: fields.deps.line } : {}),
      line: line.n,
      body: lines
        .slice(i, end)
        .map((l) => l.text)
        .join('\n')
        .trim(),
    });
  }
  const milestoneId = milestoneIdFromFile(file);
  const preamble = firstTaskIndex < 0 ? lines : lines.slice(0, firstTaskIndex);
  const requires = parseFields(preamble, 0, preamble.length).deps?.ids ?? [];
  return ok({ milestoneId, title: firstTitle(lines) ?? milestoneId, tasks, requires, warnings });
}

/** Longest quoted line in a mention warning; the file:line points at the rest. */
const MENTION_QUOTE_MAX = 60;

function mentionWarning(file: string, id: string, m: { line: number; text: string }): string {
  const quote = m.text.length > MENTION_QUOTE_MAX ? `${m.text.slice(0, MENTION_QUOTE_MAX - 1)}…` : m.text;
  return `${file}:${m.line}: task ${id}: ${JSON.stringify(quote)} is in the task's notes, not its dependency field, so it is not read as a dependency (write **Depends on:** under the heading if it is one)`;
}

/** A task section ends at the next task heading or any heading at its level or above. */
function nextTaskOrSection(lines: Line[], start: number, level: number): number {
  const end = sectionEnd(lines, start, level);
  for (let i = start + 1; i < end; i++) {
    const l = lines[i];
    if (l && isTaskHeading(l)) return i;
  }
  return end;
}
