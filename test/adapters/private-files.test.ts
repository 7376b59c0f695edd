/** State that holds agents' prompts and screens is owner-only: the SQLite store and the hook files. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hookCommand } from '../../src/adapters/hook-inbox.js';
import { openStore } from '../../src/adapters/store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'mstui-private-'));
  dirs.push(d);
  return d;
};
const mode = (p: string) => statSync(p).mode & 0o777;

describe('owner-only state files', () => {
  it('state.db and its WAL are 0600, also when an older 0644 database is opened', () => {
    const dir = temp();
    const fresh = join(dir, 'state.db');
    const store = openStore(fresh);
    store.createRun('M1', 'plans/M1.md', 'main', 1);
    expect(mode(fresh)).toBe(0o600);
    expect(mode(`${fresh}-wal`)).toBe(0o600);
    const old = join(dir, 'old.db');
    writeFileSync(old, '', { mode: 0o644 });
    openStore(old);
    expect(mode(old)).toBe(0o600);
  });

  it('a hook file created by the hook command is 0600 whatever the umask of the agent', () => {
    const file = join(temp(), '1.1.jsonl');
    execFileSync('sh', ['-c', `umask 022; ${hookCommand(file)}`], { input: '{"hook_event_name":"Stop"}' });
    expect(mode(file)).toBe(0o600);
  });
});
