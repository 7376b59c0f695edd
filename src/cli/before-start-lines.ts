/** Headless words for the gates before the first task: the proposed plan, the baseline's progress, what to pass. */

import type { OutsideDependency, Plan } from '../core/plan/model.js';
import type { PlanView } from '../core/plan/view.js';
import { baselineFailureLine, outsideText } from '../core/scheduler/before-start-text.js';
import type { Question, RunState } from '../core/scheduler/types.js';
import { plainStyle, renderPlan } from './render-plan.js';

/** Output lines of a failed baseline shown under its line. */
export const BASELINE_TAIL_LINES = 15;

/** The baseline's progress as it changes: started, passed, failed (with its output's tail), accepted. */
export function baselineLines(prev: RunState, next: RunState): string[] {
  const was = prev.baseline?.status;
  const now = next.baseline?.status;
  if (now === was || now === undefined) return [];
  if (now === 'running') return ['Baseline: the test and quality commands run once before the first task'];
  if (now === 'passed') return [`Baseline passed on ${next.baseline?.at ?? 'the base'}`];
  if (now === 'accepted') return ['Baseline failure accepted: running anyway'];
  const out = next.baseline?.failure?.output.trimEnd().split('\n').slice(-BASELINE_TAIL_LINES) ?? [];
  return [`Baseline FAILED: ${baselineFailureLine(next.baseline) ?? ''}`, ...out.map((l) => `  ${l}`)];
}

/** What the proposed plan waits on, printed with the plan before its question. */
export function outsideLines(outside: readonly OutsideDependency[]): string[] {
  const open = outside.filter((o) => o.state !== 'closed');
  return [
    `Needs review: ${outsideText(open)}.`,
    'Nothing starts until the plan is approved ([y] approve on a terminal, or --approve-plan).',
  ];
}

/** Seed 003's "STOP — show proposed dependency plan": the waves, then the outside dependencies and their state. */
export function proposedPlanText(plan: Plan, view: PlanView): string {
  return `Proposed plan:\n${renderPlan(plan, view, plainStyle)}${outsideLines(plan.outside ?? []).join('\n')}`;
}

/** The last line of a question left unanswered without a terminal: how to answer it next time. */
export function noTerminalHint(q: Question): string {
  const pass =
    q.kind === 'plan-review'
      ? 'pass --approve-plan to approve the plan (--yes does not)'
      : q.kind === 'baseline-failed'
        ? 'pass --skip-baseline to run anyway (--yes does not)'
        : 'pass --yes (merges, retries, inferred dependencies)';
  return `No terminal to answer on: state saved. Run \`mstui run\` again in a terminal to answer, or ${pass}.`;
}
