import { dirname } from 'node:path';
import { detectorFor, readerFor } from '../core/agent/readers.js';
import { reduce } from '../core/scheduler/reduce.js';
import type { Effect, Event, RunState } from '../core/scheduler/types.js';
import { writeAgentHooks } from './agent-hooks.js';
import { Agents } from './agents.js';
import { checkEffect } from './deliverable.js';
import { staleDiskQuestion, waitForDiskRoom } from './disk-room.js';
import { writeFailure } from './failure.js';
import { hasHandoffSection } from './gates.js';
import { GitLock, lockRun } from './git-lock.js';
import { HookFeed } from './hook-feed.js';
import { agentLaunch } from './launch.js';
import { ensurePrivateDir } from './layout.js';
import { endOrphans, forgetAgent, processStamp } from './lock.js';
import { milestoneWriteback } from './milestone-writeback.js';
import { type ReviewContext, reviewEffect } from './review-effects.js';
import { RunWatches } from './run-watches.js';
import { ScreenWatch } from './screen-watch.js';
import type { EngineDeps, EngineSetup } from './setup.js';
import { reportStateFault } from './storage-guard.js';
import { withTaskEnv } from './task-env.js';
import { cleanupWorktree, type GitLanes, prepareWorktrees, runGatesEffect } from './task-steps.js';
import { TokenCounter } from './tokens.js';
import { newMemo, watchdog, watchInterval } from './watchdog.js';
import { taskSetup } from './worktree-setup.js';

export type { EngineDeps, EngineSetup } from './setup.js';

/** Backup poll of live agents' hook files, in case a file event is lost. */
export const HOOK_POLL_MS = 500;

export type Listener = (event: Event, prev: RunState, next: RunState) => void;

export class RunEngine {
  readonly agents: Agents;
  private queue: Event[] = [];
  private readonly hooks: HookFeed;
  private draining = false;
  private stopping = false;
  /** Two git locks: the integration branch's, and worktree adds and removals (beside it, never behind it). */
  private readonly lanes: GitLanes = { integration: lockRun(new GitLock()), worktrees: lockRun(new GitLock()) };
  private readonly listeners = new Set<Listener>();
  private readonly watches: RunWatches;
  private readonly watchMemo = newMemo();
  private readonly reviewContext: ReviewContext;
  private readonly screens: ScreenWatch;
  private readonly tokens: TokenCounter;
  private resolveDone: (code: number) => void = () => {};
  readonly done: Promise<number>;

  private readonly setup: EngineSetup;
  constructor(
    private state: RunState,
    setup: EngineSetup,
    private readonly deps: EngineDeps,
  ) {
    // A task's environment (MSTUI_PORT, …) reads its slot from the live state.
    this.setup = withTaskEnv(setup, () => this.state);
    this.agents = new Agents(deps.pty, deps.now);
    this.agents.onLogError((path, e) => reportStateFault(setup, e, path));
    this.hooks = new HookFeed({
      store: deps.store,
      inbox: deps.hookInbox,
      runId: setup.runId,
      path: (task) => setup.layout.hooks(task),
      hooks: setup.profile.hooks,
      stopping: () => this.stopping,
      dispatch: (event, hook) => this.dispatch(event, hook),
      transcript: (task, session, path) => this.tokens.count(task, session, path),
      now: deps.now,
      beforeIdle: (task) => this.afterHandoffCheck(task),
      warn: setup.warn,
    });
    this.screens = new ScreenWatch({
      agents: this.agents,
      reader: readerFor(setup.profile),
      detector: detectorFor(setup.profile),
      screenOnly: setup.profile.hooks === 'none',
      quietMs: setup.review.limits.quietMs,
      now: deps.now,
      state: () => this.state,
      dispatch: (e) => this.dispatch(e),
      beforeIdle: (task) => this.afterHandoffCheck(task),
      sleep: deps.sleep,
    });
    this.tokens = new TokenCounter((e) => this.dispatch(e), setup.warn);
    this.watches = new RunWatches({
      files: deps.watch,
      timers: deps.timers,
      hookFile: (task) => setup.layout.hooks(task),
      handoffFile: (task) => `${setup.layout.taskPath(task)}/${setup.handoffRel}`,
      pollMs: HOOK_POLL_MS,
      watchdogMs: watchInterval(setup.review.limits),
      onHookFile: (task) => {
        if (this.state.info[task]) this.hooks.pull(task);
      },
      onHandoff: (task) => void this.afterHandoffCheck(task),
      onPoll: () => this.poll(),
      onWatchdog: () => this.blockers(),
    });
    this.reviewContext = {
      setup: this.setup,
      deps,
      state: () => this.state,
      stopping: () => this.stopping,
      dispatch: (e) => this.dispatch(e),
      serialGit: this.lanes.integration,
      sendPrompt: (task, prompt) => this.execute({ type: 'SendPrompt', task, prompt }),
    };
    this.done = new Promise((r) => {
      this.resolveDone = r;
    });
  }

