/** `.mstui.json` → the engine's review settings (and the test-quality gate's command, which only this receives). */
import type { Config } from '../core/config.js';
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
    testQuality: commands.testQuality,
    preMerge: commands.preMerge
      ? { key: 'commands.preMerge', command: commands.preMerge }
      : commands.test
        ? { key: 'commands.test', command: commands.test }
        : undefined,
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
