/** The one orchestrator: persists each event, reduces it, and runs the effects through ports. */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import type { Git } from '../adapters/git.js';
import { hookCommand, readHooks } from '../adapters/hook-inbox.js';
import type { PtyFactory } from '../adapters/pty.js';
import type { Store } from '../adapters/store.js';
import { eventFromHook, hookSettings } from '../core/agent/hooks.js';
import { claudeDetector, type DebounceState, debounce, genericDetector } from '../core/agent/screen-detector.js';
import { type AgentProfile, fillArgv } from '../core/config.js';
import type { Plan } from '../core/plan/model.js';
import { buildPrompt } from '../core/prompt.js';
import { reduce } from '../core/scheduler/reduce.js';
import type { Effect, Event, Question, RunState } from '../core/scheduler/types.js';
import type { PlanFiles, Runner } from '../ports.js';
import { Agents, promptKeys } from './agents.js';
import { writeFailure } from './failure.js';
import { hasHandoffSection, runGates } from './gates.js';
import type { Layout } from './layout.js';
import { isAlive } from './lock.js';

export interface EngineDeps {
  runner: Runner;
  git: Git;
  files: PlanFiles;
  pty: PtyFactory;
  store: Store;
  now: () => number;
}

export interface EngineSetup {
  plan: Plan;
  layout: Layout;
  runId: number;
  base: string;
  planRel: string;
  handoffRel: string;
  profile: AgentProfile;
  prompts: Partial<Record<string, string>>;
  commands: { name: string; command: string }[];
  testCommand: string | undefined;
  /** Environment the agents inherit (CLAUDECODE is removed here). */
  env: NodeJS.ProcessEnv;
  /** Something went wrong that is not a task's fault (printed, never fatal). */
  warn: (message: string) => void;
  /** Called for every question the reducer could not answer itself. */
  ask: (q: Question, engine: RunEngine) => void;
}

/** Backup poll of live agents' hook files, in case a file event is lost. */
export const HOOK_POLL_MS = 500;

const genericOrClaude = (p: AgentProfile) => (p.command[0]?.endsWith('claude') ? claudeDetector : genericDetector);

export type Listener = (event: Event, prev: RunState, next: RunState) => void;

export class RunEngine {
  readonly agents: Agents;
  private queue: Event[] = [];
  private hookQueue: Promise<void> = Promise.resolve();
  private draining = false;
  private stopping = false;
  private gitChain: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<Listener>();
  private readonly watchers = new Map<string, FSWatcher>();
  private hookWatcher: FSWatcher | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private readonly screenStates = new Map<string, DebounceState>();
  private resolveDone: (code: number) => void = () => {};
  readonly done: Promise<number>;

  constructor(
    private state: RunState,
    private readonly setup: EngineSetup,
    private readonly deps: EngineDeps,
  ) {
    this.agents = new Agents(deps.pty, deps.now);
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
    const { layout, runId } = this.setup;
    for (const dir of [dirname(layout.hooks('x')), dirname(layout.log('x')), dirname(layout.settings('x')), dirname(layout.failure('x'))]) {
      mkdirSync(dir, { recursive: true });
    }
    await this.endOrphans();
    this.hookWatcher = watch(dirname(layout.hooks('x')), { depth: 0, ignoreInitial: false });
    this.hookWatcher.on('all', (_kind, path) => {
      const m = /([^/\\]+)\.jsonl$/.exec(path);
      if (m?.[1] && this.state.info[m[1]]) this.pullHooks(m[1]);
    });
    await new Promise<void>((r) => this.hookWatcher?.once('ready', () => r()));
    for (const id of this.state.order) this.pullHooks(id);
    // File events can be coalesced or lost (inotify overflow, network file systems): a slow poll backs them up.
    this.pollTimer = setInterval(() => {
      for (const id of this.agents.tasks()) this.pullHooks(id);
      if (this.setup.profile.hooks === 'none') this.screenTick();
    }, HOOK_POLL_MS);
    this.pollTimer.unref();
    this.dispatch({ type: 'RunResumed' });
    void runId;
  }

  dispatch(event: Event, hook?: { task: string; offset: number }): void {
    if (this.stopping) return;
    this.deps.store.append(this.setup.runId, this.deps.now(), event, hook);
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
    await this.agents.stopAll();
    await this.closeWatchers();
    this.resolveDone(exitCode);
  }

