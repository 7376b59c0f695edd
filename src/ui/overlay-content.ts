/** Text of the help / diff / log overlays and the confirmations. Pure. */
import { cleanText } from '../core/plan/clean-text.js';
import { type RunState, TERMINAL } from '../core/scheduler/types.js';
import { helpLines } from './keymap.js';
import type { Overlay } from './ui-state.js';
import type { RunMeta } from './view-model.js';

export interface OverlayContent {
  title: string;
  lines: string[];
  /** The lines are a diff (coloured as git colours one). */
  diff?: boolean;
}

export const QUIT_QUESTION = 'Quit? agents stop, state is saved: mstui run resumes [y/n]';

/** Tasks that (transitively) depend on `id` and are not finished: skipping `id` skips them too. */
export function dependentsOf(state: RunState, id: string): string[] {
  const out: string[] = [];
  const seen = new Set([id]);
  let frontier = [id];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const t of state.order) {
      if (seen.has(t) || !(state.info[t]?.deps ?? []).some((d) => frontier.includes(d))) continue;
      seen.add(t);
      next.push(t);
      const run = state.tasks[t];
      if (run && !TERMINAL.has(run.status)) out.push(t);
    }
    frontier = next;
  }
  return state.order.filter((t) => out.includes(t));
}

export function skipQuestion(state: RunState, task: string): string {
  const deps = dependentsOf(state, task);
  const shown = deps.length > 8 ? `${deps.slice(0, 8).join(', ')} and ${deps.length - 8} more` : deps.join(', ');
  return deps.length > 0 ? `Skip ${task} and its dependents ${shown}? [y/n]` : `Skip ${task}? [y/n]`;
}

/** Tabs to spaces (8-column stops): terminals and Ink measure a tab as one cell, so logs with tabs (gh's) would tear. */
export function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
  return out;
}

/** Diffs, logs and CI output come from agents and tools: shown as text, never as terminal commands. */
const split = (text: string): string[] => cleanText(text).replace(/\n$/, '').split('\n').map(expandTabs);

export function overlayContent(overlay: Overlay, state: RunState, meta: RunMeta): OverlayContent {
  switch (overlay.kind) {
    case 'none':
      return { title: '', lines: [] };
    case 'help':
      return { title: 'Keys (j/k scroll, Esc close)', lines: helpLines() };
    case 'confirm-quit':
      return { title: 'Quit', lines: [QUIT_QUESTION] };
    case 'confirm-skip':
      return { title: 'Skip', lines: [skipQuestion(state, overlay.task)] };
    case 'diff':
    case 'log':
    case 'ci': {
      const what =
        overlay.kind === 'diff'
          ? `Diff of ${overlay.task} against ${meta.integrationBranch}`
          : overlay.kind === 'ci'
            ? `CI of ${overlay.task}`
            : `Log of ${overlay.task}`;
      // g/G jump to the top and the end (the log follows new output while it is at its end).
      const title = `${what} (j/k scroll, g/G, Esc close)`;
      if (overlay.error !== null) return { title, lines: [`Could not load the ${overlay.kind}: ${overlay.error}`] };
      if (overlay.text === null) return { title, lines: ['Loading…'] };
      if (overlay.text === '') return { title, lines: [`(empty ${overlay.kind})`] };
      return { title, lines: split(overlay.text), ...(overlay.kind === 'diff' ? { diff: true } : {}) };
    }
  }
}

/** What `v` shows: the task's CI status, its PR and the failed log's tail (kept in the run state). */
export function ciText(state: RunState, task: string): string {
  const t = state.tasks[task];
  if (!t || t.ci.status === 'none') return 'CI has not run for this task yet.';
  return [
    `status   ${t.ci.status}${t.ci.summary ? ` — ${t.ci.summary}` : ''}`,
    ...(t.pr ? [`PR       #${t.pr.number} ${t.pr.url}`] : []),
    ...(t.ci.failing.length > 0 ? [`failing  ${t.ci.failing.join(', ')}`] : []),
    `retries  ${t.ciRetries} CI retries so far`,
    ...(t.ci.log ? ['', '── failed log (tail) ──', ...t.ci.log.split('\n')] : []),
  ].join('\n');
}
