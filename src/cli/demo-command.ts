/** `mstui demo`: the whole flow on a throwaway repo with the scripted agent, no AI account needed. */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRunner } from '../adapters/runner.js';
import { DEMO_APP, DEMO_CHECK, DEMO_HANDOFF, DEMO_PLAN, demoScenario } from './demo-fixture.js';
import { UsageError } from './errors.js';

export interface DemoOptions {
  headless?: boolean;
  dir?: string;
  fast?: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
/** The scripted agent ships in the package: <package>/scripts/scripted-agent.mjs. */
export const SCRIPTED_AGENT = resolve(here, '../../scripts/scripted-agent.mjs');
const CLI = resolve(here, '../cli.js');

export async function createDemoRepo(dir: string, headless: boolean, fast: boolean): Promise<{ scenario: string }> {
  const runner = createRunner();
  const git = async (...args: string[]) => {
    const r = await runner.run('git', ['-c', 'user.name=mstui demo', '-c', 'user.email=demo@mstui.invalid', ...args], { cwd: dir });
    if (r.exitCode !== 0) throw new UsageError(`git ${args[0]} failed in the demo repo: ${r.stderr.trim()}`);
  };
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  mkdirSync(dir, { recursive: true });
  await git('init', '-q', '-b', 'main');
  write('src/app.js', DEMO_APP);
  write('check.mjs', DEMO_CHECK);
  write('plans/M1_todo.md', DEMO_PLAN);
  write('plans/HANDOFF_M1.md', DEMO_HANDOFF);
  const agent = [process.execPath, SCRIPTED_AGENT];
  write(
    '.mstui.json',
    `${JSON.stringify(
      {
        agent: 'scripted',
        agents: {
          scripted: {
            command: [...agent, '--session-id', '{sessionId}', '--settings', '{settings}', '{prompt}'],
            resume: [...agent, '--resume', '{sessionId}', '--settings', '{settings}', '{prompt}'],
            screen: 'claude',
          },
        },
        // The integration test runs once on mstui/M1 after the last merge; then the report is written.
        commands: { test: 'node check.mjs', integration: 'node check.mjs' },
        // Headless has nobody to answer the permission prompt; on screen, you answer it.
        permissions: headless ? 'approve' : 'ask',
      },
      null,
      2,
    )}\n`,
  );
  await git('add', '-A');
  await git('commit', '-q', '-m', 'demo: a todo app and its milestone plan');
  const scenario = join(dir, '.git', 'scripted-agent-scenario.json');
  writeFileSync(scenario, JSON.stringify(demoScenario(fast)));
  return { scenario };
}

export async function demoCommand(opts: DemoOptions): Promise<number> {
  const headless = !!opts.headless || !process.stdout.isTTY || !process.stdin.isTTY;
  const dir = opts.dir ? resolve(opts.dir) : mkdtempSync(join(tmpdir(), 'mstui-demo-'));
  const { scenario } = await createDemoRepo(dir, headless, !!opts.fast);
  process.stdout.write(
    `mstui demo: a throwaway repo in ${dir}\n  plan plans/M1_todo.md: 6 tasks, a dependency diamond, one VALIDATION task\n`,
  );
  process.stdout.write('  the scripted agent will ask for permission once (1.2) and break the tests once (1.3)\n\n');
  const args = [CLI, 'run', 'plans/M1_todo.md', '--parallel', '2', ...(headless ? ['--headless', '--yes'] : [])];
  const env: NodeJS.ProcessEnv = { ...process.env, SCRIPTED_AGENT_SCENARIO: scenario };
  delete env.CLAUDECODE;
  const code = await new Promise<number>((done) => {
    const child = spawn(process.execPath, args, { cwd: dir, env, stdio: 'inherit' });
    child.on('exit', (c, sig) => done(c ?? (sig ? 128 : 1)));
  });
  process.stdout.write(`\nThe demo repo stays in ${dir}: try \`git -C ${dir} log --oneline mstui/M1\`.\n`);
  return code;
}
