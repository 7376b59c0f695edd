/**
 * A Runner that knows which commands a test expects (as lazygit's fake command runner does): each call must match
 * an expectation, which answers it; anything else throws, naming what was expected. `assertDone` fails when an
 * expectation was never used, or when an unexpected call happened (even if the code under test caught the throw).
 */
import type { Runner, RunOptions, RunResult } from '../../src/ports.js';

export interface Expectation {
  command: string;
  /** The exact arguments, or a predicate over them. */
  args: readonly string[] | ((args: readonly string[]) => boolean);
  /** When given, the call's cwd must be exactly this. */
  cwd?: string;
  /** The answer: a result (missing fields default to exit 0 and empty output), or a function (may block, may throw). */
  result?: Partial<RunResult> | ((call: RecordedCall) => Partial<RunResult> | Promise<Partial<RunResult>>);
}

export interface RecordedCall {
  command: string;
  args: readonly string[];
  options: RunOptions | undefined;
}

export interface RecordingRunner extends Runner {
  /** Every call, in order, expected or not. */
  readonly calls: RecordedCall[];
  /** Messages of the calls that matched no expectation. */
  readonly unexpected: string[];
  /** Adds expectations after the ones given so far. */
  expect(...more: Expectation[]): void;
  /** Fails when an expectation is left unused or an unexpected call happened. */
  assertDone(): void;
}

/** `sh -c <command>` in `cwd`: how the engine runs a user's configured command. */
export function shell(command: string, cwd: string, result?: Expectation['result']): Expectation {
  return { command: 'sh', args: ['-c', command], cwd, ...(result === undefined ? {} : { result }) };
}

const describe = (e: Expectation): string =>
  `${e.command} ${typeof e.args === 'function' ? `<args matching ${e.args.name || 'a predicate'}>` : JSON.stringify(e.args)}${
    e.cwd === undefined ? '' : ` in ${e.cwd}`
  }`;

const matches = (e: Expectation, command: string, args: readonly string[], options: RunOptions | undefined): boolean =>
  e.command === command &&
  (typeof e.args === 'function' ? e.args(args) : e.args.length === args.length && e.args.every((a, i) => a === args[i])) &&
  (e.cwd === undefined || e.cwd === options?.cwd);

/**
 * `ordered` (default): each call must match the first unused expectation. Otherwise any unused expectation that
 * matches answers it (the first one, in the order given).
 */
export function recordingRunner(expectations: Expectation[] = [], opts: { ordered?: boolean } = {}): RecordingRunner {
  const ordered = opts.ordered ?? true;
  const queue = [...expectations];
  const calls: RecordedCall[] = [];
  const unexpected: string[] = [];
  return {
    calls,
    unexpected,
    expect: (...more) => void queue.push(...more),
    async run(command, args, options) {
      const call: RecordedCall = { command, args: [...args], options };
      calls.push(call);
      const at = ordered
        ? queue[0] && matches(queue[0], command, args, options)
          ? 0
          : -1
        : queue.findIndex((e) => matches(e, command, args, options));
      const e = queue[at];
      if (at === -1 || !e) {
        const got = `${command} ${JSON.stringify(args)} in ${options?.cwd ?? '(no cwd)'}`;
        const wanted =
          queue.length === 0 ? 'no more commands' : ordered ? describe(queue[0] as Expectation) : queue.map(describe).join('\n  ');
        const message = `unexpected command: ${got}\nexpected${ordered ? ' next' : ' one of'}: ${wanted}`;
        unexpected.push(message);
        throw new Error(message);
      }
      queue.splice(at, 1);
      const r = typeof e.result === 'function' ? await e.result(call) : (e.result ?? {});
      return { exitCode: r.exitCode ?? 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
    },
    assertDone() {
      const problems = [
        ...unexpected,
        ...(queue.length > 0 ? [`expected commands that never ran:\n  ${queue.map(describe).join('\n  ')}`] : []),
      ];
      if (problems.length > 0) throw new Error(problems.join('\n'));
    },
  };
}
