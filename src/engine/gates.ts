/** Seed 000 step 2b, run in the task's worktree: handoff, committed work, tests, quality. */
import { join } from 'node:path';
import { handoffLoss, handoffLossText } from '../core/handoff-check.js';
import { parseHandoff } from '../core/plan/handoff.js';
import { TEST_QUALITY_GATE } from '../core/scheduler/questions.js';
import { isTestFile } from '../core/test-files.js';
import type { Git } from '../ports.js';
import { CommandError, type PlanFiles, type Runner } from '../ports.js';
import { type CommandInput, runLogged, tail } from './user-command.js';

/** `handoff`: the body of the task's handoff section (read for unexpected findings). */
export type GateResult =
  | { ok: true; handoff?: string }
  | { ok: false; gate: string; output: string; exitCode: number | null; hint?: string }
  | { ok: false; gate: 'update'; conflict: string[] };

export interface GateInput {
  task: string;
  worktree: string;
  handoffRel: string;
  integrationBranch: string;
  /** `key`: the `.mstui.json` setting it comes from (default `commands.<name>`, `commands.test` for `tests`). */
  commands: { name: string; command: string; key?: string }[];
  logPath: string;
  /** `commands.testQuality`: run last, on the test files the task changed (skipped when it changed none). */
  testQuality?: string;
  /** Brings the branch up to the integration tip before the commands run; returns the conflicted files, if any. */
  update?: () => Promise<string[] | null>;
  /**
   * The ref `update` brings the branch to, when that is the integration branch (local review): a status saying the
   * branch tracks it and holds its tip already makes `update` a no-op, so it is not called.
   */
  tip?: string;
  /** The task's environment (MSTUI_PORT, …) for the commands. */
  env?: Record<string, string>;
  /** After a command failed: what the fresh worktree may lack (see fresh-worktree-hint.ts), or null. */
  hint?: () => Promise<string | null>;
}

const GATE_TIMEOUT_MS = 30 * 60_000;

export async function hasHandoffSection(files: PlanFiles, worktree: string, handoffRel: string, task: string): Promise<boolean> {
  return (await handoffSection(files, worktree, handoffRel, task)) !== null;
}

/** The body of the task's `## Task X.Y Complete` section in the worktree's handoff, or null when there is none. */
export async function handoffSection(files: PlanFiles, worktree: string, handoffRel: string, task: string): Promise<string | null> {
  const text = await files.read(join(worktree, handoffRel));
  const section = text === null ? undefined : parseHandoff(text).sections.find((s) => s.taskIds.includes(task));
  return section ? section.body : null;
}

export async function runGates(input: GateInput, deps: { git: Git; runner: Runner; files: PlanFiles }): Promise<GateResult> {
  const { git, runner, files } = deps;
  const section = await handoffSection(files, input.worktree, input.handoffRel, input.task);
  if (section === null) {
    return {
      ok: false,
      gate: 'handoff',
      output: `no "## Task ${input.task} Complete: ..." section in ${input.handoffRel}`,
      exitCode: null,
    };
  }
  // Both only read, so they run together (two git programs at once): the handoff check's answer still comes first.
  // One status says clean or not and, for a branch tracking the integration branch, how far it is from its tip.
  const [lost, st] = await Promise.all([handoffLost(git, files, input), git.branchStatus(input.worktree)]);
  if (lost) return { ok: false, gate: 'handoff', output: lost, exitCode: null };
  const status = st.changes.join('\n');
  if (status !== '') return { ok: false, gate: 'commit', output: `uncommitted changes:\n${status}`, exitCode: null };
  const tracked = st.upstream === input.integrationBranch && st.branch !== null && st.ahead !== null;
  const ahead = tracked ? (st.ahead ?? 0) : await git.commitsAhead(input.worktree, input.integrationBranch);
  if (!(ahead > 0))
    return { ok: false, gate: 'commit', output: `the branch has no commits ahead of ${input.integrationBranch}`, exitCode: null };
  const current = tracked && st.behind === 0 && input.tip === input.integrationBranch;
  const conflict = current ? null : ((await input.update?.()) ?? null);
  if (conflict) return { ok: false, gate: 'update', conflict };
  const env = input.env ?? {};
  const failed = async (gate: string, r: { output: string; exitCode: number | null }): Promise<GateResult> => {
    const hint = (await input.hint?.()) ?? null;
    return { ok: false, gate, output: tail(r.output), exitCode: r.exitCode, ...(hint ? { hint } : {}) };
  };
  for (const { name, command, key } of input.commands) {
    const cmd = { key: key ?? configKeyOf(name), command };
    const r = await runConfigured(runner, input.worktree, cmd, input.logPath, `gate ${name}`, GATE_TIMEOUT_MS, { env });
    if (r.exitCode !== 0) return failed(name, r);
  }
  const range = `${input.integrationBranch}...HEAD`;
  const tests = input.testQuality ? (await git.changedFiles(input.worktree, range)).filter(isTestFile) : [];
  if (input.testQuality && tests.length > 0) {
    const cmd = { key: 'commands.testQuality', command: input.testQuality };
    const given = { args: tests, env: { ...env, MSTUI_CHANGED_TESTS: tests.join('\n') } };
    const r = await runConfigured(runner, input.worktree, cmd, input.logPath, `gate ${TEST_QUALITY_GATE}`, GATE_TIMEOUT_MS, given);
    if (r.exitCode !== 0) return failed(TEST_QUALITY_GATE, r);
  }
  return { ok: true, handoff: section };
}

/**
 * What the task took out of the handoff it started from (the integration branch where the task's branch left it):
 * the header or earlier tasks' sections removed or rewritten, as a sentence for the agent; null when it only added.
 */
export async function handoffLost(git: Git, files: PlanFiles, input: GateInput): Promise<string | null> {
  const after = await files.read(join(input.worktree, input.handoffRel));
  if (after === null) return null;
  const before = await git.fileAtMergeBase(input.worktree, input.integrationBranch, input.handoffRel, after);
  if (before === null) return null;
  const loss = handoffLoss(before, after);
  if (!loss) return null;
  return (
    `${handoffLossText(loss, input.handoffRel)}. Sections are only added to the handoff: put back what was there ` +
    `(\`git show ${input.integrationBranch}:${input.handoffRel}\`), keep your own section after it, and commit.`
  );
}

/** The `.mstui.json` key of a gate command: the `tests` gate runs `commands.test`. */
export const configKeyOf = (gate: string): string => `commands.${gate === 'tests' ? 'test' : gate}`;

/**
 * A configured command (`sh -c`, logged): a timeout is a failed result (exit code null) whose output names the
 * setting and the command, instead of an exception saying only that `sh` timed out.
 */
export async function runConfigured(
  runner: Runner,
  cwd: string,
  cmd: { key: string; command: string },
  log: string,
  label: string,
  timeoutMs: number,
  input: CommandInput = {},
): Promise<{ exitCode: number | null; output: string }> {
  try {
    return await runLogged(runner, cwd, cmd.command, log, label, timeoutMs, input);
  } catch (e) {
    if (!(e instanceof CommandError) || e.code !== 'timeout') throw e;
    const limit = e.timeoutMs ?? timeoutMs;
    return {
      exitCode: null,
      output: `${cmd.key} (${cmd.command}) timed out after ${minutesOrSeconds(limit)} and was stopped: make it faster, or run fewer tests in this step`,
    };
  }
}

const minutesOrSeconds = (ms: number): string =>
  ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
