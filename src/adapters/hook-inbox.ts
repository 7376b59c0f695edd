/**
 * Durable, cheap hook delivery: the hook command is a shell one-liner that appends the hook's
 * JSON to a per-task file (no Node start-up per event). mstui reads complete lines from a stored
 * offset, so events written while mstui was down are read after a restart.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { HookBatch, HookInbox } from '../ports.js';

export { hookCommand, shellQuote } from '../core/agent/hook-command.js';
export type { HookBatch } from '../ports.js';

/** The real hook inbox: the files on disk. */
export function createHookInbox(): HookInbox {
  return {
    read: readHooks,
    sizes: hookSizes,
  };
}

async function hookSizes(files: readonly string[]): Promise<Map<string, number>> {
  const listed = new Map<string, Promise<Set<string>>>();
  const list = (dir: string) =>
    listed.get(dir) ??
    listed
      .set(
        dir,
        readdir(dir).then(
          (names) => new Set(names),
          () => new Set<string>(),
        ),
      )
      .get(dir);
  const sizes = new Map<string, number>();
  await Promise.all(
    files.map(async (file) => {
      if (!(await list(dirname(file)))?.has(basename(file))) return;
      const size = await stat(file).then(
        (s) => s.size,
        () => null,
      );
      if (size !== null) sizes.set(file, size);
    }),
  );
  return sizes;
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
