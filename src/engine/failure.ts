/** `.worktrees/.mstui/failures/<task>.md`: what happened and how to resume. */
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RunState } from '../core/scheduler/types.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from './layout.js';
import type { EngineSetup } from './setup.js';

export function writeFailure(setup: Pick<EngineSetup, 'layout' | 'planRel'>, state: RunState, task: string, lastScreen: string[]): void {
  const t = state.tasks[task];
  const info = state.info[task];
  const path = setup.layout.failure(task);
  ensurePrivateDir(dirname(path));
  const text = [
    `# Task ${task} failed: ${info?.title ?? ''}`,
    '',
    `- Reason: ${t?.reason ?? 'unknown'}`,
    `- Agent exit code: ${t?.exitCode ?? 'n/a'}`,
    `- Worktree: ${setup.layout.taskPath(task)}`,
    `- Branch: ${setup.layout.taskBranch(task)}`,
    `- Session: ${t?.sessionId ?? 'n/a'}`,
    `- Log: ${setup.layout.log(task)}`,
    '',
    '## Gate output',
    '',
    '```',
    t?.gateOutput ?? '(none)',
    '```',
    '',
    '## Last screen',
    '',
    '```',
    ...lastScreen,
    '```',
    '',
    '## How to resume',
    '',
    `Fix the problem in the worktree above (or leave it), then run \`mstui run ${setup.planRel} --from ${task}\`;`,
    `or \`mstui run ${setup.planRel}\` to go on with the tasks that do not depend on ${task}.`,
    '',
  ].join('\n');
  writeFileSync(path, text, { mode: PRIVATE_FILE_MODE });
}
