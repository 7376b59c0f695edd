/**
 * Why a task key does nothing for the selected task, in the words the hint line shows ("f: 1.2 is running; force
 * applies to a failed gate"). Read from the task's state, the same facts the engine decides on. Pure.
 */
import { type TaskRun, TERMINAL } from '../core/scheduler/types.js';
import { displayKey, type KeyAction } from './keymap.js';

const statusWord = (t: TaskRun): string => t.status.replace('-', ' ');

/** Its agent was never started in this run: no worktree, no agent screen. */
const neverStarted = (t: TaskRun): boolean => t.startedAtMs === null && t.agent === 'none';

/** Why `action` (pressed as `key`) has no effect on task `t`, or null when it does something. */
export function refusal(action: KeyAction, key: string, t: TaskRun | undefined): string | null {
  if (!t) return null;
  const k = `${displayKey(key)}: ${t.id}`;
  const answers = t.question?.answers ?? [];
  switch (action) {
    case 'force':
      return answers.includes('force') ? null : `${k} is ${statusWord(t)}; force applies to a failed gate or check`;
    case 'retry':
      if (answers.includes('retry') || t.status === 'failed' || t.status === 'skipped') return null;
      return t.status === 'merged' || t.status === 'done'
        ? `${k} is ${statusWord(t)}; nothing to retry`
        : `${k} is ${statusWord(t)}; retry applies to a failed or skipped task, or a failed check`;
    case 'skip':
      return TERMINAL.has(t.status) ? `${k} is ${statusWord(t)}; nothing to skip` : null;
    case 'diff':
      if (!neverStarted(t)) return null;
      return t.status === 'pending' ? `${k} has no worktree yet` : `${k} is ${statusWord(t)} and never started in this run; no worktree`;
    case 'attach':
    case 'tmux':
      if (!neverStarted(t)) return null;
      return t.status === 'pending' ? `${k} has not started yet; no agent to open` : `${k} is ${statusWord(t)}; no agent ran for it`;
    default:
      return null;
  }
}
