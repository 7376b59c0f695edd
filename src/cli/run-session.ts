/**
 * `mstui run` after the plan is read (loaded by run-command once the run screen, if any, is drawn): the repository,
 * config and git checks, the store, then the engine. With a screen, it shows what is being checked meanwhile and
 * is closed before any error or message is printed (run-command closes it when this throws).
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { findProgram } from '../adapters/which.js';
import { startLine } from '../core/milestone-start.js';
import type { Plan } from '../core/plan/model.js';
import { planView } from '../core/plan/view.js';
import { pendingReview } from '../core/scheduler/before-start.js';
import { reduce } from '../core/scheduler/reduce.js';
import { replayRun } from '../core/scheduler/replay.js';
import type { RunState } from '../core/scheduler/types.js';
import { missingAgentMessage } from '../engine/agent-preflight.js';
import { githubPreflight } from '../engine/github-preflight.js';
import { ensurePrivateDir, handoffRelFor, layoutFor } from '../engine/layout.js';
import { preflight, prepareRepo } from '../engine/repo-setup.js';
import { handoffOnBranch, writeReport } from '../engine/report.js';
import { reviewSetup } from '../engine/review-setup.js';
import { RunEngine } from '../engine/run-engine.js';
import { checkWorktreePaths } from '../engine/worktree-files.js';
import { worktreeSetupOf } from '../engine/worktree-setup.js';
import type { Git, PlanFiles, Runner } from '../ports.js';
import { proposedPlanText } from './before-start-lines.js';
import { loadConfig } from './config-file.js';
import { serveControl } from './control.js';
import { engineDeps } from './engine-deps.js';
import { UsageError } from './errors.js';
import { headlessAsker, jsonLine, progressLine } from './headless.js';
import { notifier } from './notify.js';
import { mstuiRoot } from './repo-root.js';
import type { RunCommandOptions } from './run-options.js';
import type { RunScreen } from './run-screen.js';
import { openRunStore } from './run-store.js';
import { printDryRun, summaryLine } from './run-text.js';
import { runMeta } from './starting-ui.js';
import { uiEngine } from './ui-bridge.js';

export interface RunInput {
  cwd: string;
  runner: Runner;
  git: Git;
  files: PlanFiles;
  /** The plan with `--from`'s tasks not done. */
  plan: Plan;
  waves: string[][];
  redo: Set<string>;
  selected: Set<string> | null;
  parallel: number;
  interactive: boolean;
  /** The run screen, already showing (null without one). */
  screen: RunScreen | null;
}

/** Exit code when the user quit the screen before the run started (as for SIGINT). */
const QUIT_EXIT = 130;

