/** The small interfaces the engine talks to; real adapters live in src/adapters. */

export interface RunOptions {
  cwd?: string;
  /** Extra variables on top of the inherited environment (or instead of it with `replaceEnv`). */
  env?: Record<string, string | undefined>;
  replaceEnv?: boolean;
  input?: string;
  timeoutMs?: number;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Every process mstui starts goes through this: argv arrays only, never a shell string. */
export interface Runner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
}

/** Read-only file access for plan loading. */
export interface PlanFiles {
  /** File contents, or null when there is no such file. */
  read(path: string): Promise<string | null>;
  /** Names in a folder, or [] when there is no such folder. */
  list(dir: string): Promise<string[]>;
  exists(path: string): Promise<boolean>;
}

/** Thrown by a Runner when a program cannot run at all (a non-zero exit is a result, not an error). */
export type CommandErrorCode = 'missing-command' | 'timeout' | 'spawn-failed';
export class CommandError extends Error {
  readonly code: CommandErrorCode;
  readonly argv: readonly string[];
  /** For a timeout: the limit that was reached. */
  readonly timeoutMs: number | undefined;
  constructor(code: CommandErrorCode, argv: readonly string[], message: string, cause?: unknown, timeoutMs?: number) {
    super(message, { cause });
    this.name = 'CommandError';
    this.code = code;
    this.argv = argv;
    this.timeoutMs = timeoutMs;
  }
}
