/**
 * Did a task keep the handoff it was given? Sections are only ever added: the header (everything before the first
 * `## Task X.Y Complete` section) and every earlier section must still be there, as they were.
 */
import { parseHandoff } from './plan/handoff.js';

export interface HandoffLoss {
  header: 'removed' | 'changed' | null;
  /** Task ids (`1.1`, or `4.1 & 4.2` for a shared section) whose sections are gone. */
  removed: string[];
  /** Task ids whose sections are still there but with another title or text. */
  changed: string[];
}

/** What `after` lost of `before` (null: nothing; only sections were added). Whitespace at line ends does not count. */
export function handoffLoss(before: string, after: string): HandoffLoss | null {
  const was = parseHandoff(before);
  const now = parseHandoff(after);
  const wasHeader = norm(headerOf(before, was.sections[0]?.line));
  const nowHeader = norm(headerOf(after, now.sections[0]?.line));
  const header = wasHeader === '' || wasHeader === nowHeader ? null : nowHeader === '' ? 'removed' : 'changed';
  const unused = [...now.sections];
  const removed: string[] = [];
  const changed: string[] = [];
  for (const s of was.sections) {
    const key = s.taskIds.join(' & ');
    const i = unused.findIndex((n) => n.taskIds.join(' & ') === key);
    const match = unused[i];
    if (!match) {
      removed.push(key);
      continue;
    }
    unused.splice(i, 1);
    if (match.title !== s.title || norm(match.body) !== norm(s.body)) changed.push(key);
  }
  return header === null && removed.length === 0 && changed.length === 0 ? null : { header, removed, changed };
}

/** One sentence: `the task removed the header and the sections of 1.1, 1.2 from plans/HANDOFF_M1.md`. */
export function handoffLossText(loss: HandoffLoss, file: string): string {
  const parts = (verb: 'removed' | 'changed', ids: string[]) => {
    const things = [
      ...(loss.header === verb ? ['the header'] : []),
      ...(ids.length === 0 ? [] : [`the section${ids.length === 1 ? '' : 's'} of ${ids.join(', ')}`]),
    ];
    return things.length === 0 ? [] : [`${verb} ${things.join(' and ')}`];
  };
  const did = [...parts('removed', loss.removed), ...parts('changed', loss.changed)];
  const where = loss.header === 'removed' || loss.removed.length > 0 ? 'from' : 'in';
  return `the task ${did.join(' and ')} ${where} ${file}`;
}

/** The text before the first section's heading (1-based line), or all of it when there is no section. */
function headerOf(text: string, firstSectionLine: number | undefined): string {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  return firstSectionLine === undefined ? lines.join('\n') : lines.slice(0, firstSectionLine - 1).join('\n');
}

const norm = (text: string): string =>
  text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
