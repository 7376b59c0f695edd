/**
 * The runner's path for quick programs (git, du, tmux, gh: everything but a user's command in its own process group):
 * Node's `spawn`, output captured whole. execa costs about twice a bare spawn's CPU in mstui's process per call
 * (options, signal listeners, stream plumbing: measured in docs/PERFORMANCE.md), and a task runs some fifteen such
 * programs; users' commands keep execa (process groups, their timeouts).
 */
import { type SpawnOptions, spawn } from 'node:child_process';
import { constants } from 'node:os';

export interface Captured {
  /** Null when the program did not start (`error`) or was ended by a signal (`signal`). */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  error: NodeJS.ErrnoException | null;
  timedOut: boolean;
}

/** After a timeout's SIGTERM, SIGKILL this much later if the program is still there (execa's default too). */
export const FORCE_KILL_MS = 5000;

/** `env` on top of this process's (or instead of it); a key set to undefined is removed, as with execa. */
export function childEnv(env: Record<string, string | undefined> | undefined, replace: boolean): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = replace ? {} : { ...process.env };
  for (const [k, v] of Object.entries(env ?? {})) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

export function spawnCapture(
  command: string,
  args: readonly string[],
  o: { cwd?: string; env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; stdio: SpawnOptions['stdio'] },
): Promise<Captured> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let error: NodeJS.ErrnoException | null = null;
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    let force: NodeJS.Timeout | undefined;
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command, [...args], { cwd: o.cwd, env: o.env, stdio: o.stdio });
    } catch (e) {
      resolve({ exitCode: null, signal: null, stdout: '', stderr: '', error: e as NodeJS.ErrnoException, timedOut: false });
      return;
    }
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => {
      error ??= e;
    });
    if (child.stdin) {
      // A program that exits without reading its input closes the pipe: EPIPE is its business, not an error here.
      child.stdin.on('error', () => {});
      child.stdin.end(o.input ?? '');
    }
    if (o.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGTERM');
        force = setTimeout(() => child.kill('SIGKILL'), FORCE_KILL_MS);
        force.unref();
      }, o.timeoutMs);
    }
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(force);
      const exitCode = error ? null : code;
      const decode = (b: Buffer[]) => Buffer.concat(b).toString('utf8');
      resolve({ exitCode, signal, stdout: decode(out), stderr: decode(err), error, timedOut });
    });
  });
}

/** `SIGKILL` → `Command was killed with SIGKILL (Forced termination)`-like text, short: `killed by SIGKILL`. */
export function signalText(signal: NodeJS.Signals | null): string {
  if (!signal) return 'ended without an exit code';
  const n = (constants.signals as Record<string, number>)[signal];
  return `killed by ${signal}${n ? ` (${128 + n})` : ''}`;
}
