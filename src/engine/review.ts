/** Seed 003's phases 3–5 as engine steps: CI (local or GitHub), branch updates, the pre-merge check, merges, integration. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { verdictOf } from '../core/checks.js';
import { parseHandoff } from '../core/plan/handoff.js';
import type { Event } from '../core/scheduler/types.js';
import { runConfigured } from './gates.js';
import type { EngineDeps, EngineSetup } from './setup.js';
import { OUTPUT_TAIL_LINES, tail } from './user-command.js';
import { integrationLog, type SetupFailure, setupFailureText } from './worktree-setup.js';

type Report = (e: Event) => void;

/** CI, pre-merge and integration commands may take longer than a gate. */
export const REVIEW_TIMEOUT_MS = 60 * 60_000;

/** Where merged work lands: the integration branch, or (github, ci.target base) the remote base branch. */
export function tipRef(setup: EngineSetup): string {
  const { review, layout, base } = setup;
  if (review.provider !== 'github') return layout.integrationBranch;
  return `${review.remote}/${review.target === 'base' ? base : layout.integrationBranch}`;
}

export async function ciStep(
  setup: EngineSetup,
  deps: EngineDeps,
  task: string,
  report: Report,
  alive: () => boolean,
  lock: GitLock = (fn) => fn(),
): Promise<Event> {
  const { review, layout } = setup;
  if (review.provider === 'github') return githubCi(setup, deps, task, report, alive, lock);
  if (!review.ciCommand) {
    const gates = setup.commands.map((c) => c.name).join(' and ');
    return { type: 'CiPassed', task, summary: gates ? `local: ${gates} passed in the gates` : 'local: no CI command configured' };
  }
  report({ type: 'CiStarted', task, summary: `local: ${review.ciCommand}`, pr: null });
  const ci = { key: 'commands.ci', command: review.ciCommand };
  const env = setup.taskEnv?.(task) ?? {};
  const r = await runConfigured(deps.runner, layout.taskPath(task), ci, layout.log(task), 'ci', REVIEW_TIMEOUT_MS, { env });
  if (r.exitCode === 0) return { type: 'CiPassed', task, summary: `local: ${review.ciCommand}` };
  return {
    type: 'CiFailed',
    task,
    summary: r.exitCode === null ? `local: ${r.output}` : `local: ${review.ciCommand} exited ${r.exitCode}`,
    failing: [review.ciCommand],
    log: tail(r.output),
  };
}

async function githubCi(
  setup: EngineSetup,
  deps: EngineDeps,
  task: string,
  report: Report,
  alive: () => boolean,
  lock: GitLock,
): Promise<Event> {
  const { review, layout, base } = setup;
  const { github, git } = deps;
  const wt = layout.taskPath(task);
  const branch = layout.taskBranch(task);
  const target = review.target === 'base' ? base : layout.integrationBranch;
  if (review.target === 'integration') await lock(() => publishIntegration(setup, deps));
  await git.push(wt, review.remote, branch, { forceWithLease: true, setUpstream: true });
  let pr = await github.findPr(wt, branch);
  if (!pr) {
    const bodyFile = join(layout.state, 'pr', `${task}.md`);
    await mkdir(dirname(bodyFile), { recursive: true });
    await writeFile(bodyFile, await prBody(setup, deps, task));
    const title = setup.plan.tasks.find((t) => t.id === task)?.title ?? task;
    pr = await github.createPr(wt, { base: target, head: branch, title: `Task ${task}: ${title}`, bodyFile });
  }
  report({ type: 'CiStarted', task, summary: `PR #${pr.number}: waiting for checks`, pr });
  let wait = review.pollMs;
  let empty = 0;
  for (;;) {
    await deps.sleep(wait);
    if (!alive()) return { type: 'CiProgress', task, summary: 'stopped' };
    wait = Math.min(wait * 2, review.pollMaxMs);
    const checks = await github.checks(wt, pr.number);
    // A repository without CI reports no checks at all: after a few polls that is a pass, said so.
    if (checks === null || checks.length === 0) {
      if (++empty >= 3) return { type: 'CiPassed', task, summary: `PR #${pr.number}: no checks reported` };
      report({ type: 'CiProgress', task, summary: `PR #${pr.number}: no checks yet` });
      continue;
    }
    const v = verdictOf(checks);
    if (v.state === 'passed') return { type: 'CiPassed', task, summary: `PR #${pr.number}: ${v.summary}` };
    if (v.state === 'failed') {
      const log = await github
        .failedLog(wt, branch, OUTPUT_TAIL_LINES)
        .catch((e: Error) => `(could not fetch the failed log: ${e.message})`);
      return { type: 'CiFailed', task, summary: `PR #${pr.number}: ${v.summary}`, failing: v.failing, log };
    }
    report({ type: 'CiProgress', task, summary: `PR #${pr.number}: ${v.summary}` });
  }
}

