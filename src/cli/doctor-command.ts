/** `mstui doctor`: one line per thing mstui needs here; exit 0 when every required check passes, else 1. */
import { createRunner } from '../adapters/runner.js';
import { agentDetailChecks } from './doctor-agent.js';
import {
  agentCheck,
  type CheckLine,
  configCheck,
  type DoctorContext,
  diskCheck,
  gitCheck,
  githubChecks,
  nodeCheck,
  repoCheck,
  sqliteCheck,
  tmuxCheck,
} from './doctor-checks.js';

export { githubPreflight } from '../engine/github-preflight.js';

const GLYPH: Record<CheckLine['status'], string> = { ok: '✓', fail: '✗', warn: '⚠' };

/** Runs the checks in order, handing each line to `print` as soon as it is known; returns them all. */
export async function runDoctor(ctx: DoctorContext, print: (line: CheckLine) => void): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  const add = (...more: CheckLine[]) => {
    for (const l of more) {
      lines.push(l);
      print(l);
    }
  };
  add(nodeCheck(ctx.nodeVersion));
  const git = await gitCheck(ctx);
  add(git, await tmuxCheck(ctx));
  if (git.status === 'fail') return lines;
  const { line, repo } = await repoCheck(ctx);
  add(line);
  if (repo === null) return lines;
  const { line: configLine, config } = configCheck(repo);
  add(configLine);
  if (config) {
    const agent = agentCheck(ctx, repo, config);
    add(agent);
    if (agent.status === 'ok') add(...(await agentDetailChecks(ctx, repo, config)));
    if (config.ci.provider === 'github') add(...(await githubChecks(ctx, repo, config.ci.remote)));
  }
  add(diskCheck(repo, config?.limits.diskPercent ?? 90), await sqliteCheck(repo));
  return lines;
}

export async function doctorCommand(): Promise<number> {
  const ctx: DoctorContext = { runner: createRunner(), cwd: process.cwd(), env: process.env, nodeVersion: process.versions.node };
  const lines = await runDoctor(ctx, (l) => process.stdout.write(`${GLYPH[l.status]} ${l.text}\n`));
  const failed = lines.filter((l) => l.status === 'fail').length;
  process.stdout.write(failed === 0 ? 'All required checks passed.\n' : `${failed} required check${failed === 1 ? '' : 's'} failed.\n`);
  return failed === 0 ? 0 : 1;
}
