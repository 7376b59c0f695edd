/** The CLI wires the real adapters into the engine's ports: the one place that knows both. */
import { setTimeout as sleep } from 'node:timers/promises';
import { diskUsage } from '../adapters/disk.js';
import { createFileWatch } from '../adapters/file-watch.js';
import { folderSize } from '../adapters/folder-size.js';
import { createGitHub } from '../adapters/github.js';
import { createHookInbox } from '../adapters/hook-inbox.js';
import { createPtyFactory } from '../adapters/pty.js';
import type { EngineDeps, ReviewSetup } from '../engine/setup.js';
import type { Git, GitHub, PlanFiles, Runner, Store, Timers } from '../ports.js';

const realTimers: Timers = {
  every(ms, fn) {
    const t = setInterval(fn, ms);
    t.unref();
    return () => clearInterval(t);
  },
};

const unrefSleep = (ms: number) => sleep(ms, undefined, { ref: false });

export function engineDeps(o: {
  runner: Runner;
  git: Git;
  files: PlanFiles;
  store: Store;
  review: ReviewSetup;
  now: () => number;
}): EngineDeps {
  return {
    runner: o.runner,
    git: o.git,
    files: o.files,
    pty: createPtyFactory(),
    store: o.store,
    github: githubFor(o.runner, o.review),
    hookInbox: createHookInbox(),
    watch: createFileWatch(),
    timers: realTimers,
    disk: diskUsage,
    folderSize: folderSize(o.runner),
    now: o.now,
    sleep: unrefSleep,
  };
}

/** Network or API errors of a gh call are retried 4 times, waiting like the checks poll does (doubling, capped). */
export function githubFor(runner: Runner, review: Pick<ReviewSetup, 'pollMs' | 'pollMaxMs'>): GitHub {
  const delays = [1, 2, 4, 8].map((f) => Math.min(review.pollMs * f, review.pollMaxMs));
  return createGitHub(runner, { retryDelaysMs: delays, sleep: unrefSleep });
}
