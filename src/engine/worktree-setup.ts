/**
 * A new worktree made ready to work in, before its agent (or the integration test) starts: worktree.copy/link, then
 * commands.setup (`npm ci`, `uv sync`), its output in the task's log. Success is an event (SetupDone), so a resumed
 * run does not set up the same worktree again; a failure is SetupFailed, which the scheduler asks about.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Config } from '../core/config.js';
import { runConfigured } from './gates.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './layout.js';
import type { EngineDeps, EngineSetup, SetupContext, WorktreeSetup } from './setup.js';

export type { SetupContext } from './setup.js';

import { tail } from './user-command.js';
import { placeWorktreeFiles } from './worktree-files.js';
import { measureWorktree } from './worktree-size.js';

/** `npm ci` on a cold cache can take minutes; as long as a gate may. */
export const SETUP_TIMEOUT_MS = 30 * 60_000;

export function worktreeSetupOf(config: Pick<Config, 'commands' | 'worktree' | 'env'>): WorktreeSetup {
  const { copy, link, portBase, portsPerTask } = config.worktree;
  return { ...(config.commands.setup ? { setup: config.commands.setup } : {}), copy, link, portBase, portsPerTask, env: config.env };
}

export type SetupFailure = { command: string; output: string; exitCode: number | null };

const configured = (w: WorktreeSetup | undefined): w is WorktreeSetup => !!w && (!!w.setup || w.copy.length > 0 || w.link.length > 0);

/** Copies and links, then commands.setup, in `worktree`, logged to `log`; the failure, or null. */
export async function setupWorktree(
  setup: Pick<EngineSetup, 'layout' | 'worktree'>,
  deps: Pick<EngineDeps, 'runner'>,
  worktree: string,
  log: string,
  env: Record<string, string>,
): Promise<SetupFailure | null> {
  const w = setup.worktree;
  if (!configured(w)) return null;
  const lines = await placeWorktreeFiles(setup.layout.repo, worktree, w);
  if (lines.length > 0) {
    await mkdir(dirname(log), { recursive: true, mode: PRIVATE_DIR_MODE });
    await appendFile(log, lines.map((l) => `[mstui] ${l}\n`).join(''), { mode: PRIVATE_FILE_MODE });
  }
  if (!w.setup) return null;
  const r = await runConfigured(deps.runner, worktree, { key: 'commands.setup', command: w.setup }, log, 'setup', SETUP_TIMEOUT_MS, {
    env,
  });
  return r.exitCode === 0 ? null : { command: w.setup, output: tail(r.output), exitCode: r.exitCode };
}

/**
 * Before a task's agent starts: the setup, unless it already succeeded in this worktree (`created`: the worktree was
 * just made, so whatever an earlier setup did is gone). True when the agent may start.
 */
export async function taskSetup(c: SetupContext, task: string, created: boolean): Promise<boolean> {
  const ready = await readyWorktree(c, task, created);
  // Its size once ready: the first one measured tells whether the worktrees to come fit on the disk.
  if (ready && created) measureWorktree(c, task);
  return ready;
}

async function readyWorktree(c: SetupContext, task: string, created: boolean): Promise<boolean> {
  const { setup, deps } = c;
  if (!configured(setup.worktree)) return true;
  if (!created && c.state().tasks[task]?.setupDone) return true;
  const env = setup.taskEnv?.(task) ?? {};
  const failed = await setupWorktree(setup, deps, setup.layout.taskPath(task), setup.layout.log(task), env);
  if (c.stopping()) return false;
  if (!failed) c.dispatch({ type: 'SetupDone', task });
  else c.dispatch({ type: 'SetupFailed', task, ...failed });
  // A setup can take minutes: a run aborted or a task skipped meanwhile starts no agent.
  const now = c.state();
  return !failed && !now.aborted && now.tasks[task]?.status === 'running';
}

/** The integration worktree's setup (before the baseline: once; before the integration test: always); its failure or null. */
export async function integrationSetup(c: SetupContext, log: string, always: boolean): Promise<SetupFailure | null> {
  const { setup, deps } = c;
  if (!configured(setup.worktree) || (!always && c.state().integrationSetupDone)) return null;
  const failed = await setupWorktree(setup, deps, setup.layout.integrationPath, log, setup.taskEnv?.(null) ?? {});
  if (!failed && !c.stopping()) c.dispatch({ type: 'SetupDone', task: null });
  return failed;
}

export const integrationLog = (setup: Pick<EngineSetup, 'layout'>): string => join(setup.layout.state, 'logs', 'integration.log');

/** A setup failure as the text a baseline or integration failure shows. */
export const setupFailureText = (f: SetupFailure): string =>
  `commands.setup (${f.command}) failed in the integration worktree (${f.exitCode === null ? 'timed out' : `exit ${f.exitCode}`}):\n${f.output}`;
