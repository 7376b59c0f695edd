/** `.mstui.json` → the engine's review settings and its GitHub port. */
import { setTimeout as sleep } from 'node:timers/promises';
import { createGitHub, type GitHub } from '../adapters/github.js';
import type { Config } from '../core/config.js';
import type { Runner } from '../ports.js';
import type { ReviewSetup } from './setup.js';

export function reviewSetup(config: Config): ReviewSetup {
  const { ci, commands, merge, limits } = config;
  return {
    provider: ci.provider,
    remote: ci.remote,
    target: ci.target,
    pollMs: ci.pollSeconds * 1000,
    pollMaxMs: ci.pollMaxSeconds * 1000,
    ciCommand: commands.ci,
    preMergeCommand: commands.preMerge ?? commands.test,
    integrationCommand: commands.integration,
    updateMode: merge.update,
    deleteBranches: merge.deleteBranches,
    limits: {
      taskMs: limits.taskMinutes * 60_000,
      stallMs: limits.stallMinutes * 60_000,
      diskPercent: limits.diskPercent,
      quietMs: limits.quietSeconds * 1000,
    },
  };
}

/** Network or API errors of a gh call are retried 4 times, waiting like the checks poll does (doubling, capped). */
export function githubFor(runner: Runner, review: ReviewSetup): GitHub {
  const delays = [1, 2, 4, 8].map((f) => Math.min(review.pollMs * f, review.pollMaxMs));
  return createGitHub(runner, { retryDelaysMs: delays, sleep: (ms) => sleep(ms, undefined, { ref: false }) });
}
