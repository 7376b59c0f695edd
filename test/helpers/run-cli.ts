/** Runs the built CLI (`dist/cli.js`) in a child process, as a user would: git without global config, no CLAUDECODE. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { CLI, GIT_ENV } from './repo.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV, ...env };
  delete childEnv.CLAUDECODE;
  return childEnv;
}

/**
 * `mstui ...args` in `cwd` to completion. execFile gives the child no terminal: stdin is not a TTY. A run still going
 * after `timeoutMs` is killed and says so on stderr (exit -1), so a slow machine's timeout never reads as exit 1.
 */
export function mstui(cwd: string, args: string[], env: Record<string, string> = {}, timeoutMs = 180_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: cliEnv(env), timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err?.killed) return resolve({ code: -1, stdout, stderr: `${stderr}[killed by the test: still running after ${timeoutMs} ms]` });
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export interface SpawnedCli {
  child: ChildProcess;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (128 + n when killed by signal n). */
  exited: Promise<number>;
}

const SIGNALS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** `mstui ...args` left running, for tests that act on it while it is alive (stdin is a pipe, not a TTY). */
export function spawnMstui(cwd: string, args: string[], env: Record<string, string> = {}): SpawnedCli {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: cliEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const exited = new Promise<number>((resolve) => {
    child.on('close', (code, signal) => resolve(code ?? 128 + (signal ? (SIGNALS[signal] ?? 0) : 0)));
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}
