/** Parsing of the `**Type:**` / `**Files:**` / `**Depends on:**` fields inside a task section. */
import type { Line } from './markdown.js';

export interface TaskFields {
  rawType: string | null;
  files: string[];
  /** Raw dependency ids with the line they were written on; null when no dependency field exists. */
  deps: { ids: string[]; line: number } | null;
}

const FIELD = /^\s*(?:[-*]\s+)?(?:\*\*|__)?([A-Za-z][A-Za-z ]{1,30}?)(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)\s*(.*)$/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/;
const NONE = /^(none|n\/a|-|—|nothing|no dependencies|\(none\))\.?$/i;

export function parseFields(lines: Line[], from: number, to: number): TaskFields {
  const fields: TaskFields = { rawType: null, files: [], deps: null };
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
    } else if (name === 'depends on' || name === 'dependencies' || name === 'dependency' || name === 'depends') {
      const ids = parseDepIds(value);
      fields.deps = { ids: [...(fields.deps?.ids ?? []), ...ids], line: line.n };
    }
  }
  fields.files = [...new Set(fields.files)];
  return fields;
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