  private execute(fx: Effect): void {
    const fail = (task: string) => (e: unknown) => this.dispatch({ type: 'TaskStartFailed', task, error: (e as Error).message });
    switch (fx.type) {
      case 'StartTask':
        this.startTask(fx.task, fx.resume, fx.prompt).catch(fail(fx.task));
        return;
      case 'SendPrompt':
        if (!this.agents.send(fx.task, promptKeys(fx.prompt))) this.startTask(fx.task, true, fx.prompt).catch(fail(fx.task));
        return;
      case 'RunGates':
        this.gates(fx.task).catch((e) =>
          this.dispatch({ type: 'GatesFailed', task: fx.task, gate: 'gates', output: String(e), exitCode: null }),
        );
        return;
      case 'Merge':
        this.serialGit(() => this.merge(fx.task)).catch((e) =>
          this.dispatch({ type: 'TaskStartFailed', task: fx.task, error: `merge failed: ${(e as Error).message}` }),
        );
        return;
      case 'Cleanup':
        this.serialGit(() => this.cleanup(fx.task)).catch(() => {});
        return;
      case 'Ask':
        this.setup.ask(fx.question, this);
        return;
      case 'AnswerPermission':
        this.agents.send(fx.task, fx.approve ? '\r' : '\u001b');
        return;
      case 'StopAgent':
        void this.agents.stop(fx.task);
        this.closeWatcher(fx.task);
        return;
      case 'WriteFailure':
        writeFailure(this.setup, this.state, fx.task, this.agents.get(fx.task)?.screen.tail(40) ?? []);
        return;
      case 'Finish':
        void this.finish(fx.exitCode);
        return;
    }
  }

  private async finish(exitCode: number): Promise<void> {
    await this.agents.stopAll();
    await this.closeWatchers();
    this.stopping = true;
    this.deps.store.finishRun(this.setup.runId, exitCode, this.deps.now());
    this.resolveDone(exitCode);
  }

