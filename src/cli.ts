#!/usr/bin/env node
/**
 * mstui entry point. Keep this file light: `--version` and `--help` must not load Ink or
 * the run engine, so every command is imported lazily when it runs.
 */
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export function buildProgram(): Command {
  const program = new Command('mstui')
    .description('Walk a milestone plan with AI coding agents: one worktree and agent per task, gated merges.')
    .version(version, '-V, --version')
    .showHelpAfterError('(run mstui --help for usage)')
    .exitOverride();

  program
    .command('plan')
    .description('Read a plan, build its dependency graph and print it as waves')
    .argument('<plan>', 'plan file (M1_x.md, a TASK-NNN plan, .milestones/active/ID.yaml), milestone name, or gh:153,154 / gh:"Milestone"')
    .argument('[more...]', 'more issue numbers after a gh: spec (gh:153 154)')
    .option('--json', 'print one JSON object instead of the tree')
    .option('--from <id>', 'resume from this task instead of the first one not done')
    .option('--handoff <file>', 'handoff file (default: HANDOFF_<milestone>.md beside the plan)')
    .option('--deps <mode>', 'dependencies: chain | explicit | independent (default: as declared; chained when none are)')
    .action(async (spec: string, more: string[], opts) => {
      const { planSpec } = await import('./cli/plan-spec.js');
      const { planCommand } = await import('./cli/plan-command.js');
      process.exitCode = await planCommand(await planSpec(spec, more), opts);
    });

  program
    .command('run')
    .description('Walk the plan: a worktree and an agent per task, gates, merges into mstui/<milestone>')
    .argument('<plan>', 'plan file, milestone name, or gh: spec (as for `mstui plan`)')
    .argument('[more...]', 'more issue numbers after a gh: spec (gh:153 154)')
    .option('--headless', 'no screen: progress lines (or --json events) for scripts and CI')
    .option('--json', 'print one JSON line per event instead of progress lines')
    .option('--parallel <n>', 'agents at the same time, when the graph allows (default 1)')
    .option(
      '-y, --yes',
      'approve merges, retries (up to the limit) and inferred dependencies; not tool permissions, a plan to review or a red baseline',
    )
    .option('--from <id>', 'start at this task (earlier ones count as done)')
    .option('--only <ids>', 'run only these tasks (comma separated)')
    .option('--wave <n>', 'run only the tasks of wave N')
    .option('--dry-run', 'print what would run and touch nothing')
    .option('--stop-on-failure', 'start nothing new after a task fails')
    .option('--base <branch>', 'branch the integration branch starts from (default: the current branch)')
    .option('--handoff <file>', 'handoff file (default: HANDOFF_<milestone>.md beside the plan)')
    .option('--deps <mode>', 'dependencies: chain | explicit | independent')
    .option('--approve-plan', 'approve a plan that depends on open issues outside it (the planning gate; --yes does not)')
    .option('--skip-baseline', 'do not run the test and quality commands on the base before the first task')
    .addHelpText(
      'after',
      `
Exit codes:
  0        every task merged (or skipped by you)
  1        a task failed
  2        bad input, or a check before anything ran failed (nothing ran)
  3        a question needs a human and there is no terminal to ask on (state saved): a merge, a
           retry, a plan to approve (--approve-plan), tests failing on the base (--skip-baseline)
  4        the run state could not be written (disk full, read-only state.db): agents stopped;
           fix it and run the same command to resume
  130/143  interrupted (SIGINT/SIGTERM): agents stopped, state saved`,
    )
    .action(async (spec: string, more: string[], opts) => {
      const { planSpec } = await import('./cli/plan-spec.js');
      const { runCommand } = await import('./cli/run-command.js');
      process.exitCode = await runCommand(await planSpec(spec, more), opts);
    });

  program
    .command('demo')
    .description('Run the whole flow on a throwaway repo with a scripted agent (no AI account needed)')
    .option('--headless', 'no screen: progress lines, merges and retries approved')
    .option('--dir <path>', 'where to create the demo repo (default: a new folder in the temp dir)')
    .option('--fast', 'shorter agent turns')
    .action(async (opts) => {
      const { demoCommand } = await import('./cli/demo-command.js');
      process.exitCode = await demoCommand(opts);
    });

  program
    .command('attach')
    .description('Attach this terminal to a task agent of the mstui running in this repo (detach: Ctrl-])')
    .argument('<task>', 'task id')
    .action(async (task: string) => {
      const { attachCommand } = await import('./cli/remote-command.js');
      process.exitCode = await attachCommand(task);
    });

  program
    .command('status')
    .description("The running mstui's state (through its control socket)")
    .option('--json', 'one JSON object')
    .option('--tmux', "a one-line segment for tmux's status-right, e.g. `M1 4/9 ⚠1`")
    .action(async (opts) => {
      const { statusCommand } = await import('./cli/remote-command.js');
      process.exitCode = await statusCommand(opts);
    });

  program
    .command('report')
    .description('The milestone report of the last run (tasks, E2E tests, challenges, next steps): printed and written')
    .argument('[plan]', "report this plan's milestone (default: the newest run in this repository)")
    .option('--out <file>', 'write it here (default: .worktrees/.mstui/report-<milestone>.md)')
    .action(async (spec: string | undefined, opts) => {
      const { reportCommand } = await import('./cli/report-command.js');
      process.exitCode = await reportCommand(spec, opts);
    });

  program
    .command('doctor')
    .description('Check what mstui needs here: node, git, tmux, .mstui.json, the agent, gh (for GitHub CI), disk, SQLite')
    .action(async () => {
      const { doctorCommand } = await import('./cli/doctor-command.js');
      process.exitCode = await doctorCommand();
    });

  program
    .command('clean')
    .description('Remove the worktrees of merged tasks (--all: every mstui worktree); asks before anything uncommitted')
    .option('--all', 'also unmerged task worktrees and the integration worktree (and mstui/* branches if merge.deleteBranches)')
    .option('-y, --yes', 'remove the listed clean worktrees without asking (uncommitted work is still asked about)')
    .action(async (opts) => {
      const { cleanCommand } = await import('./cli/clean-command.js');
      process.exitCode = await cleanCommand(opts);
    });

  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    const code = (e as { exitCode?: unknown }).exitCode;
    process.stderr.write(`mstui: ${(e as Error).message}\n`);
    process.exitCode = typeof code === 'number' ? code : 1;
  }
}

await main(process.argv);
