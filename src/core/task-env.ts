/** The environment of a task's commands: its agent, its setup and its gates get the same one (one function builds it). */

export interface TaskEnvInput {
  /** null: the integration worktree (no MSTUI_TASK). */
  task: string | null;
  runId: number;
  worktree: string;
  /** The first port of the task's block (see ports-slots.ts), or null when the task holds no slot. */
  port: number | null;
  /** `.mstui.json`'s `env`. */
  env: Readonly<Record<string, string>>;
}

/** `env` from the config, then mstui's own variables (which the config cannot override). */
export function taskEnv(i: TaskEnvInput): Record<string, string> {
  return {
    ...i.env,
    ...(i.task === null ? {} : { MSTUI_TASK: i.task }),
    MSTUI_RUN: String(i.runId),
    MSTUI_WORKTREE: i.worktree,
    ...(i.port === null ? {} : { MSTUI_PORT: String(i.port) }),
  };
}
