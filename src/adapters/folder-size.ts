/** A folder's size with `du -sk` (a child process through the runner, argv only): symlinks are not followed. */
import type { FolderSize, Runner } from '../ports.js';

const DU_TIMEOUT_MS = 60_000;

export function folderSize(runner: Runner): FolderSize {
  return async (path) => {
    try {
      const r = await runner.run('du', ['-sk', path], { timeoutMs: DU_TIMEOUT_MS });
      const kib = Number.parseInt(r.stdout, 10);
      return r.exitCode === 0 && Number.isFinite(kib) && kib >= 0 ? kib : null;
    } catch {
      return null;
    }
  };
}
