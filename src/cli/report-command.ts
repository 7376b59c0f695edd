/** `mstui report [plan] [--out FILE]`: the milestone report of the last run, printed and written. */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { createGit, type Git } from '../adapters/git.js';
import { createPlanFiles } from '../adapters/plan-files.js';
import { createRunner } from '../adapters/runner.js';
import { openStore, type RunRow, type Store } from '../adapters/store.js';
import type { Config } from '../core/config.js';
import type { Plan } from '../core/plan/model.js';
import { replayRun } from '../core/scheduler/replay.js';
import type { RunState } from '../core/scheduler/types.js';
import { handoffRelFor, layoutFor } from '../engine/layout.js';
import { loadPlan } from '../engine/load-plan.js';
import { composeReport, handoffOnBranch, saveReport } from '../engine/report.js';
import type { PlanFiles, Runner } from '../ports.js';
import { loadConfigOrDefaults } from './config-file.js';
import { UsageError } from './errors.js';
import { mstuiRoot } from './repo-root.js';

export { writeReport } from '../engine/report.js';

export interface ReportCommandOptions {
  out?: string;
}

export async function reportCommand(spec: string | undefined, opts: ReportCommandOptions): Promise<number> {
  const cwd = process.cwd();
  const runner = createRunner();
  const git = createGit(runner);
  const files = createPlanFiles();
  const repo = await mstuiRoot(git, cwd);
  const given = spec === undefined ? null : await planOrThrow(spec, cwd, files, runner);
  const db = layoutFor(repo, 'x').db;
  if (!existsSync(db)) throw new UsageError(`no mstui run recorded in ${repo} (no ${relative(repo, db)}); run \`mstui run <plan>\` first`);
  const store = openStore(db);
  try {
    const run = store.lastRun(given?.milestone.id);
    if (!run) {
      throw new UsageError(
        given ? `no run of ${given.milestone.id} recorded in ${repo}; run \`mstui run ${spec}\` first` : `no mstui run recorded in ${repo}`,
      );
    }
    const config = loadConfigOrDefaults(repo, (m) => process.stderr.write(`mstui: warning: ${m}\n`));
    const layout = layoutFor(repo, run.milestone);
    const loaded = given ?? (await loadPlan(run.plan, { cwd: repo }, { files, runner }).then((r) => (r.ok ? r.value : null)));
    const planRel = !given
      ? run.plan
      : given.milestone.format === 'github'
        ? (spec ?? '')
        : relative(repo, resolve(cwd, given.milestone.source));
    const handoffRel = handoffRelFor(repo, given ? cwd : repo, loaded ?? { milestone: { id: run.milestone, source: run.plan } });
    const snap = store.snapshot(run.id);
    const state = snap?.state ?? (await replay(store, run, loaded, config, git, layout.repo, layout.integrationBranch, handoffRel));
    if (!loaded) process.stderr.write(`mstui: warning: the plan ${run.plan} cannot be read; task titles come from the saved state\n`);
    const plan = loaded ?? {
      milestone: { id: run.milestone, title: run.milestone },
      tasks: state.order.map((id) => ({ id, title: state.info[id]?.title ?? id, kind: 'unknown' as const })),
    };
    const { path, markdown } = await composeReport({
      git,
      layout,
      plan,
      planRel,
      handoffRel,
      base: run.base,
      ci: { provider: config.ci.provider, remote: config.ci.remote, target: config.ci.target },
      state,
      startedAtMs: run.createdAt,
      endedAtMs: run.finishedAt ?? snap?.at ?? null,
      out: opts.out === undefined ? undefined : resolve(cwd, opts.out),
    });
    saveReport(path, markdown);
    process.stdout.write(markdown);
    process.stderr.write(`mstui: report written to ${relative(cwd, path) || path}\n`);
    return 0;
  } finally {
    store.close();
  }
}

async function planOrThrow(spec: string, cwd: string, files: PlanFiles, runner: Runner): Promise<Plan> {
  const r = await loadPlan(spec, { cwd }, { files, runner });
  if (!r.ok) throw new UsageError(r.error.message);
  return r.value;
}

/**
 * No snapshot (an older run, or one killed hard): rebuild the state from its event log, as `mstui run` does on
 * resume. Tasks merged before the run (on the integration branch) and not touched by it start as done.
 */
async function replay(
  store: Store,
  run: RunRow,
  plan: Plan | null,
  config: Config,
  git: Git,
  repo: string,
  branch: string,
  handoffRel: string,
): Promise<RunState> {
  if (!plan) throw new UsageError(`run ${run.id} has no saved state and its plan ${run.plan} cannot be read; restore the plan file`);
  const before = (await handoffOnBranch(git, repo, branch, handoffRel))?.done ?? new Set<string>();
  const events = store.events(run.id).map((e) => e.event);
  return replayRun(plan.tasks, before, events, null, {
    parallel: 1,
    stopOnFailure: false,
    autoYes: false,
    permissions: config.permissions,
    maxRetries: config.maxRetries,
    needsConfirmation: false,
    integration: !!config.commands.integration,
  });
}
