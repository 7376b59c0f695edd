/** Seed 001 plans: `TASK-005` ids in the order of the "Task Sequence" section. */
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import { firstTitle, type Line, milestoneIdFromFile, scanLines, sectionEnd, stripInline } from './markdown.js';
import { type PlanError, planError } from './model.js';
import type { RawPlan, RawTask } from './parse-markdown.js';

const TASK_ID = /\bTASK-\d+\b/g;
const SEQUENCE_SECTION = /task sequence|implementation plan|task breakdown|tasks? list|^tasks$/i;
/** A dependency phrase counts only when an id (or "none") follows it: "Clean up after migration" is a title. */
const DEP_PHRASE = /\b(?:depends on|dependencies|after|requires|blocked by)\b:?(?=\s*(?:\*\*|__|`)?\s*(?:TASK-\d+|none\b))/i;
/** A line that defines a task: the id comes first, after list marks, emphasis or heading marks. */
const DEFINES = /^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)*(?:\*\*|__|`|\[[ xX]\]\s*)*(TASK-\d+)\b/;
/** The same place holding `TASK-` and anything: a defining line whose id is not `TASK-` and digits (`TASK-0x3`, `TASK-XXX`). */
const DEFINES_ANY = /^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)*(?:\*\*|__|`|\[[ xX]\]\s*)*(TASK-\w*)/;
/** An id anywhere in the sequence: one with a digit that is not digits only (`TASK-0x3`, `TASK-12b`) is a typo, not prose. */
const ANY_ID = /\bTASK-\w+/g;

export function hasTaskIds(source: string): boolean {
  return /\bTASK-\d+\b/.test(source);
}

export function parseTaskIdPlan(source: string, file: string, milestoneName?: string): Result<RawPlan, PlanError> {
  const lines = scanLines(source);
  const [from, to] = sequenceRange(lines);
  const tasks: RawTask[] = [];
  const byId = new Map<string, RawTask>();
  const mentioned: { id: string; line: number; title: string }[] = [];
  for (let i = from; i < to; i++) {
    const l = lines[i];
    if (!l || l.inFence) continue;
    const bad = malformedId(l.text);
    if (bad !== null) {
      return err(
        planError(
          'malformed-id',
          `${file}:${l.n}: malformed task id ${bad}: a task id is TASK- and digits (TASK-003); fix it, or this task would be left out of the run`,
        ),
      );
    }
    const def = DEFINES.exec(l.text);
    if (def?.[1]) {
      const id = def[1];
      const rest = l.text.slice((def.index ?? 0) + def[0].length);
      const [titlePart, depPart] = splitDeps(rest);
      const task: RawTask = {
        id,
        title: cleanTitle(titlePart) || id,
        rawType: typeOf(l.text),
        files: [],
        deps: depPart === null ? null : [...depPart.matchAll(TASK_ID)].map((m) => m[0]),
        line: l.n,
        body: l.text.trim(),
      };
      tasks.push(task);
      if (!byId.has(id)) byId.set(id, task);
      continue;
    }
    const last = tasks[tasks.length - 1];
    if (last && l.heading === null && /^\s+\S/.test(l.text)) {
      last.body += `\n${l.text}`;
      const [, deps] = splitDeps(l.text);
      if (deps !== null) last.deps = [...(last.deps ?? []), ...[...deps.matchAll(TASK_ID)].map((m) => m[0])];
      continue;
    }
    for (const m of l.text.matchAll(TASK_ID)) mentioned.push({ id: m[0], line: l.n, title: '' });
  }
  // A plan that only mentions ids in prose still lists its tasks, in order of first mention.
  if (tasks.length === 0) {
    const seen = new Set<string>();
    for (const m of mentioned) {
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      tasks.push({ id: m.id, title: m.id, rawType: null, files: [], deps: null, line: m.line, body: m.id });
    }
  }
  const milestoneId = milestoneName ?? milestoneIdFromFile(file);
  return ok({ milestoneId, title: firstTitle(lines) ?? milestoneId, tasks, requires: [] });
}

/** The first malformed id on a line of the sequence, or null (seed 001: every id must match `^TASK-[0-9]+$`). */
function malformedId(text: string): string | null {
  const def = DEFINES_ANY.exec(text)?.[1];
  if (def !== undefined && !/^TASK-\d+$/.test(def)) return def;
  for (const m of text.matchAll(ANY_ID)) {
    const suffix = m[0].slice('TASK-'.length);
    if (/\d/.test(suffix) && !/^\d+$/.test(suffix)) return m[0];
  }
  return null;
}

/** The "Task Sequence" (or similar) section, else the whole document. */
function sequenceRange(lines: Line[]): [number, number] {
  // A `# Auth Implementation Plan` title spans the whole document: use it only when nothing narrower matches.
  let titleRange: [number, number] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l || l.inFence) continue;
    if (l.heading && SEQUENCE_SECTION.test(stripInline(l.heading.text))) {
      if (l.heading.level > 1) return [i + 1, sectionEnd(lines, i, l.heading.level)];
      titleRange ??= [i + 1, sectionEnd(lines, i, l.heading.level)];
      continue;
    }
    const bold = /^\s*(?:[-*]\s+)?\*\*([^*]+?):?\*\*:?\s*$/.exec(l.text);
    if (bold?.[1] && SEQUENCE_SECTION.test(bold[1])) {
      let end = i + 1;
      while (end < lines.length && !lines[end]?.heading) end++;
      return [i + 1, end];
    }
  }
  return titleRange ?? [0, lines.length];
}

function splitDeps(text: string): [string, string | null] {
  const m = DEP_PHRASE.exec(text);
  if (!m) return [text, null];
  return [text.slice(0, m.index).replace(/[([,;—–-]\s*$/, ''), text.slice(m.index)];
}

function cleanTitle(text: string): string {
  return stripInline(text)
    .replace(/^[\s:–—-]+/, '')
    .replace(/[\s([–—-]+$/, '')
    .trim();
}

function typeOf(text: string): string | null {
  const m = /\[(CODING|RESEARCH|MIXED|VALIDATION|DOCUMENTATION|TESTING)\]|\btype:\s*(\w+)/i.exec(text);
  return m ? (m[1] ?? m[2] ?? null) : null;
}
