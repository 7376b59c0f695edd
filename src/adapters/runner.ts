/**
 * The one process runner: argv arrays, typed errors, no shell. A user's command (`group`) runs with execa in a process
 * group of its own; quick programs (git, du, tmux, gh) with Node's spawn: execa costs 1.6× a bare spawn's CPU in
 * mstui's process per call (bench/runner.ts), and a task runs some fifteen such programs.
 */
import { type SpawnOptions, spawn } from 'node:child_process';
import { openSync, readdirSync, readlinkSync } from 'node:fs';
import { constants } from 'node:os';
import type { Options } from 'execa';
import { CommandError, type Runner, type RunOptions, type RunResult } from '../ports.js';

export { CommandError };

/** execa and its ~100 files load on the first user command (a process group), not at start or for git. */
let execaModule: Promise<typeof import('execa')> | undefined;
const loadExeca = () => {
  execaModule ??= import('execa');
  return execaModule;
};

/** Non-zero exits are results, not exceptions; a missing program or a timeout throws CommandError. */
export function createRunner(): Runner {
  let nulFd: number | null = null;
  // Opened on first use, close-on-exec like every descriptor Node opens itself; kept for the runner's life.
  const nul = () => {
    nulFd ??= openSync('/dev/null', 'r');
    return nulFd;
  };
  return {
    run: (command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> =>
      options.group ? grouped(command, args, options, nul) : quick(command, args, options, nul),
  };
}

const timeoutError = (argv: string[], limit: number, cause: unknown) =>
  new CommandError('timeout', argv, `${showArgv(argv)} timed out after ${showDuration(limit)}`, cause, limit);
const missingError = (argv: string[], cause: unknown) =>
  new CommandError('missing-command', argv, `${argv[0]} is not installed or not on PATH`, cause);

/** A user's command: execa, in a process group of its own that a timeout (ours) and mstui's exit end whole. */
async function grouped(command: string, args: readonly string[], options: RunOptions, nul: () => number): Promise<RunResult> {
  const argv = [command, ...args];
  try {
    const { execa } = await loadExeca();
    const child = execa(command, [...args], {
      cwd: options.cwd,
      env: options.env,
      extendEnv: !options.replaceEnv,
      input: options.input,
      stdio: childStdio(options.input === undefined ? 'ignore' : 'pipe', nul),
      // The timeout is ours (below): execa's would end `sh` alone, and a child holding the output pipe would keep
      // the command "running" for as long as it lives.
      reject: false,
      stripFinalNewline: false,
      encoding: 'utf8',
      detached: true,
    });
    const group = child.pid ?? null;
    let groupTimedOut = false;
    let timer: NodeJS.Timeout | undefined;
    if (group !== null) {
      ensureExitHook();
      liveGroups.add(group);
      if (options.timeoutMs !== undefined)
        timer = setTimeout(() => {
          groupTimedOut = true;
          endGroup(group);
        }, options.timeoutMs);
    }
    const r = await child;
    if (group !== null) {
      clearTimeout(timer);
      liveGroups.delete(group);
    }
    if (groupTimedOut) throw timeoutError(argv, options.timeoutMs ?? 0, r.cause);
    if ((r.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw missingError(argv, r.cause);
    if (r.exitCode === undefined) {
      throw new CommandError('spawn-failed', argv, `${command} could not be started: ${r.shortMessage}`, r.cause);
    }
    return { exitCode: r.exitCode, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
  } catch (e) {
    if (e instanceof CommandError) throw e;
    throw new CommandError('spawn-failed', argv, `${command} could not be started: ${(e as Error).message}`, e);
  }
}

/** A program outside a process group: Node's spawn, the same results and errors as the execa path. */
async function quick(command: string, args: readonly string[], options: RunOptions, nul: () => number): Promise<RunResult> {
  const argv = [command, ...args];
  const stdio = childStdio(options.input === undefined ? 'ignore' : 'pipe', nul) as SpawnOptions['stdio'];
  const env = childEnv(options.env, !!options.replaceEnv);
  const r = await spawnCapture(command, args, { cwd: options.cwd, env, input: options.input, timeoutMs: options.timeoutMs, stdio });
  if (r.timedOut) throw timeoutError(argv, options.timeoutMs ?? 0, r.error);
  if (r.error?.code === 'ENOENT') throw missingError(argv, r.error);
  if (r.error) throw new CommandError('spawn-failed', argv, `${command} could not be started: ${r.error.message}`, r.error);
  if (r.exitCode === null) throw new CommandError('spawn-failed', argv, `${showArgv(argv)} was ${signalText(r.signal)}`);
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/** Process groups of running `group` commands: ended with mstui, however it exits. */
const liveGroups = new Set<number>();
let exitHook = false;

function killGroup(pgid: number, signal: NodeJS.Signals = 'SIGKILL'): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // the group is empty already
  }
}

/** SIGTERM to the whole group (a test server may clean up), SIGKILL to what is left 2 s later. */
function endGroup(pgid: number): void {
  if (killGroup(pgid, 'SIGTERM')) setTimeout(() => killGroup(pgid), 2000).unref();
}

/** Registered once: on exit, every group still running is ended (a timeout or signal reached only mstui). */
function ensureExitHook(): void {
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const g of liveGroups) killGroup(g);
  });
}

/** An argv as a reader would type it: arguments with spaces or quotes JSON-quoted (`sh -c "npm test"`). */
export function showArgv(argv: readonly string[]): string {
  return argv.map((a) => (a === '' || /[\s"'\\$`]/.test(a) ? JSON.stringify(a) : a)).join(' ');
}

/** `1800000` → `30 min`, `90000` → `90 s`, `250` → `250 ms`. */
export function showDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/**
 * A child's stdio, with /dev/null in place of every pty master this process holds. node-pty opens the agents' masters
 * without close-on-exec: a gate command or git would inherit them and keep the agents' terminals open (the agents
 * alive) after mstui is SIGKILLed, for as long as that command runs.
 */
export function childStdio(stdin: 'ignore' | 'pipe', nul: () => number): Options['stdio'] {
  const extra: ('ignore' | number)[] = [];
  for (const fd of ptyMasterFds()) {
    while (extra.length < fd - 3) extra.push('ignore');
    extra[fd - 3] = nul();
  }
  // execa hands a descriptor number at index 3 and beyond to the child as is (tested), though its types leave it out.
  return [stdin, 'pipe', 'pipe', ...extra] as unknown as Options['stdio'];
}

/** This process's open pty masters (links to `/dev/ptmx` or `/dev/pts/ptmx`); none where there is no /proc. */
export function ptyMasterFds(dir = '/proc/self/fd'): number[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map(Number)
    .filter((fd) => {
      try {
        return fd > 2 && /\/ptmx$/.test(readlinkSync(`${dir}/${fd}`));
      } catch {
        return false;
      }
    })
    .sort((a, b) => a - b);
}

// ── quick programs: Node's spawn, output captured whole ──────────────────────────────────────────────────────

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
