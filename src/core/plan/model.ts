/** The one Plan model every plan format is parsed into. */

export type PlanFormat = 'markdown' | 'task-ids' | 'yaml' | 'github';

export type TaskKind = 'coding' | 'research' | 'mixed' | 'validation' | 'documentation' | 'unknown';

export type DepsMode = 'chain' | 'explicit' | 'independent';

/** Seed 002's kiro workflow: a task walks these phases in one agent session (execute is the usual task flow). */
export type KiroPhase = 'design' | 'spec' | 'tasks' | 'execute';

/** A task with the kiro workflow: `approval` names the phases a human approves before the next one starts. */
export interface KiroWorkflow {
  approval: Exclude<KiroPhase, 'execute'>[];
}

/** Where something was declared: the file and its 1-based line. */
export interface SourceLoc {
  file: string;
  line: number;
}

export interface Task {
  id: string;
  title: string;
  kind: TaskKind;
  /** The `**Type:**` text (or labels, or YAML type) as written, null when absent. */
  rawType: string | null;
  /** Dependencies as they will be scheduled (after the deps mode was applied). */
  deps: string[];
  files: string[];
  done: boolean;
  loc: SourceLoc;
  /** The task's section text, used to build the agent's prompt. */
  body: string;
  /** YAML `kiro_workflow` (the task's, or the milestone's): Design → Spec → Task → Execute. */
  kiro?: KiroWorkflow;
}

/** Task `task` (an issue of the plan) depends on issue `on`, which is not in the plan; `state` as gh said it. */
export interface OutsideDependency {
  task: string;
  on: number;
  state: 'open' | 'closed' | 'unknown';
}

export interface Milestone {
  id: string;
  title: string;
  /** Path of the plan file, or the `gh:` spec. */
  source: string;
  format: PlanFormat;
}

export interface Plan {
  milestone: Milestone;
  tasks: Task[];
  /** True when the plan itself declared at least one dependency (or a dependency list). */
  depsDeclared: boolean;
  /** No dependencies were declared and no --deps given: each task was chained to the one before it, a human confirms. */
  depsInferred: boolean;
  /** Milestone-level prerequisites named by the plan (`**Depends on:** M1` before the tasks). */
  requires: string[];
  warnings: string[];
  /** A dependency outside the plan is still open: a human should look before running. */
  needsReview: boolean;
  /** GitHub plans: dependencies on issues outside the plan, with their state when the plan was read. */
  outside?: OutsideDependency[];
  /** Path of the handoff file the done marks came from, when there was one. */
  handoffPath: string | null;
  /** Why `mstui run` refuses this plan, which `mstui plan` still shows (a YAML milestone whose status forbids execution). */
  refusal?: string;
}

export type PlanErrorCode =
  | 'cycle'
  | 'unknown-dependency'
  | 'duplicate-id'
  | 'unsafe-id'
  | 'malformed-id'
  | 'empty-plan'
  | 'not-a-plan'
  | 'invalid-name'
  | 'not-found'
  | 'not-a-file'
  | 'ambiguous-name'
  | 'invalid-yaml'
  | 'milestone-dependency'
  | 'github'
  | 'unknown-task'
  | 'invalid-option'
  | 'too-large';

export interface PlanError {
  code: PlanErrorCode;
  /** One line: names the task(s), the file:line, and what to do. */
  message: string;
}

export const planError = (code: PlanErrorCode, message: string): PlanError => ({ code, message });

export const at = (loc: SourceLoc): string => `${loc.file}:${loc.line}`;
