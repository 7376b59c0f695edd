import { readdir, readFile, stat } from 'node:fs/promises';
import type { PlanFiles } from '../ports.js';

export function createPlanFiles(): PlanFiles {
  return {
    async read(path) {
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

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
