/**
 * Parsing of the `**Type:**` / `**Files:**` / `**Depends on:**` fields inside a task section.
 *
 * The task's own dependency field is a `Depends on:` (`Dependencies:`, `Dependency:`, `Depends:`) line that is not in a
 * fence and not indented, and is either marked bold (`**Depends on:** 1.1`, `- **Depends on:** 1.1`, anywhere in the
 * section), or a line of its own (`Depends on: 1.1`), or an unmarked bullet in the block of fields right under the
 * heading (`- Type: CODING` / `- Depends on: 1.1`). Anything else that says `Depends on:` (a nested bullet, a bullet
 * in the task's notes such as a docker-compose service's `- Depends on: backend`) is a mention: kept apart so the
 * caller can warn about it, never read as a dependency.
 */
import type { Line } from './markdown.js';

export interface TaskFields {
  rawType: string | null;
  files: string[];
  /** Raw dependency ids with the line they were written on; null when no dependency field exists. */
  deps: { ids: string[]; line: number } | null;
  /** `Depends on:` lines that are not the dependency field (see above), outside fences. */
  mentions: { line: number; text: string }[];
}

const FIELD = /^\s*(?:[-*]\s+)?(?:\*\*|__)?([A-Za-z][A-Za-z ]{1,30}?)(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)\s*(.*)$/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/;
const NONE = /^(none|n\/a|-|—|nothing|no dependencies|\(none\))\.?$/i;

const BULLET = /^\s*[-*+]\s/;
const BOLD_FIELD = /^(?:[-*]\s+)?(?:\*\*|__)/;
const DEP_NAMES = new Set(['depends on', 'dependencies', 'dependency', 'depends']);

export function parseFields(lines: Line[], from: number, to: number): TaskFields {
  const fields: TaskFields = { rawType: null, files: [], deps: null, mentions: [] };
  const metaEnd = metadataEnd(lines, from, to);
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (!line || line.inFence) continue;
    const m = FIELD.exec(line.text);
    if (!m?.[1]) continue;
    const name = m[1].trim().toLowerCase();
    const value = (m[2] ?? '').trim();
    if (name === 'type' && fields.rawType === null) {
      fields.rawType = clean(value) || null;
    } else if (name === 'file' || name === 'files') {
      const inline = splitFiles(value);
      const listed = inline.length > 0 ? [] : listBelow(lines, i + 1, to).flatMap(splitFiles);
      fields.files.push(...inline, ...listed);
    } else if (DEP_NAMES.has(name)) {
      if (!isDependencyField(line.text, i < metaEnd)) {
        fields.mentions.push({ line: line.n, text: line.text.trim() });
        continue;
      }
      const ids = parseDepIds(value);
      fields.deps = { ids: [...(fields.deps?.ids ?? []), ...ids], line: line.n };
    }
  }
  fields.files = [...new Set(fields.files)];
  return fields;
}

/** Not indented, and bold, or a line of its own, or a bullet in the field block under the heading. */
function isDependencyField(text: string, inMetadata: boolean): boolean {
  if (/^\s/.test(text)) return false;
  return BOLD_FIELD.test(text) || !BULLET.test(text) || inMetadata;
}

/**
 * End (exclusive) of the block of fields right under a heading: blank lines, `Name: value` lines that are not indented,
 * and the list under an empty `Files:` field. Prose, a heading, a fence, or a lead-in such as `**Notes:**` or
 * `Add a service:` (a field with nothing after its colon) ends it.
 */
export function metadataEnd(lines: Line[], from: number, to: number): number {
  let i = from;
  while (i < to) {
    const line = lines[i];
    if (!line) break;
    if (line.text.trim() === '') {
      i++;
      continue;
    }
    if (line.inFence || line.heading || /^\s/.test(line.text)) break;
    const m = FIELD.exec(line.text);
    if (!m?.[1]) break;
    const name = m[1].trim().toLowerCase();
    if ((m[2] ?? '').trim() !== '') {
      i++;
      continue;
    }
    if (name !== 'files' && name !== 'file') break;
    i++;
    while (i < to && LIST_ITEM.test(lines[i]?.text ?? '')) i++;
  }
  return i;
}

function clean(text: string): string {
  return text.replace(/\*\*|__|`/g, '').trim();
}

/** Bullet lines right under a field, until a blank line or a non-list line. */
function listBelow(lines: Line[], from: number, to: number): string[] {
  const items: string[] = [];
  for (let i = from; i < to; i++) {
    const text = lines[i]?.text ?? '';
    const m = LIST_ITEM.exec(text);
    if (!m?.[1]) break;
    items.push(m[1]);
  }
  return items;
}

/** Backticked paths if any, otherwise comma-separated words; "N/A (verification task)" is none. */
function splitFiles(value: string): string[] {
  const ticked = [...value.matchAll(/`([^`]+)`/g)].map((m) => (m[1] ?? '').trim()).filter(Boolean);
  if (ticked.length > 0) return ticked;
  const plain = clean(value.replace(/\([^)]*\)/g, ''));
  if (plain === '' || NONE.test(plain)) return [];
  return plain
    .split(/\s*,\s*/)
    .map((s) => s.trim())
    .filter((s) => /^[\w./@-]+$/.test(s) && /[./]/.test(s));
}

/** "1.1, 1.2", "Task 1.1 and Task 1.2", "TASK-005", "none" → ids. */
export function parseDepIds(value: string): string[] {
  const text = clean(value).replace(/\([^)]*\)/g, ' ');
  if (text === '' || NONE.test(text)) return [];
  const ids: string[] = [];
  for (const piece of text.split(/\s*(?:,|;|&|\band\b)\s*/i)) {
    const token = piece
      .trim()
      .replace(/^tasks?\s+/i, '')
      .replace(/^#/, '')
      .split(/\s+/)[0];
    if (token && !NONE.test(token)) ids.push(token.replace(/[.:]+$/, ''));
  }
  return ids;
}
