/** One mstui per repo: a lock file holding the owner's pid; a dead owner's lock is replaced. */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

export class LockedError extends Error {
  readonly exitCode = 2;
  constructor(readonly pid: number) {
    super(`another mstui (pid ${pid}) is already running in this repository; attach to it or stop it first`);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireLock(path: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) throw new LockedError(pid);
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not take the lock ${path}`);
}

/** What tells a process apart from a later one with its pid (Linux /proc/<pid>/stat). */
export interface ProcessStamp {
  /** Field 22: start time in clock ticks after boot. */
  startTicks: number;
  /** Field 5: the process group; an agent is a session leader, its group id is its pid. */
  pgid: number;
}

/** The stamp of a live process, or null (gone, or no /proc: not Linux). */
export function processStamp(pid: number): ProcessStamp | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces and parentheses: fields count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTicks = Number(fields[22 - 3]);
  const pgid = Number(fields[5 - 3]);
  return Number.isInteger(startTicks) && Number.isInteger(pgid) ? { startTicks, pgid } : null;
}

export interface OrphanAgent {
  task: string;
  pid: number | null;
  startTicks: number | null;
}

/**
 * Agents of an earlier mstui that died without ending them: SIGTERM to their process group, then SIGKILL after
 * `graceMs`. Only a process proven to be that agent is signalled: the same start time as recorded and its own process
 * group. A pid now used by another process (after a reboot or a long pause) is left alone, with a warning.
 */
export async function endOrphans(agents: OrphanAgent[], warn: (message: string) => void, graceMs = 3000): Promise<void> {
  for (const { task, pid, startTicks } of agents) {
    if (!pid || !isAlive(pid)) continue;
    const stamp = processStamp(pid);
    if (startTicks === null || stamp?.startTicks !== startTicks || stamp.pgid !== pid) {
      const why = startTicks === null || !stamp ? 'its start time cannot be compared' : 'it is another process now';
      warn(`left pid ${pid} alone: it was ${task}'s agent in an earlier mstui, but ${why}; end that agent yourself if it still runs`);
      continue;
    }
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      continue;
    }
    const deadline = Date.now() + graceMs;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    try {
      if (isAlive(pid)) process.kill(-pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

/** An agent ended: its pid is no longer one to end on resume. Its exit may come after the store closed (shutdown). */
export function forgetAgent(
  store: { clearAgent(runId: number, task: string, pid: number): void },
  runId: number,
  task: string,
  pid: number,
): void {
  try {
    store.clearAgent(runId, task, pid);
  } catch {
    // the store is closed: the run is over, the next resume finds the pid gone or not this agent
  }
}