/**
 * The PR body: the task's handoff section (what was done, gotchas), else its plan text. A GitHub plan's task is an
 * issue: `Closes #N` first, so GitHub links the PR to it (and closes it once the work reaches the default branch).
 */
export async function prBody(
  setup: Pick<EngineSetup, 'layout' | 'handoffRel' | 'plan'>,
  deps: Pick<EngineDeps, 'files'>,
  task: string,
): Promise<string> {
  const text = await deps.files.read(join(setup.layout.taskPath(task), setup.handoffRel));
  const section = text ? parseHandoff(text).sections.find((s) => s.taskIds.includes(task)) : undefined;
  const planTask = setup.plan.tasks.find((t) => t.id === task);
  const closes = setup.plan.milestone.format === 'github' ? `Closes #${task}\n\n` : '';
  const head = `${closes}Task ${task} of ${setup.plan.milestone.id} (${setup.plan.milestone.title}), opened by mstui.`;
  return section ? `${head}\n\n## Task ${task} Complete: ${section.title}\n\n${section.body}\n` : `${head}\n\n${planTask?.body ?? ''}\n`;
}

/**
 * The PR's base must exist on the remote: the integration branch is pushed when the remote lacks it or is behind.
 * When the remote is ahead (a PR merged there, the local branch not yet fast-forwarded) it is left alone: pushing
 * would be refused, and another task's CI would fail on that race. Under the git lock, like merges.
 */
async function publishIntegration(setup: EngineSetup, deps: EngineDeps): Promise<void> {
  const { review, layout } = setup;
  const { git } = deps;
  await git.fetch(layout.repo, review.remote);
  const remote = await git.revParse(layout.repo, `refs/remotes/${review.remote}/${layout.integrationBranch}`);
  if (remote !== null && (await git.mergeBase(layout.repo, remote, layout.integrationBranch)) !== remote) return;
  const local = await git.revParse(layout.repo, layout.integrationBranch);
  if (remote !== null && remote === local) return;
  await git.push(layout.repo, review.remote, `${layout.integrationBranch}:${layout.integrationBranch}`);
}

/** The tip as of now: with github, the remote branch after a fetch (the local one until it was first pushed). */
export async function freshTip(setup: EngineSetup, deps: EngineDeps): Promise<string> {
  const { review, layout, base } = setup;
  if (review.provider !== 'github') return layout.integrationBranch;
  await deps.git.fetch(layout.repo, review.remote);
  const remote = tipRef(setup);
  if ((await deps.git.revParse(layout.repo, `refs/remotes/${remote}`)) !== null) return remote;
  return review.target === 'base' ? base : layout.integrationBranch;
}

/** Brings the task's branch up to the tip; a conflict is reported, a change re-runs the pre-merge check. */
export async function updateStep(setup: EngineSetup, deps: EngineDeps, task: string, tip?: string): Promise<Event | { changed: boolean }> {
  const { review, layout } = setup;
  const wt = layout.taskPath(task);
  const r = await deps.git.update(wt, tip ?? (await freshTip(setup, deps)), review.updateMode);
  if (!r.ok) return { type: 'MergeConflicted', task, files: r.files };
  return { changed: r.changed };
}

/** Runs `fn` holding the git lock: operations on the integration branch, one at a time. */
export type GitLock = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * `commands.integration` on the integration branch after the last merge; `prepare` first (the integration worktree's
 * commands.setup: the merges may have changed the dependencies), whose failure is the integration test's.
 */
export async function integrationStep(
  setup: EngineSetup,
  deps: EngineDeps,
  prepare: () => Promise<SetupFailure | null> = async () => null,
): Promise<Event> {
  const command = setup.review.integrationCommand;
  if (!command) return { type: 'IntegrationPassed' };
  const failed = await prepare();
  if (failed) return { type: 'IntegrationFailed', output: setupFailureText(failed), exitCode: failed.exitCode };
  const cmd = { key: 'commands.integration', command };
  const env = setup.taskEnv?.(null) ?? {};
  const r = await runConfigured(deps.runner, setup.layout.integrationPath, cmd, integrationLog(setup), 'integration', REVIEW_TIMEOUT_MS, {
    env,
  });
  return r.exitCode === 0 ? { type: 'IntegrationPassed' } : { type: 'IntegrationFailed', output: tail(r.output), exitCode: r.exitCode };
}
