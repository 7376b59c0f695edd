/** How full a file system is (statfs). */
import { statfsSync } from 'node:fs';
import type { DiskUsage } from '../ports.js';

export const diskUsage: DiskUsage = (path) => {
  try {
    const s = statfsSync(path);
    if (s.blocks === 0) return null;
    return { percent: Math.round((1 - s.bavail / s.blocks) * 100), path, freeBytes: s.bavail * s.bsize };
  } catch {
    return null;
  }
};