  getState(): RunState {
    return this.state;
  }
  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Starts (or resumes) the run: orphan agents are ended, hook files are tailed, RunResumed schedules. */
  async start(): Promise<void> {
    const { layout } = this.setup;
    for (const f of [layout.hooks('x'), layout.log('x'), layout.settings('x'), layout.failure('x')]) ensurePrivateDir(dirname(f));
    await endOrphans(this.deps.store.agents(this.setup.runId), this.setup.warn);
    const hooked = await this.hooks.existing(this.state.order, this.setup.newRun);
    await this.watches.start();
    for (const id of hooked) this.hooks.pull(id);
    // Blockers are checked before the first start too, not only on the timer: a full disk asks before any agent runs.
    this.blockers();
    this.dispatch({ type: 'RunResumed' });
  }

  /** Seed 004's blockers (watchdog.ts): overdue and silent tasks, a disk over limits.diskPercent. */
  private blockers(): void {
    const last = (task: string) => this.agents.get(task)?.lastOutputMs ?? null;
    const disk = () => this.deps.disk(this.setup.layout.repo);
    for (const e of watchdog(this.state, last, this.setup.review.limits, this.deps.now(), this.watchMemo, disk)) this.dispatch(e);
  }

  /** The backup poll: live agents' hook files, their screens, and the end of an API hold. */
  private poll(): void {
    for (const id of this.agents.tasks()) this.hooks.pull(id);
    this.screens.tick();
    const hold = this.state.apiHold;
    if (hold && this.deps.now() >= hold.untilMs) this.dispatch({ type: 'ApiHoldEnded', atMs: this.deps.now() });
  }