  private serialGit<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.gitChain.then(fn, fn);
    this.gitChain = next.catch(() => {});
    return next;
  }

  private async startTask(task: string, resume: boolean, prompt: string | null): Promise<void> {
    const { layout, base, profile, plan } = this.setup;
    const { git } = this.deps;
    await this.serialGit(async () => {
      await git.ensureWorktree(layout.repo, layout.integrationPath, layout.integrationBranch, base);
      await git.ensureWorktree(layout.repo, layout.taskPath(task), layout.taskBranch(task), layout.integrationBranch);
    });
    await this.agents.stop(task);
    // Shut down while the worktree was being prepared: an agent started now would outlive mstui, unrecorded.
    if (this.stopping) return;
    const known = this.state.tasks[task]?.sessionId ?? null;
    // Only a session that received its prompt can be resumed: an agent stopped before that left no conversation.
    const resuming = resume && known !== null && profile.resume !== undefined && this.sessionPrompted(task, known);
    const sessionId = resuming && known ? known : randomUUID();
    const t = plan.tasks.find((x) => x.id === task);
    if (!t) throw new Error(`unknown task ${task}`);
    const fresh = buildPrompt(t, this.promptContext(task), this.setup.prompts);
    const text = resuming
      ? (prompt ??
        `mstui restarted. Continue Task ${task}: ${t.title} where you left off; finish it, commit, and write its handoff section.`)
      : resume && prompt
        ? `${fresh}\n\n${prompt}`
        : fresh;
    const settingsPath = layout.settings(task);
    writeFileSync(settingsPath, hookSettings(hookCommand(layout.hooks(task))));
    const values = {
      prompt: resuming || !prompt ? text : text,
      sessionId,
      settings: settingsPath,
      taskId: task,
      worktree: layout.taskPath(task),
    };
    const argv = fillArgv(resuming && profile.resume ? profile.resume : profile.command, values);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.setup.env)) if (v !== undefined && k !== 'CLAUDECODE') env[k] = v;
    Object.assign(env, profile.env ?? {}, { MSTUI_TASK: task, MSTUI_RUN: String(this.setup.runId) });
    const agent = this.agents.start(task, argv, layout.taskPath(task), env, layout.log(task), (code) => {
      if (this.stopping) return;
      void this.afterHandoffCheck(task).then(() => this.dispatch({ type: 'AgentExited', task, code }));
    });
    this.deps.store.setAgent(this.setup.runId, task, agent.proc.pid, sessionId);
    this.dispatch({ type: 'TaskStarted', task, sessionId, atMs: this.deps.now() });
    this.watchHandoff(task);
  }

  /** Did session `sessionId` of this task submit a prompt (a UserPromptSubmit hook line, read or not)? */
  private sessionPrompted(task: string, sessionId: string): boolean {
    let text: string;
    try {
      text = readFileSync(this.setup.layout.hooks(task), 'utf8');
    } catch {
      return false;
    }
    return text.split('\n').some((line) => {
      if (!line.includes(sessionId)) return false;
      try {
        const r = JSON.parse(line) as { session_id?: unknown; hook_event_name?: unknown };
        return r.session_id === sessionId && r.hook_event_name === 'UserPromptSubmit';
      } catch {
        return false;
      }
    });
  }

  private promptContext(task: string) {
    const { plan, layout } = this.setup;
    return {
      milestoneId: plan.milestone.id,
      milestoneTitle: plan.milestone.title,
      planPath: this.setup.planRel,
      handoffPath: this.setup.handoffRel,
      branch: layout.taskBranch(task),
      testCommand: this.setup.testCommand,
    };
  }

  /** Dispatches HandoffWritten first when the section exists, so "idle" is judged with it. */
  private async afterHandoffCheck(task: string): Promise<void> {
    const t = this.state.tasks[task];
    if (!t || t.handoff) return;
    if (await hasHandoffSection(this.deps.files, this.setup.layout.taskPath(task), this.setup.handoffRel, task)) {
      this.dispatch({ type: 'HandoffWritten', task });
    }
  }

  private watchHandoff(task: string): void {
    if (this.watchers.has(task)) return;
    const file = `${this.setup.layout.taskPath(task)}/${this.setup.handoffRel}`;
    const w = watch(dirname(file), { depth: 0, ignoreInitial: false });
    w.on('all', (_kind, path) => {
      if (path === file) void this.afterHandoffCheck(task);
    });
    this.watchers.set(task, w);
  }

  private closeWatcher(task: string): void {
    const w = this.watchers.get(task);
    this.watchers.delete(task);
    void w?.close();
  }

  private async closeWatchers(): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    const all = [...this.watchers.values(), ...(this.hookWatcher ? [this.hookWatcher] : [])];
    this.watchers.clear();
    this.hookWatcher = null;
    await Promise.all(all.map((w) => w.close()));
  }

  /** Reads new hook lines for a task (serialised), turning them into events with their file offset. */
  private pullHooks(task: string): void {
    this.hookQueue = this.hookQueue
      .then(() => this.readHookBatch(task))
      .catch((e) => this.setup.warn(`reading hook events of ${task} failed: ${(e as Error).message}`));
  }

  private async readHookBatch(task: string): Promise<void> {
    {
      if (this.stopping) return;
      const { store } = this.deps;
      const offset = store.hookOffset(this.setup.runId, task);
      const batch = await readHooks(this.setup.layout.hooks(task), offset);
      for (const { record, end } of batch.records) {
        const event = eventFromHook(task, record);
        if (event?.type === 'AgentIdle') await this.afterHandoffCheck(task);
        if (event && !this.stopping) this.dispatch(event, { task, offset: end });
        else if (!this.stopping) store.setHookOffset(this.setup.runId, task, end);
      }
    }
  }

  private async gates(task: string): Promise<void> {
    const { layout } = this.setup;
    const r = await runGates(
      {
        task,
        worktree: layout.taskPath(task),
        handoffRel: this.setup.handoffRel,
        integrationBranch: layout.integrationBranch,
        commands: this.setup.commands,
        logPath: layout.log(task),
      },
      this.deps,
    );
    this.dispatch(
      r.ok ? { type: 'GatesPassed', task } : { type: 'GatesFailed', task, gate: r.gate, output: r.output, exitCode: r.exitCode },
    );
  }

  private async merge(task: string): Promise<void> {
    const { layout, plan } = this.setup;
    const title = plan.tasks.find((t) => t.id === task)?.title ?? task;
    const subject = `Task ${task}: ${title}`;
    const existing = await this.deps.git.commitWithSubject(layout.repo, layout.integrationBranch, subject);
    if (existing) return this.dispatch({ type: 'Merged', task, commit: existing, atMs: this.deps.now() });
    const r = await this.deps.git.squashMerge(layout.integrationPath, layout.taskBranch(task), subject);
    this.dispatch(
      r.ok ? { type: 'Merged', task, commit: r.commit, atMs: this.deps.now() } : { type: 'MergeConflicted', task, files: r.files },
    );
  }

  private async cleanup(task: string): Promise<void> {
    await this.agents.stop(task);
    this.closeWatcher(task);
    const path = this.setup.layout.taskPath(task);
    if (!(await this.deps.git.worktreePaths(this.setup.layout.repo)).includes(path)) return;
    await this.deps.git.out(this.setup.layout.repo, ['worktree', 'remove', path]);
  }

  /** Agents without hooks: judge busy / waiting / idle from their screens (debounced). */
  private screenTick(): void {
    const now = this.deps.now();
    for (const task of this.agents.tasks()) {
      const agent = this.agents.get(task);
      if (!agent) continue;
      const verdict = genericOrClaude(this.setup.profile).detect(agent.screen.lines());
      const step = debounce(this.screenStates.get(task) ?? null, verdict, now, agent.lastOutputMs);
      this.screenStates.set(task, step.state);
      if (step.report === 'busy') this.dispatch({ type: 'AgentBusy', task });
      else if (step.report === 'waiting') this.dispatch({ type: 'AgentWaiting', task, detail: 'waiting for input (from the screen)' });
      else if (step.report === 'idle') void this.afterHandoffCheck(task).then(() => this.dispatch({ type: 'AgentIdle', task }));
    }
  }

  /** Agents of an earlier mstui that died without ending them: end them before resuming. */
  private async endOrphans(): Promise<void> {
    for (const a of this.deps.store.agents(this.setup.runId)) {
      if (!a.pid || !isAlive(a.pid)) continue;
      try {
        process.kill(a.pid, 'SIGTERM');
      } catch {
        continue;
      }
      const deadline = this.deps.now() + 3000;
      while (isAlive(a.pid) && this.deps.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (isAlive(a.pid)) process.kill(a.pid, 'SIGKILL');
    }
  }
}
