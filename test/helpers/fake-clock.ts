/** Time and hand-offs under the test's control: a fake clock whose timers fire only when advanced, and deferreds. */

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
  /** Whether resolve or reject was called. */
  readonly settled: boolean;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve: (value: T) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  let settled = false;
  const promise = new Promise<T>((res, rej) => {
    resolve = (v) => {
      settled = true;
      res(v);
    };
    reject = (e) => {
      settled = true;
      rej(e);
    };
  });
  return {
    promise,
    resolve,
    reject,
    get settled() {
      return settled;
    },
  };
}

/** Lets every promise continuation queued so far (and the ones they queue) run: one macrotask turn. */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface FakeClock {
  now(): number;
  /** Resolves once the clock has been advanced `ms` past the moment of the call. */
  sleep(ms: number): Promise<void>;
  /** Calls `fn` once the clock reaches now + `ms`; returns a handle for `clear`. */
  setTimeout(fn: () => void, ms: number): number;
  setInterval(fn: () => void, ms: number): number;
  clear(handle: number): void;
  /** Moves time forward by `ms`, firing due timers in time order, each at its own time, settling promises between them. */
  advance(ms: number): Promise<void>;
  /** Timers and sleeps not yet fired. */
  pending(): number;
}

interface Timer {
  id: number;
  at: number;
  fn: () => void;
  everyMs: number | null;
}

export function fakeClock(startMs = 1_000_000): FakeClock {
  let now = startMs;
  let nextId = 1;
  const timers = new Map<number, Timer>();
  const add = (fn: () => void, ms: number, everyMs: number | null): number => {
    const id = nextId++;
    timers.set(id, { id, at: now + Math.max(0, ms), fn, everyMs });
    return id;
  };
  const due = (limit: number): Timer | undefined =>
    [...timers.values()].filter((t) => t.at <= limit).sort((a, b) => a.at - b.at || a.id - b.id)[0];
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((resolve) => void add(resolve, ms, null)),
    setTimeout: (fn, ms) => add(fn, ms, null),
    setInterval: (fn, ms) => add(fn, ms, Math.max(1, ms)),
    clear: (handle) => void timers.delete(handle),
    async advance(ms) {
      const target = now + ms;
      await flush();
      for (let t = due(target); t; t = due(target)) {
        now = t.at;
        if (t.everyMs === null) timers.delete(t.id);
        else t.at += t.everyMs;
        t.fn();
        await flush();
      }
      now = target;
    },
    pending: () => timers.size,
  };
}