  dispatch(event: Event, hook?: { task: string; offset: number }): void {
    if (this.stopping) return;
    this.deps.store.append(this.setup.runId, this.deps.now(), event, hook);
    // The append failed (a storage fault, which stops the run): an event that was not saved never takes effect.
    if (this.stopping) return;
    this.queue.push(event);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let e = this.queue.shift(); e; e = this.queue.shift()) {
        const prev = this.state;
        const step = reduce(prev, e);
        this.state = step.state;
        for (const l of this.listeners) l(e, prev, this.state);
        for (const fx of step.effects) this.execute(fx);
      }
    } finally {
      this.draining = false;
    }
  }

  /** Ends agents, keeps every event: the next `mstui run` resumes. */
  async shutdown(exitCode: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.deps.store.saveSnapshot(this.setup.runId, this.deps.now(), this.state);
    await this.agents.stopAll();
    await this.watches.close();
    this.resolveDone(exitCode);
  }

  private execute(fx: Effect): void {
    const fail = (task: string) => (e: unknown) =>
      reportStateFault(this.setup, e) || this.dispatch({ type: 'TaskStartFailed', task, error: (e as Error).message });
    switch (fx.type) {
      case 'StartTask':
        this.startTask(fx.task, fx.resume, fx.prompt).catch(fail(fx.task));
        return;
      case 'SendPrompt':
        if (!this.agents.typePrompt(fx.task, fx.prompt)) this.startTask(fx.task, true, fx.prompt).catch(fail(fx.task));
        return;
      case 'RunGates':
        runGatesEffect(this.reviewContext, fx.task);
        return;
      case 'RunCi':
      case 'Merge':
      case 'UpdateBranches':
      case 'StartConflictResolution':
      case 'RunIntegration':
        reviewEffect(fx, this.reviewContext);
        return;
      case 'RunBaseline':
      case 'CheckDeliverable':
        checkEffect(fx, this.reviewContext);
        return;
      case 'Cleanup':
        // The agent is stopped outside the git lock (its grace period would hold every other task's git).
        void this.agents.stop(fx.task).then(() => {
          this.watches.unwatchHandoff(fx.task);
          const clean = this.lanes.worktrees(() => cleanupWorktree(this.setup, this.deps, fx.task));
          return clean.catch((e) => this.setup.warn(`cleaning up ${fx.task}: ${(e as Error).message}`));
        });
        return;
      case 'Ask':
        // A disk question from an earlier session, and the disk has room now: the answer is continue.
        if (staleDiskQuestion(fx.question, this.deps.disk(this.setup.layout.repo), this.setup.review.limits.diskPercent))
          this.dispatch({ type: 'Answered', task: null, answer: 'continue' });
        else this.setup.ask(fx.question, this);
        return;
      case 'AnswerDialog':
        void this.screens.answer(fx.task, fx.dialog, fx.pick).then((what) => {
          if (what.startsWith('no option')) this.setup.warn(`answering ${fx.task}'s ${fx.dialog} dialog (${fx.pick}): ${what}`);
        });
        return;
      case 'StopAgent':
        void this.agents.stop(fx.task);
        this.watches.unwatchHandoff(fx.task);
        return;
      case 'WriteFailure':
        try {
          writeFailure(this.setup, this.state, fx.task, this.agents.get(fx.task)?.screen.tail(40) ?? []);
        } catch (e) {
          if (!reportStateFault(this.setup, e, this.setup.layout.failure(fx.task)))
            this.setup.warn(`writing ${this.setup.layout.failure(fx.task)}: ${(e as Error).message}`);
        }
        return;
      case 'Finish':
        void this.finish(fx.exitCode);
        return;
    }
  }

  private async finish(exitCode: number): Promise<void> {
    await this.tokens.recountAll().catch(() => {});
    await this.agents.stopAll();
    await this.watches.close();
    this.stopping = true;
    this.deps.store.saveSnapshot(this.setup.runId, this.deps.now(), this.state);
    await this.lanes.worktrees(() => this.deps.git.pruneWorktrees(this.setup.layout.repo)).catch(() => {});
    await milestoneWriteback(this.reviewContext, exitCode);
    await this.setup.finished?.(this.state).catch((e: Error) => this.setup.warn(`writing the report: ${e.message}`));
    this.deps.store.finishRun(this.setup.runId, exitCode, this.deps.now());
    this.resolveDone(exitCode);
  }

  private async startTask(task: string, resume: boolean, prompt: string | null): Promise<void> {
    const { layout } = this.setup;
    if (!(await this.roomOnDisk(task))) return;
    const fresh = !!this.setup.redo?.has(task) && !this.state.tasks[task]?.sessionId;
    const created = await prepareWorktrees(this.setup, this.deps, task, fresh, this.lanes);
    if (!(await taskSetup(this.reviewContext, task, created))) return;
    await this.agents.stop(task);
    // Shut down while the worktree was being prepared: an agent started now would outlive mstui, unrecorded.
    if (this.stopping) return;
    writeAgentHooks(this.setup.profile, layout.settings(task), layout.hooks(task), this.setup.env, this.setup.warn);
    const { argv, env, sessionId } = agentLaunch(this.setup, task, this.state.tasks[task]?.sessionId ?? null, resume, prompt);
    const agent = this.agents.start(task, argv, layout.taskPath(task), env, layout.log(task), (code) => {
      forgetAgent(this.deps.store, this.setup.runId, task, agent.proc.pid);
      if (this.stopping) return;
      const checks = this.screens.onExit(task, agent.screen).then(() => this.afterHandoffCheck(task));
      void checks.then(() => this.dispatch({ type: 'AgentExited', task, code }));
    });
    this.deps.store.setAgent(this.setup.runId, task, agent.proc.pid, sessionId, processStamp(agent.proc.pid)?.startTicks);
    this.dispatch({ type: 'TaskStarted', task, sessionId, atMs: this.deps.now() });
    this.watches.watchHandoff(task);
  }

  /** Before a worktree is created: too little free space is the disk question (see disk-room.ts). */
  private roomOnDisk(task: string): Promise<boolean> {
    const { deps } = this;
    const [state, stopping, dispatch] = [() => this.state, () => this.stopping, (e: Event) => this.dispatch(e)];
    const disk = () => deps.disk(this.setup.layout.repo);
    return waitForDiskRoom({ task, disk, state, stopping, dispatch, sleep: deps.sleep, now: deps.now, memo: this.watchMemo });
  }

  /** Dispatches HandoffWritten first when the section exists, so "idle" is judged with it. */
  private async afterHandoffCheck(task: string): Promise<void> {
    const t = this.state.tasks[task];
    if (!t || t.handoff) return;
    if (await hasHandoffSection(this.deps.files, this.setup.layout.taskPath(task), this.setup.handoffRel, task)) {
      this.dispatch({ type: 'HandoffWritten', task });
    }
  }
}
