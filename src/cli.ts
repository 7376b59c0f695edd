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
    .option('--json', 'print one JSON object instead of the tree')
    .option('--from <id>', 'resume from this task instead of the first one not done')
    .option('--handoff <file>', 'handoff file (default: HANDOFF_<milestone>.md beside the plan)')
    .option('--deps <mode>', 'dependencies: chain | explicit | independent (default: as declared; chained when none are)')
    .action(async (spec: string, opts) => {
      const { planCommand } = await import('./cli/plan-command.js');
      process.exitCode = await planCommand(spec, opts);
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
