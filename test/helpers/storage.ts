/**
 * Real storage faults for tests: a small tmpfs to fill (a full disk), and immutable files (read-only, even for
 * root). Each says why it cannot be had here, for `it.skipIf` and its reason.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const why = (e: unknown) => ((e as { stderr?: Buffer }).stderr?.toString().trim() || (e as Error).message).split('\n')[0];

export interface Tmpfs {
  dir: string;
  unmount(): void;
}

/** Mounts a tmpfs of `sizeMiB` on a new temp folder; a string (the reason) when this machine does not allow it. */
export function mountTmpfs(sizeMiB: number): Tmpfs | string {
  const dir = mkdtempSync(join(tmpdir(), 'mstui-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs here (${why(e)}): needs root or CAP_SYS_ADMIN`;
  }
  return {
    dir,
    unmount() {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Fills the file system holding `dir` (a file `name` there) until fewer than `leaveBytes` are free. */
export function fill(dir: string, name: string, leaveBytes = 0): string {
  const path = join(dir, name);
  const s = statfsSync(dir);
  const size = Math.max(0, s.bavail * s.bsize - leaveBytes);
  try {
    writeFileSync(path, Buffer.alloc(size));
  } catch {
    // ENOSPC: full, which is the point (the file keeps what was written)
  }
  return path;
}

/**
 * Makes files read-only for their open connections too: `chattr +i` (immutable, which root cannot write either).
 * Returns a function that undoes it.
 */
export function makeImmutable(paths: string[]): () => void {
  execFileSync('chattr', ['+i', ...paths], { stdio: 'pipe' });
  return () => execFileSync('chattr', ['-i', ...paths], { stdio: 'pipe' });
}

/** null when `chattr +i` works on files in `dir`'s file system; else why not. */
export function immutableFilesUnsupported(dir = tmpdir()): string | null {
  const probe = mkdtempSync(join(dir, 'mstui-chattr-'));
  const file = join(probe, 'f');
  writeFileSync(file, '');
  try {
    makeImmutable([file])();
    return null;
  } catch (e) {
    return `cannot make a file immutable here (chattr +i: ${why(e)}): needs root and a file system with attributes`;
  } finally {
    chmodSync(file, 0o600);
    rmSync(probe, { recursive: true, force: true });
  }
}
