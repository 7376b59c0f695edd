/** A PtyFactory whose agents the test plays: it prints for them, ends them, reads what was typed; screens are real. */
import { Screen } from '../../src/adapters/pty.js';
import type { AgentProcess, PtyFactory, PtySpawnOptions } from '../../src/ports.js';

export interface FakeAgent extends AgentProcess {
  readonly argv: readonly string[];
  readonly options: PtySpawnOptions;
  /** Everything written to the agent (typed prompts, keys), in order. */
  readonly writes: string[];
  /** Sizes set with resize() while the agent lived, in order (a resize after its exit is ignored, as a real pty's is). */
  readonly resizes: { cols: number; rows: number }[];
  /** Signals sent with kill(), in order (undefined: the default). */
  readonly kills: (string | undefined)[];
  readonly exited: boolean;
  /** The agent prints `data`. */
  emit(data: string): void;
  /** The agent ends (a later emit or exit is an error: a test bug). */
  exit(code: number, signal?: number): void;
}

export interface FakePty extends PtyFactory {
  /** Every agent spawned, in order. */
  readonly spawned: FakeAgent[];
  /** The newest agent spawned for this worktree (cwd). */
  agentIn(cwd: string): FakeAgent | undefined;
  /** What kill(signal) does: by default nothing (the test ends the agent); `exitOnKill` ends it with 128 + n. */
  exitOnKill: boolean;
}

/**
 * Fake agents' pids start above Linux's largest pid_max (2^22): the engine still asks /proc and process.kill about
 * them (processStamp, endOrphans), and must find no process there rather than someone else's.
 */
export const FAKE_PID = 5_000_001;

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

export function fakePty(firstPid = FAKE_PID): FakePty {
  const spawned: FakeAgent[] = [];
  let pid = firstPid;
  const factory: FakePty = {
    spawned,
    exitOnKill: false,
    agentIn: (cwd) => spawned.findLast((a) => a.options.cwd === cwd),
    spawn(argv, options) {
      const data: ((d: string) => void)[] = [];
      const exits: ((code: number, signal: number | undefined) => void)[] = [];
      let exited = false;
      const agent: FakeAgent = {
        pid: pid++,
        argv: [...argv],
        options,
        writes: [],
        resizes: [],
        kills: [],
        get exited() {
          return exited;
        },
        write: (d) => void (exited || agent.writes.push(d)),
        resize: (cols, rows) => void (exited || agent.resizes.push({ cols, rows })),
        kill(signal) {
          agent.kills.push(signal);
          if (factory.exitOnKill && !exited) agent.exit(0, SIGNALS[signal ?? 'SIGHUP'] ?? 1);
        },
        onData: (cb) => void data.push(cb),
        onExit: (cb) => void exits.push(cb),
        emit(d) {
          if (exited) throw new Error(`fakePty: agent ${agent.pid} printed after it exited`);
          for (const cb of data) cb(d);
        },
        exit(code, signal) {
          if (exited) throw new Error(`fakePty: agent ${agent.pid} exited twice`);
          exited = true;
          for (const cb of exits) cb(code, signal);
        },
      };
      spawned.push(agent);
      return agent;
    },
    screen: (cols, rows) => new Screen(cols, rows),
  };
  return factory;
}
