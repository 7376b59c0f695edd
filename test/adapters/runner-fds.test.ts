/** Children of the runner hold no agent's pty master: a SIGKILLed mstui's agents get their hangup at once. */
import { describe, expect, it } from 'vitest';
import { type AgentProcess, createPtyFactory } from '../../src/adapters/pty.js';
import { createRunner, ptyMasterFds } from '../../src/adapters/runner.js';

const linux = process.platform === 'linux';

/** The targets of a process's descriptors, as read by the child itself. */
const FD_LINKS = 'for f in /proc/$$/fd/*; do echo "$f $(readlink "$f")"; done';

describe.runIf(linux)('runner and pty masters', () => {
  it('a command run while an agent runs inherits no /dev/ptmx; the agent still works', async () => {
    const agents: AgentProcess[] = [];
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    try {
      for (let i = 0; i < 2; i++) agents.push(createPtyFactory().spawn(['sleep', '300'], { cwd: process.cwd(), env, cols: 80, rows: 24 }));
      // The masters are open here, without close-on-exec (node-pty): without the runner's care, children get them.
      expect(ptyMasterFds().length).toBeGreaterThanOrEqual(2);
      const r = await createRunner().run('sh', ['-c', FD_LINKS]);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(/\/fd\/1 /);
      expect(r.stdout).not.toMatch(/ptmx/);
      // Input still reaches the child on stdin.
      expect((await createRunner().run('cat', [], { input: 'hello' })).stdout).toBe('hello');
    } finally {
      for (const a of agents) a.kill('SIGKILL');
    }
  });
});
