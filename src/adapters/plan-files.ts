import { readdir, readFile, stat } from 'node:fs/promises';
import type { PlanFiles } from '../ports.js';

/** Plans, handoffs and `.mstui.json` are text a human wrote: anything larger is a mistake (`/dev/zero`, a log). */
export const MAX_INPUT_FILE_BYTES = 10 * 1024 * 1024;

/** An input file mstui refuses to read. Exit code 2: bad input, nothing written. */
export class InputFileError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly code: 'not-a-file' | 'too-large',
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'InputFileError';
  }
}

export function createPlanFiles(): PlanFiles {
  return {
    /** Stats before reading: a directory, a device or a FIFO is refused, and so is a file over MAX_INPUT_FILE_BYTES. */
    async read(path) {
      let size: number;
      try {
        const st = await stat(path);
        if (!st.isFile()) {
          throw new InputFileError('not-a-file', path, `${path} is ${kindOf(st)}: expected a text file (a plan, a handoff or .mstui.json)`);
        }
        size = st.size;
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
      if (size > MAX_INPUT_FILE_BYTES) {
        const mb = (size / 1024 / 1024).toFixed(1);
        throw new InputFileError('too-large', path, `${path} is ${mb} MB: files over 10 MB are not read (is it the right file?)`);
      }
      try {
        return await readFile(path, 'utf8');
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
    },
    async list(dir) {
      try {
        return await readdir(dir);
      } catch (e) {
        if (isMissing(e)) return [];
        throw e;
      }
    },
    async isDirectory(path) {
      try {
        return (await stat(path)).isDirectory();
      } catch {
        return false;
      }
    },
    async exists(path) {
      try {
        await stat(path);
        return true;
      } catch {
        return false;
      }
    },
  };
}

function kindOf(st: {
  isDirectory(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
}): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
