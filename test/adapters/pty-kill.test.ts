/** The pty adapter signals the agent's whole process group (what the agent started goes too), and nothing after it exited. */
import { describe, expect, it } from 'vitest';
import { createPtyFactory } from '../../src/adapters/pty.js';
import { waitFor } from '../helpers/wait-for.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('pty kill', () => {
  it('SIGTERM reaches a child that ignores the hangup (as Gemini CLI’s node child does)', async () => {
    const proc = createPtyFactory().spawn(['sh', '-c', '(trap "" HUP; exec sleep 300) & echo "child=$!"; wait'], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      cols: 80,
      rows: 24,
    });
    let out = '';
    proc.onData((d) => {
      out += d;
    });
    const exited = new Promise<number>((r) => proc.onExit((code) => r(code)));
    const child = Number(
      (
        await waitFor(
          () => /child=(\d+)/.exec(out),
          5000,
          () => out,
        )
      )[1],
    );
    expect(alive(child)).toBe(true);
    proc.kill('SIGTERM');
    await exited;
    await waitFor(() => !alive(child), 5000, `child ${child} still alive`);
    // After the exit, kill is a no-op: the pid may belong to someone else by now.
    expect(() => proc.kill('SIGKILL')).not.toThrow();
  });
});
