import type { TaskKind } from './model.js';

/**
 * Ids become part of branch names (`mstui/M1-1.2`) and folder names (`.worktrees/M1-1.2`),
 * so only a conservative alphabet is allowed: letters, digits, dot, dash, underscore,
 * starting with a letter or digit, no `..`, no trailing `.` or `.lock`, at most 64 chars.
 */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function unsafeIdReason(id: string): string | null {
  if (id.length === 0) return 'it is empty';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
  if (/[\u0000-\u001f\u007f]/.test(id)) return 'it contains a control character';
  if (/\s/.test(id)) return 'it contains a space';
  if (id.includes('/') || id.includes('\\')) return 'it contains a path separator';
  if (id.includes('..')) return "it contains '..'";
  if (id.endsWith('.') || id.endsWith('.lock')) return "it ends with '.' or '.lock'";
  if (!SAFE_ID.test(id)) return 'only letters, digits, ".", "-" and "_" are allowed (at most 64)';
  return null;
}

/** Turns free text (a milestone name) into something safe for a branch, or null if nothing is left. */
export function slugify(text: string): string | null {
  const slug = text
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(0, 64)
    .replace(/[-._]+$/g, '');
  return slug.length > 0 && unsafeIdReason(slug) === null ? slug : null;
}

/** Maps the free-form `**Type:**` text of real plans to a kind; the raw text is kept beside it. */
export function kindOf(rawType: string | null): TaskKind {
  if (!rawType) return 'unknown';
  const t = rawType.toUpperCase();
  if (t.startsWith('MIXED') || /\+|\bAND\b|\//.test(t)) return 'mixed';
  if (/VALIDATION|VERIFICATION|TESTING|\bTEST\b|\bE2E\b|\bQA\b/.test(t)) return 'validation';
  if (/RESEARCH|INVESTIGATION|SPIKE|ANALYSIS/.test(t)) return 'research';
  if (/DOC/.test(t)) return 'documentation';
  if (/CODING|CODE|IMPLEMENT|FEATURE|REFACTOR|BUG|FIX|CHORE/.test(t)) return 'coding';
  return 'unknown';
}
