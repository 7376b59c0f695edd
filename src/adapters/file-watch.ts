/** File watching with chokidar (inotify on Linux); the engine backs it with a poll, since events can be lost. */
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
  };
}
