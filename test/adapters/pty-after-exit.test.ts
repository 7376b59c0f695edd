/**
 * A real pty whose process ends while mstui still writes to it and resizes it (an attached client's keys and window
 * size, on their own schedule): nothing may throw, synchronously or later from node-pty's socket.
 */
import { describe, expect, it } from 'vitest';
import { createPtyFactory } from '../../src/adapters/pty.js';

describe('pty after its process exits', () => {
  it('writes and resizes as the process ends, and after, are no-ops', async () => {
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    try {
      for (let i = 0; i < 5; i++) {
        const proc = createPtyFactory().spawn(['sh', '-c', 'exit 0'], {
          cwd: process.cwd(),
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
          cols: 80,
          rows: 24,
        });
        let ended = false;
        const exited = new Promise<void>((r) =>
          proc.onExit(() => {
            ended = true;
            r();
          }),
        );
        // Through the exit: the process is gone before node-pty reports it, so some of these land in that gap.
        const hammer = setInterval(() => {
          proc.write('keys\r');
          proc.resize(100 + (Date.now() % 50), 30);
        }, 1);
        await exited;
        clearInterval(hammer);
        expect(ended).toBe(true);
        proc.write('late');
        proc.resize(90, 20);
        proc.kill();
      }
      // node-pty reports a failed write on its socket a moment later: give it the turn of the event loop it needs.
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(errors).toEqual([]);
  });
});
