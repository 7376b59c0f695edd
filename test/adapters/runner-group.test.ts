/** A user's command that times out is ended with everything it started (its process group), not just `sh`. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRunner } from '../../src/adapters/runner.js';
import { CommandError } from '../../src/ports.js';
import { waitFor } from '../helpers/wait-for.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const dirs: string[] = [];
const strays: number[] = [];
afterEach(() => {
  for (const pid of strays.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** `sh -c` that starts a long sleep in the background, writes its pid, and waits on it. */
function grandchildScript(dir: string): string {
  return `sleep 30 & echo $! > ${join(dir, 'pid')}; wait`;
}

describe('runner: group commands', () => {
  it('a timeout ends the command’s whole process group (the background sleep too)', { timeout: 20_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mstui-group-'));
    dirs.push(dir);
    const err = await createRunner()
      .run('sh', ['-c', grandchildScript(dir)], { timeoutMs: 500, group: true })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect((err as CommandError).code).toBe('timeout');
    const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    strays.push(pid);
    expect(pid).toBeGreaterThan(1);
    await waitFor(() => !alive(pid), 5000, `the background sleep (pid ${pid}) outlived its timed-out command`);
  });

  it('a group command that ends normally returns its output and exit code', async () => {
    const r = await createRunner().run('sh', ['-c', 'echo out; echo err >&2; exit 3'], { group: true });
    expect(r).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
  });
});
