/** The kiro workflow's words (seed 002): phase names, deliverable paths, prompts and question texts. Pure text. */
import type { KiroPhase } from '../plan/model.js';
import type { Answer } from './types.js';

export const KIRO_PHASES: readonly KiroPhase[] = ['design', 'spec', 'tasks', 'execute'];

/** The phase's name as the seed says it: Design, Spec, Task, Execute. */
export const PHASE_NAME: Readonly<Record<KiroPhase, string>> = { design: 'Design', spec: 'Spec', tasks: 'Task', execute: 'Execute' };

export const nextPhase = (p: KiroPhase): KiroPhase =>
  KIRO_PHASES[Math.min(KIRO_PHASES.indexOf(p) + 1, KIRO_PHASES.length - 1)] ?? 'execute';

/** `.milestones/specs/<task>/design.md` (spec.md, tasks.md), relative to the task's worktree; execute has none. */
export function deliverablePath(task: string, phase: KiroPhase): string {
  return `.milestones/specs/${task}/${phase}.md`;
}

const what: Record<Exclude<KiroPhase, 'execute'>, string> = {
  design: 'the design of this task: the approach, the parts it touches, the data flow, the risks and the alternatives you rejected',
  spec: 'the specification, from the design: requirements, interfaces, edge cases, acceptance criteria and the tests to write',
  tasks: 'the implementation plan, from the spec: an ordered checklist of small steps, each with the files it changes and how to check it',
};

const step = (p: KiroPhase) => `phase ${KIRO_PHASES.indexOf(p) + 1} of 4, ${PHASE_NAME[p]}`;

/** The prompt that starts phase `p` of `task` (the first one follows the task's own prompt). */
export function phasePrompt(task: string, p: KiroPhase): string {
  if (p === 'execute') {
    return [
      `Task ${task}, ${step(p)}: implement the task following ${deliverablePath(task, 'tasks')} (and the spec and design beside it).`,
      'Make the tests pass, commit all your work, and append the task\'s "Complete" section to the handoff file, as the task asked.',
    ].join('\n');
  }
  const intro =
    p === 'design'
      ? `This task follows the kiro workflow: Design → Spec → Task → Execute, one phase per turn. Do not change code before the Execute phase.\n`
      : '';
  return [
    `${intro}Task ${task}, ${step(p)}: write ${what[p]} to ${deliverablePath(task, p)}.`,
    `Commit that file, then stop and wait: the next phase comes in the next prompt.`,
  ].join('\n');
}

/** The phase ended and its file is missing or empty. */
export function deliverableFollowUp(task: string, p: KiroPhase): string {
  return [
    `Task ${task}, ${step(p)}: ${deliverablePath(task, p)} is missing or empty.`,
    `Write ${p === 'execute' ? 'it' : what[p]} there, commit it, then stop and wait for the next phase.`,
  ].join('\n');
}

/** The reviewer did not approve the phase: redo it. */
export function redoPrompt(task: string, p: KiroPhase): string {
  return [
    `Task ${task}, ${step(p)}: the reviewer asked for this phase again.`,
    `Read ${deliverablePath(task, p)} critically, improve it (gaps, unclear parts, risks not covered), commit it, then stop and wait.`,
  ].join('\n');
}

/** mstui restarted mid-phase: the agent resumes its session (or a new one gets the task prompt first). */
export function resumePhasePrompt(task: string, p: KiroPhase): string {
  return `mstui restarted. ${phasePrompt(task, p)}`;
}

export function kiroQuestionText(kind: 'phase-approval' | 'deliverable-missing', task: string, p: KiroPhase): string {
  const file = deliverablePath(task, p);
  return kind === 'phase-approval'
    ? `${task}: the ${PHASE_NAME[p]} phase is done (${file}). Approve it and start the ${PHASE_NAME[nextPhase(p)]} phase?`
    : `${task} ended its ${PHASE_NAME[p]} phase without writing ${file}. Ask the agent again?`;
}

export const KIRO_ANSWERS: Readonly<Record<'phase-approval' | 'deliverable-missing', Answer[]>> = {
  'phase-approval': ['approve', 'retry', 'skip', 'abort'],
  'deliverable-missing': ['retry', 'skip', 'force', 'abort'],
};
