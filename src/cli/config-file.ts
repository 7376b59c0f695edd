/** Reads `.mstui.json` for the commands that read it synchronously (doctor, clean): what the run's file port refuses, refused here too. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_INPUT_FILE_BYTES } from '../adapters/plan-files.js';
import { UsageError } from './errors.js';

/** The text of `<repo>/.mstui.json`, or null when there is none; a directory or a file over 10 MB is a UsageError. */
export function readConfigFile(repo: string): string | null {
  const path = join(repo, '.mstui.json');
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return null;
  if (!st.isFile())
    throw new UsageError(
      `${path} is ${st.isDirectory() ? 'a directory' : 'not a regular file'}: expected a text file (a plan, a handoff or .mstui.json)`,
    );
  if (st.size > MAX_INPUT_FILE_BYTES)
    throw new UsageError(`${path} is ${(st.size / 1024 / 1024).toFixed(1)} MB: files over 10 MB are not read (is it the right file?)`);
  return readFileSync(path, 'utf8');
}
