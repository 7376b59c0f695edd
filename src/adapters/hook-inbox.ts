/**
 * Durable, cheap hook delivery: the hook command is a shell one-liner that appends the hook's
 * JSON to a per-task file (no Node start-up per event). mstui reads complete lines from a stored
 * offset, so events written while mstui was down are read after a restart.
 */
import { open, stat } from 'node:fs/promises';
import type { HookBatch, HookInbox } from '../ports.js';

export { hookCommand, shellQuote } from '../core/agent/hook-command.js';
export type { HookBatch } from '../ports.js';

/** The real hook inbox: the files on disk. */
export function createHookInbox(): HookInbox {
  return {
    read: readHooks,
    size: async (file) => {
      try {
        return (await stat(file)).size;
      } catch {
        return 0;
      }
    },
  };
}

/** Complete JSON lines after `offset`; a partial last line is left for the next read. */
export async function readHooks(file: string, offset: number): Promise<HookBatch> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(file, 'r');
  } catch {
    return { records: [], offset };
  }
  try {
    const { size } = await fh.stat();
    if (size <= offset) return { records: [], offset };
    const buf = Buffer.alloc(size - offset);
    await fh.read(buf, 0, buf.length, offset);
    const records: HookBatch['records'] = [];
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      if (buf[i] !== 0x0a) continue;
      const line = buf.subarray(start, i).toString('utf8').trim();
      start = i + 1;
      if (!line) continue;
      const rec = parseLine(line);
      if (rec) records.push({ record: rec, end: offset + start });
    }
    return { records, offset: offset + start };
  } finally {
    await fh.close();
  }
}

/** Braces tried as a record's start in one malformed line: bounds the work a hostile line can cause. */
export const MAX_PARSE_TRIES = 64;

/**
 * One hook line as an object. A torn fragment (an agent killed mid-append by a hook command older than this one)
 * with a whole record appended onto it is read from the record's first `{`; anything else malformed is skipped.
 */
export function parseLine(line: string): Record<string, unknown> | null {
  let tries = 0;
  for (let at = line.indexOf('{'); at !== -1 && tries++ < MAX_PARSE_TRIES; at = line.indexOf('{', at + 1)) {
    try {
      const rec = JSON.parse(line.slice(at)) as unknown;
      if (rec && typeof rec === 'object' && !Array.isArray(rec)) return rec as Record<string, unknown>;
    } catch {
      // not a record from here: try the next brace
    }
  }
  return null;
}
