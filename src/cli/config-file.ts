/** `.mstui.json`: the one way every command reads and validates it (run, doctor, clean, report). */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_INPUT_FILE_BYTES } from '../adapters/plan-files.js';
import { type AgentProfile, type Config, parseConfig } from '../core/config.js';
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

/** The repository's configuration (defaults when there is no file); a broken file is a UsageError naming the problem. */
export type LoadedConfig = Config & { profile: AgentProfile };

export function loadConfig(repo: string): LoadedConfig {
  const parsed = parseConfig(readConfigFile(repo), '.mstui.json');
  if (!parsed.ok) throw new UsageError(parsed.error);
  return parsed.value;
}

/** For read-only commands (a report): a broken `.mstui.json` is a warning, and the defaults are used. */
export function loadConfigOrDefaults(repo: string, warn: (message: string) => void): LoadedConfig {
  try {
    return loadConfig(repo);
  } catch (e) {
    warn(`${(e as Error).message}; using the defaults`);
    const defaults = parseConfig(null, '.mstui.json');
    if (!defaults.ok) throw new Error(defaults.error);
    return defaults.value;
  }
}
