/** The user's own configured commands (test, quality, ci, pre-merge, integration): `sh -c`, logged, tail kept. */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Runner } from '../ports.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './layout.js';

/** Lines of command output kept for the retry prompt, the failure file and the report. */
export const OUTPUT_TAIL_LINES = 60;

export const tail = (text: string, n = OUTPUT_TAIL_LINES): string => text.trimEnd().split('\n').slice(-n).join('\n');

/** What a command gets besides its text: arguments (`sh -c command sh ARGS…`, its "$@") and environment variables. */
export interface CommandInput {
  args?: readonly string[];
  env?: Record<string, string>;
}

/** `sh -c command` in `cwd` (the one place a shell is used: the command is the user's), its output appended to `log`. */
export async function runLogged(
  runner: Runner,
  cwd: string,
  command: string,
  log: string,
  label: string,
  timeoutMs: number,
  input: CommandInput = {},
) {
  await mkdir(dirname(log), { recursive: true, mode: PRIVATE_DIR_MODE });
  const args = input.args?.length ? ['sh', ...input.args] : [];
  const shown = args.length ? ` ${args.map((a) => JSON.stringify(a)).join(' ')}` : '';
  await appendFile(log, `\n[mstui] ${label}: sh -c ${JSON.stringify(command)}${shown}\n`, { mode: PRIVATE_FILE_MODE });
  const r = await runner.run('sh', ['-c', command, ...args], { cwd, timeoutMs, group: true, ...(input.env ? { env: input.env } : {}) });
  const output = `${r.stdout}${r.stderr}`;
  await appendFile(log, output);
  return { exitCode: r.exitCode, output };
}
