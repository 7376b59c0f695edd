/** Quick programs (no process group) run with Node's spawn: the same results and typed errors as the execa path. */
import { describe, expect, it } from 'vitest';
import { createRunner } from '../../src/adapters/runner.js';
import { CommandError } from '../../src/ports.js';

const runner = createRunner();
const failure = (p: Promise<unknown>) => p.then(() => null).catch((e: unknown) => e as CommandError);

describe('runner: quick programs', () => {
  it('returns stdout, stderr and a non-zero exit code as a result (nothing trimmed)', async () => {
    const r = await runner.run('sh', ['-c', 'printf "out\\n\\n"; printf "err" >&2; exit 3']);
    expect(r).toEqual({ exitCode: 3, stdout: 'out\n\n', stderr: 'err' });
  });

  it('hands `input` to stdin, and stdin is empty without it', async () => {
    expect((await runner.run('cat', [], { input: 'line one\nline two' })).stdout).toBe('line one\nline two');
    expect((await runner.run('cat', [])).stdout).toBe('');
  });

  it('env adds to the inherited environment; undefined removes a variable; replaceEnv starts from nothing', async () => {
    process.env.MSTUI_RUNNER_TEST = 'inherited';
    try {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell script's parameter expansions
      const script = 'printf "%s|%s" "${MSTUI_RUNNER_TEST-unset}" "${EXTRA-unset}"';
      expect((await runner.run('sh', ['-c', script], { env: { EXTRA: 'x' } })).stdout).toBe('inherited|x');
      expect((await runner.run('sh', ['-c', script], { env: { MSTUI_RUNNER_TEST: undefined } })).stdout).toBe('unset|unset');
      const path = process.env.PATH ?? '';
      expect((await runner.run('sh', ['-c', script], { env: { PATH: path, EXTRA: 'y' }, replaceEnv: true })).stdout).toBe('unset|y');
    } finally {
      delete process.env.MSTUI_RUNNER_TEST;
    }
  });

  it('a missing program is a missing-command error', async () => {
    const e = await failure(runner.run('mstui-no-such-program', ['x']));
    expect(e).toBeInstanceOf(CommandError);
    expect(e?.code).toBe('missing-command');
    expect(e?.message).toBe('mstui-no-such-program is not installed or not on PATH');
  });

  it('a timeout ends the program and is a timeout error with its limit', async () => {
    const t0 = Date.now();
    const e = await failure(runner.run('sleep', ['30'], { timeoutMs: 200 }));
    expect(e?.code).toBe('timeout');
    expect(e?.timeoutMs).toBe(200);
    expect(e?.message).toBe('sleep 30 timed out after 200 ms');
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('a program ended by a signal is an error naming the signal, not an exit code', async () => {
    const e = await failure(runner.run('sh', ['-c', 'kill -KILL $$']));
    expect(e?.code).toBe('spawn-failed');
    expect(e?.message).toBe('sh -c "kill -KILL $$" was killed by SIGKILL (137)');
  });
});
