/**
 * Git programs per task: `npm run bench:git` (= `npx tsx bench/git-programs.ts`). Prints one JSON line per measurement.
 *
 * A real `mstui run --headless --yes` (built CLI) walks a chain of tasks done by the scripted agent, with a `git` first on
 * PATH that records its argv and runs the real git. Every git program counts: mstui's own and the scripted agent's
 * (its commit, as a real agent's). `byCommand` splits the count per task by subcommand. `--quick`: a 3-task chain
 * (what `npm test` runs so the bench cannot rot). A case with an `error` exits 1.
 */
import { existsSync } from 'node:fs';
import { CLI as BUILT_CLI } from '../test/helpers/repo.js';
import { benchRepo, recordingGit, runCli } from './run-cli.js';

const CLI = process.env.MSTUI_CLI ?? BUILT_CLI;
const QUICK = process.argv.includes('--quick');
/** `--verbose`: every git program too, in order, as `<folder> git <argv>` on stderr (where a count comes from). */
const VERBOSE = process.argv.includes('--verbose');
const TASKS = QUICK ? 3 : 10;

const emit = (o: Record<string, unknown>): void => {
  if ('error' in o) process.exitCode = 1;
  console.log(JSON.stringify({ bench: 'git', ...o }));
};

/** `worktree add`, `status --porcelain`, `commit`: the subcommand and its first word, `-c` settings left out. */
function commandOf(line: string): string {
  const words = line.split('\0').slice(1).filter(Boolean);
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === '-c' || words[i] === '-C') i++;
    else rest.push(words[i] ?? '');
  }
  const [sub = '', next = ''] = rest;
  return next.startsWith('-') || ['worktree', 'merge-base', 'rev-parse', 'rev-list', 'status'].includes(sub) ? `${sub} ${next}` : sub;
}

/** `<last folder of cwd> git <argv>`: one line of the --verbose trace. */
function traceOf(line: string): string {
  const [cwd = '', ...argv] = line.split('\0').filter(Boolean);
  return `${cwd.slice('cwd='.length).split('/').slice(-2).join('/')}: git ${argv.join(' ')}`;
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) return emit({ case: 'git', error: `${CLI} not found: run \`npm run build\` first` });
  const git = recordingGit();
  if (!git) return emit({ case: 'git', error: 'no git in /usr/bin, /usr/local/bin or /bin' });
  const tasks = Array.from({ length: TASKS }, (_, i) => ({ id: `1.${i + 1}`, deps: i === 0 ? [] : [`1.${i}`] }));
  const { repo, scenarioPath } = benchRepo('Git', tasks, { default: { durationMs: 100 } });
  try {
    const env = { SCRIPTED_AGENT_SCENARIO: scenarioPath, PATH: git.path };
    const run = await runCli(CLI, repo.dir, ['run', 'plans/M1_bench.md', '--headless', '--yes', '--json'], env, () => {}, 5 * 60_000).done;
    if (run.code !== 0) return emit({ case: `chain-${TASKS}`, error: `exit ${run.code}`, stderr: run.stderr.slice(-500) });
    const lines = git.lines();
    if (VERBOSE) for (const l of lines) console.error(traceOf(l));
    const counts = new Map<string, number>();
    for (const l of lines) counts.set(commandOf(l), (counts.get(commandOf(l)) ?? 0) + 1);
    const byCommand = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round((v / TASKS) * 10) / 10]));
    emit({
      case: `chain-${TASKS}`,
      tasks: TASKS,
      programs: lines.length,
      perTask: Math.round((lines.length / TASKS) * 10) / 10,
      byCommand,
    });
  } finally {
    repo.cleanup();
    git.remove();
  }
}

await main();
