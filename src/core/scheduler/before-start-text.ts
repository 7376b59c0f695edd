/** The words of the gates before the first task (plan review, baseline), for questions and progress lines. Pure. */
import { cleanLine } from '../plan/clean-text.js';
import type { OutsideDependency } from '../plan/model.js';
import type { BaselineState } from './types.js';

/** `#154 needs #99 (open), #155 needs #404 (could not be read)`. */
export function outsideText(outside: readonly OutsideDependency[]): string {
  return outside.map((o) => `#${o.task} needs #${o.on} (${o.state === 'open' ? 'open' : 'could not be read'})`).join(', ');
}

export function planReviewText(outside: readonly OutsideDependency[]): string {
  return `The plan depends on issues outside it that are not closed: ${outsideText(outside)}. Approve the proposed plan and start, or abort?`;
}

/** `tests already fail on main before any task: 2 failing (commands.test: npm test, exit 1)`; null when nothing failed. */
export function baselineFailureLine(b: BaselineState | undefined): string | null {
  const f = b?.failure;
  if (!f) return null;
  const what = f.gate === 'tests' ? 'tests already fail' : `${f.gate} already fails`;
  const last = cleanLine(f.output.trimEnd().split('\n').pop() ?? '');
  const how = f.exitCode === null ? 'did not finish' : `exit ${f.exitCode}`;
  return `${what} on ${b?.at ?? 'the base'} before any task${last ? `: ${last}` : ''} (${f.key}: ${f.command}, ${how})`;
}

export function baselineQuestionText(b: BaselineState | undefined): string {
  const line = baselineFailureLine(b) ?? 'the baseline failed';
  return `${line.charAt(0).toUpperCase()}${line.slice(1)}. Every task's gates would meet these failures. Run anyway, or abort?`;
}
