/** Seed 000 step 2b, run in the task's worktree: handoff, committed work, tests, quality. */
import { join } from 'node:path';
import type { Git } from '../adapters/git.js';
import { parseHandoff } from '../core/plan/handoff.js';
import type { PlanFiles, Runner } from '../ports.js';
import { runLogged, tail } from './user-command.js';

export type GateResult =
  | { ok: true }
  | { ok: false; gate: string; output: string; exitCode: number | null }
  | { ok: false; gate: 'update'; conflict: string[] };

export interface GateInput {
  task: string;
  worktree: string;
  handoffRel: string;
  integrationBranch: string;
  commands: { name: string; command: string }[];
  logPath: string;
  /** Brings the branch up to the integration tip before the commands run; returns the conflicted files, if any. */
  update?: () => Promise<string[] | null>;
}

const GATE_TIMEOUT_MS = 30 * 60_000;

export async function hasHandoffSection(files: PlanFiles, worktree: string, handoffRel: string, task: string): Promise<boolean> {
  const text = await files.read(join(worktree, handoffRel));
  return text !== null && parseHandoff(text).done.has(task);
}

export async function runGates(input: GateInput, deps: { git: Git; runner: Runner; files: PlanFiles }): Promise<GateResult> {
  const { git, runner, files } = deps;
  if (!(await hasHandoffSection(files, input.worktree, input.handoffRel, input.task))) {
    return {
      ok: false,
      gate: 'handoff',
      output: `no "## Task ${input.task} Complete: ..." section in ${input.handoffRel}`,
      exitCode: null,
    };
  }
  const status = await git.out(input.worktree, ['status', '--porcelain']);
  if (status !== '') return { ok: false, gate: 'commit', output: `uncommitted changes:\n${status}`, exitCode: null };
  const ahead = Number(await git.out(input.worktree, ['rev-list', '--count', `${input.integrationBranch}..HEAD`]));
  if (!(ahead > 0))
    return { ok: false, gate: 'commit', output: `the branch has no commits ahead of ${input.integrationBranch}`, exitCode: null };
  const conflict = (await input.update?.()) ?? null;
  if (conflict) return { ok: false, gate: 'update', conflict };
  for (const { name, command } of input.commands) {
    const r = await runLogged(runner, input.worktree, command, input.logPath, `gate ${name}`, GATE_TIMEOUT_MS);
    if (r.exitCode !== 0) return { ok: false, gate: name, output: tail(r.output), exitCode: r.exitCode };
  }
  return { ok: true };
}
