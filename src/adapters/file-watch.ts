/**
 * File watching: chokidar (inotify on Linux) for folders other programs write into, the kernel's own events through
 * `fs.watch` for the hook folder; the engine backs both with a poll, since events can be lost.
 */
import { watch as nativeWatch } from 'node:fs';
import { join } from 'node:path';
import { watch } from 'chokidar';
import type { FileWatch, Watching } from '../ports.js';

export function createFileWatch(): FileWatch {
  return {
    watch(dir, onChange) {
      const w = watch(dir, { depth: 0, ignoreInitial: false });
      w.on('all', (_kind, path) => onChange(path));
      // A watcher error (too many watches, a folder removed) loses events the engine's poll still catches.
      w.on('error', () => {});
      return new Promise<Watching>((resolve) => w.once('ready', () => resolve({ close: () => w.close() })));
    },
    // chokidar drops a file's events within 5 ms of the one before and stats before it reports: a hook line written
    // right after another waited for the poll. fs.watch hands on every inotify event as it comes.
    async watchAppends(dir, onChange) {
      try {
        const w = nativeWatch(dir, { persistent: false }, (_kind, name) => {
          if (name) onChange(join(dir, name.toString()));
        });
        w.on('error', () => {});
        return { close: async () => w.close() };
      } catch {
        // No such folder, or no watches left: the engine's poll reads the files.
        return { close: async () => {} };
      }
    },
  };
}
