/** Shared helpers for the scheduler reducer tests: plans, options, event shorthands and a tiny script runner. */
import { initState, type PlanTaskInput } from '../../src/core/scheduler/init.js';
import { reduce } from '../../src/core/scheduler/reduce.js';
import type { Answer, Effect, Event, RunOptions, RunState, TaskStatus } from '../../src/core/scheduler/types.js';

export const title = (id: string) => `Title ${id}`;

export function t(id: string, deps: string[] = [], extra: { files?: string[]; done?: boolean } = {}): PlanTaskInput {
  return { id, title: title(id), deps, files: extra.files ?? [], done: extra.done ?? false };
}

export function opts(o: Partial<RunOptions> = {}): RunOptions {
  return {
    parallel: 1,
    stopOnFailure: false,
    autoYes: false,
    permissions: 'ask',
    maxRetries: 2,
    needsConfirmation: false,
    integration: false,
    ...o,
  };
}

/** Event shorthands. */
export const ev = {
  resumed: (): Event => ({ type: 'RunResumed' }),
  started: (task: string): Event => ({ type: 'TaskStarted', task, sessionId: `session-${task}`, atMs: 1000 }),
  startFailed: (task: string, error = 'boom'): Event => ({ type: 'TaskStartFailed', task, error }),
  busy: (task: string): Event => ({ type: 'AgentBusy', task }),
  idle: (task: string): Event => ({ type: 'AgentIdle', task }),
  waiting: (task: string, detail = 'Bash(rm -rf build)'): Event => ({ type: 'AgentWaiting', task, detail }),
  exited: (task: string, code: number): Event => ({ type: 'AgentExited', task, code }),
  handoff: (task: string): Event => ({ type: 'HandoffWritten', task }),
  passed: (task: string): Event => ({ type: 'GatesPassed', task }),
  ciPassed: (task: string, summary = 'local: npm test'): Event => ({ type: 'CiPassed', task, summary }),
  ciFailed: (task: string, log = 'FAIL lint\nsrc/a.ts: unused x', failing = ['lint']): Event => ({
    type: 'CiFailed',
    task,
    summary: `1 of 2 checks failed (${failing.join(', ')})`,
    failing,
    log,
  }),
  failed: (task: string, output = 'FAIL test/x.test.ts\nexpected 1 to be 2', gate = 'test', exitCode: number | null = 1): Event => ({
    type: 'GatesFailed',
    task,
    gate,
    output,
    exitCode,
  }),
  merged: (task: string): Event => ({ type: 'Merged', task, commit: `c-${task}`, atMs: 2000 }),
  conflicted: (task: string, files: string[]): Event => ({ type: 'MergeConflicted', task, files }),
  answered: (task: string | null, answer: Answer): Event => ({ type: 'Answered', task, answer }),
  pause: (): Event => ({ type: 'PauseToggled' }),
  stop: (): Event => ({ type: 'StopRequested' }),
};

/** Effect shorthands. */
export const fx = {
  start: (task: string, resume = false, prompt: string | null = null): Effect => ({ type: 'StartTask', task, resume, prompt }),
  send: (task: string, prompt: string): Effect => ({ type: 'SendPrompt', task, prompt }),
  gates: (task: string): Effect => ({ type: 'RunGates', task }),
  ci: (task: string): Effect => ({ type: 'RunCi', task }),
  merge: (task: string): Effect => ({ type: 'Merge', task }),
  cleanup: (task: string): Effect => ({ type: 'Cleanup', task }),
  stopAgent: (task: string): Effect => ({ type: 'StopAgent', task }),
  writeFailure: (task: string): Effect => ({ type: 'WriteFailure', task }),
  permission: (task: string, approve: boolean): Effect => ({
    type: 'AnswerDialog',
    task,
    dialog: 'permission',
    pick: approve ? 'yes' : 'no',
  }),
  finish: (exitCode: number): Effect => ({ type: 'Finish', exitCode }),
};

/** Feeds events to the reducer, keeping the state and every effect emitted so far. */
export class Script {
  state: RunState;
  readonly log: Effect[] = [];

  constructor(tasks: PlanTaskInput[], options: Partial<RunOptions> = {}, selected: string[] | null = null) {
    this.state = initState(tasks, selected ? new Set(selected) : null, opts(options));
  }

  /** Reduces each event in turn; returns the effects of these events only. */
  send(...events: Event[]): Effect[] {
    const out: Effect[] = [];
    for (const e of events) {
      const step = reduce(this.state, e);
      this.state = step.state;
      out.push(...step.effects);
    }
    this.log.push(...out);
    return out;
  }

  status(id: string): TaskStatus | undefined {
    return this.state.tasks[id]?.status;
  }

  statuses(): Record<string, TaskStatus> {
    return Object.fromEntries(this.state.order.map((id) => [id, this.state.tasks[id]?.status ?? 'pending']));
  }

  /** Ids of StartTask effects (not resumes) among the given effects. */
  static starts(effects: Effect[]): string[] {
    return effects.flatMap((e) => (e.type === 'StartTask' && !e.resume ? [e.task] : []));
  }

  asks(effects: Effect[] = this.log) {
    return effects.flatMap((e) => (e.type === 'Ask' ? [e.question] : []));
  }

  finishes(): Effect[] {
    return this.log.filter((e) => e.type === 'Finish');
  }

  /** Takes a just-started task through handoff, gates and merge (approving the merge when asked). */
  complete(task: string): Effect[] {
    const out = this.send(ev.started(task), ev.handoff(task), ev.idle(task), ev.passed(task), ev.ciPassed(task));
    if (this.status(task) === 'awaiting-merge') out.push(...this.send(ev.answered(task, 'yes')));
    out.push(...this.send(ev.merged(task)));
    return out;
  }
}
