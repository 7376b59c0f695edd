/**
 * How full a file system is (statfs), as `df` counts it: used / (used + available to users), rounded up. Blocks
 * reserved for root (or held back by the file system, like this machine's 70 %) are neither: counting them as used
 * made a run report 69 % where `df` and `mstui doctor` said 24 %. One figure for the run's watchdog and doctor.
 */
import { statfsSync } from 'node:fs';
import type { DiskUsage } from '../ports.js';

export const diskUsage: DiskUsage = (path) => {
  try {
    const s = statfsSync(path);
    if (s.blocks === 0) return null;
    const used = s.blocks - s.bfree;
    const percent = used + s.bavail > 0 ? Math.ceil((used / (used + s.bavail)) * 100) : 0;
    return { percent, path, freeBytes: s.bavail * s.bsize };
  } catch {
    return null;
  }
};
