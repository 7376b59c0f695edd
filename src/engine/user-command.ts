/** The user's own configured commands (test, quality, ci, pre-merge, integration): `sh -c`, logged, tail kept. */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Runner } from '../ports.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './layout.js';

/** Lines of command output kept for the retry prompt, the failure file and the report. */
export const OUTPUT_TAIL_LINES = 60;

export const tail = (text: string, n = OUTPUT_TAIL_LINES): string => text.trimEnd().split('\n').slice(-n).join('\n');

/** `sh -c command` in `cwd` (the one place a shell is used: the command is the user's), its output appended to `log`. */
export async function runLogged(runner: Runner, cwd: string, command: string, log: string, label: string, timeoutMs: number) {
  await mkdir(dirname(log), { recursive: true, mode: PRIVATE_DIR_MODE });
  await appendFile(log, `\n[mstui] ${label}: sh -c ${JSON.stringify(command)}\n`, { mode: PRIVATE_FILE_MODE });
  const r = await runner.run('sh', ['-c', command], { cwd, timeoutMs, group: true });
  const output = `${r.stdout}${r.stderr}`;
  await appendFile(log, output);
  return { exitCode: r.exitCode, output };
}
