/**
 * Durable, cheap hook delivery: the hook command is a shell one-liner that appends the hook's
 * JSON to a per-task file (no Node start-up per event). mstui reads complete lines from a stored
 * offset, so events written while mstui was down are read after a restart.
 */
import { open } from 'node:fs/promises';

/** Single-quote a path for the agent's `sh -c` hook command. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function hookCommand(file: string): string {
  return `{ cat; echo; } >> ${shellQuote(file)}`;
}

export interface HookBatch {
  records: { record: Record<string, unknown>; end: number }[];
  offset: number;
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
      try {
        const rec = JSON.parse(line) as unknown;
        if (rec && typeof rec === 'object') records.push({ record: rec as Record<string, unknown>, end: offset + start });
      } catch {
        // a malformed line is skipped, never fatal
      }
    }
    return { records, offset: offset + start };
  } finally {
    await fh.close();
  }
}