export async function runSession(input: RunInput, opts: RunCommandOptions): Promise<number> {
  const { cwd, runner, git, files, plan, waves, redo, selected, parallel, interactive, screen } = input;
  const tui = screen !== null;
  screen?.phase('finding the repository');
  const repo = await mstuiRoot(git, cwd);
  const config = loadConfig(repo);
  // A GitHub plan has no file: the run records its spec (`gh:153,154`), which `mstui report` loads again.
  const planRel = plan.milestone.format === 'github' ? plan.milestone.source : relative(repo, resolve(cwd, plan.milestone.source));
  const handoffRel = handoffRelFor(repo, cwd, plan);
  const base = opts.base ?? (await git.currentBranch(repo).catch(() => 'HEAD'));
  const layout = layoutFor(repo, plan.milestone.id);
  const onBranch = (await handoffOnBranch(git, repo, layout.integrationBranch, handoffRel))?.done ?? new Set<string>();
  const mergedBefore = new Set([...onBranch].filter((id) => !redo.has(id)));
  const donePlan: Plan = { ...plan, tasks: plan.tasks.map((t) => ({ ...t, done: t.done || mergedBefore.has(t.id) })) };
  const options = {
    parallel,
    stopOnFailure: !!opts.stopOnFailure,
    autoYes: !!opts.yes,
    permissions: config.permissions,
    maxRetries: config.maxRetries,
    needsConfirmation: plan.depsInferred,
    planReview: plan.needsReview ? plan.outside : undefined,
    baseline: !opts.skipBaseline && !!(config.commands.test || config.commands.quality),
    integration: !!config.commands.integration,
    budgets: { taskTokens: config.limits.taskTokens, runTokens: config.limits.runTokens },
    apiBackoffMs: config.limits.apiRetrySeconds * 1000,
  };
  const commands = (['test', 'quality'] as const).flatMap((name) =>
    config.commands[name] ? [{ name: name === 'test' ? 'tests' : name, command: config.commands[name] as string }] : [],
  );

  const review = reviewSetup(config);
  if (opts.dryRun) {
    printDryRun(donePlan, waves, selected, layout, config.profile.command, parallel);
    return 0;
  }
  // The task worktrees start from the base: the plan (a file; a GitHub plan is read through gh) and its handoff, if
  // there is one yet, must be committed there.
  screen?.phase('checking the repository');
  const planFile = plan.milestone.format === 'github' ? [] : [planRel];
  const committed = [...planFile, ...((await files.exists(resolve(repo, handoffRel))) ? [handoffRel] : [])];
  const agentProgram = config.profile.command[0] ?? '';
  if (!findProgram(agentProgram, process.env.PATH ?? '', repo)) throw new UsageError(missingAgentMessage(config.agent, agentProgram));
  await preflight(git, repo, base, committed);
  checkWorktreePaths(repo, config.worktree);
  if (review.provider === 'github') {
    screen?.phase('checking GitHub');
    const missing = await githubPreflight(runner, git, repo, review.remote);
    if (missing) throw new UsageError(`ci.provider is github, but ${missing}`);
  }
  // Quit on the screen while it was checking: nothing has been written yet.
  if (screen?.quitting()) {
    process.stdout.write('Stopped before the run started; nothing was written.\n');
    return QUIT_EXIT;
  }
  screen?.phase('preparing the repository');
  await prepareRepo(git, repo, [...config.worktree.copy, ...config.worktree.link]);
  ensurePrivateDir(layout.state);
  // A storage fault (full disk, read-only state.db) is one line: exit 2 before the engine runs, then STORAGE_FAULT_EXIT.
  screen?.phase('opening the run state');
  const runStore = openRunStore(layout, cwd);
  const { store, release } = runStore;
  try {
    const now = () => Date.now();
    const open = store.openRun(plan.milestone.id);
    const last = open ? null : store.lastRun(plan.milestone.id);
    // The last run finished and left nothing to do: running it again says so rather than recording an empty run.
    if (last?.finishedAt != null && donePlan.tasks.every((t) => t.done || (selected !== null && !selected.has(t.id)))) {
      await screen?.close();
      process.stdout.write(
        `Run ${last.id} of ${plan.milestone.id} already finished (exit ${last.exitCode}): every task is merged on ${layout.integrationBranch}; nothing to run.\n`,
      );
      return 0;
    }
    const run = open ?? store.createRun(plan.milestone.id, planRel, base, now());
    const stored = store.events(run.id).map((e) => e.event);
    let state: RunState = replayRun(plan.tasks, mergedBefore, stored, selected, options);
    // Running the command again means "go": a pause from the last session does not carry over.
    if (state.paused) {
      store.append(run.id, now(), { type: 'PauseToggled' });
      state = reduce(state, { type: 'PauseToggled' }).state;
    }
    // --approve-plan answers the planning gate, for this run and when it is resumed.
    if (opts.approvePlan && pendingReview(state).length > 0) {
      store.append(run.id, now(), { type: 'PlanApproved' });
      state = reduce(state, { type: 'PlanApproved' }).state;
    }
    const out = (line: string) => process.stdout.write(`${line}\n`);
    let reportPath: string | null = null;
    const engine = new RunEngine(
      state,
      {
        plan: donePlan,
        layout,
        runId: run.id,
        base,
        planRel,
        handoffRel,
        profile: config.profile,
        prompts: config.prompts,
        commands,
        testCommand: config.commands.test,
        review,
        worktree: worktreeSetupOf(config),
        redo,
        newRun: stored.length === 0,
        env: process.env,
        warn: (m) => process.stderr.write(`mstui: warning: ${m}\n`),
        storageFault: (e, path) => runStore.fault(e, path),
        // In the TUI, questions live in the state and show in the question bar.
        ask: tui ? () => {} : headlessAsker(opts.json ? (l) => process.stderr.write(`${l}\n`) : out, interactive),
        finished: async (state) => {
          const ci = { provider: review.provider, remote: review.remote, target: review.target };
          const src = { git, layout, plan: donePlan, planRel, handoffRel, base, ci, state, startedAtMs: run.createdAt, endedAtMs: now() };
          reportPath = await writeReport(src);
        },
      },
      engineDeps({ runner, git, files, store, review, now }),
    );
    runStore.stops(engine);
    const order = waves.flat().filter((id) => selected === null || selected.has(id));
    const position = (id: string) => `[${order.indexOf(id) + 1}/${order.length}]`;
    engine.subscribe((event, prev, next) => {
      if (tui) return;
      if (opts.json) out(jsonLine(event, next, now()));
      else {
        const line = progressLine(event, prev, next, position);
        if (line) out(line);
      }
    });
    let signalled = false;
    const onSignal = (sig: NodeJS.Signals) => {
      if (signalled) return;
      signalled = true;
      if (!opts.json) out(`\n${sig}: stopping agents; state saved. Run the same command to resume.`);
      void engine.shutdown(sig === 'SIGINT' ? 130 : 143);
    };
    // `on`, not `once`: execa's signal-exit re-raises a signal nobody else listens to, which would kill mstui
    // mid-shutdown when its handler runs after ours.
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // The screen already shows the run; these lines are for a run without one.
    if (!opts.json && !tui) {
      out(`Run ${run.id}: ${plan.milestone.id} (${order.length} tasks, parallel ${parallel}) on ${layout.integrationBranch}`);
      out(startLine({ format: plan.milestone.format, tasks: plan.tasks, mergedBefore, order }));
    }
    // The planning gate without a screen: the proposed plan, then its question (stderr beside --json events).
    if (!tui && pendingReview(state).length > 0) {
      const view = planView(donePlan, opts.from);
      const text = view.ok ? proposedPlanText(donePlan, view.value).trimEnd() : '';
      if (opts.json) process.stderr.write(`${text}\n`);
      else out(text);
    }
    // Quit while the run was prepared: the run is recorded, nothing started.
    if (screen?.quitting()) engine.dispatch({ type: 'PauseToggled' });
    screen?.ready(engine, uiEngine(engine, runMeta(donePlan, waves, layout), { now, onQuit: () => void engine.shutdown(130) }), layout);
    await engine.start().catch(async (e: unknown) => {
      if (screen) {
        await engine.shutdown(1); // unmounts the screen before the error is printed
        await screen.closed;
      }
      throw e;
    });
    const stopControl = await serveControl(layout.socket, engine, plan.milestone.id, plan.milestone.format).catch((e: Error) => {
      process.stderr.write(`mstui: warning: no control socket (mstui attach/status will not work): ${e.message}\n`);
      return async () => {};
    });
    if (config.notify) engine.subscribe(notifier(runner, tui));
    if (screen?.quitting()) void engine.shutdown(QUIT_EXIT);
    await screen?.closed;
    const code = await engine.done;
    await stopControl();
    const faultCode = runStore.faultExit();
    // The summary report: printed in full on a terminal or in headless progress mode; --json keeps stdout to events.
    if (reportPath && !opts.json && faultCode === null)
      out(`\n${readFileSync(reportPath, 'utf8').trimEnd()}\n\nReport written to ${relative(cwd, reportPath)}`);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (faultCode !== null) return faultCode;
    if (!opts.json) out(summaryLine(engine.getState(), code));
    return code;
  } finally {
    store.close();
    release();
  }
}
