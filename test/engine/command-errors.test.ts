/** Failures that name their cause: a command's timeout names the setting and the command, a merge exception keeps git's words. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GitError } from '../../src/adapters/git.js';
import { createRunner } from '../../src/adapters/runner.js';
import type { Event } from '../../src/core/scheduler/types.js';
import { configKeyOf, runConfigured } from '../../src/engine/gates.js';
import { layoutFor } from '../../src/engine/layout.js';
import { errorText, reviewEffect } from '../../src/engine/review-effects.js';
import type { EngineDeps, EngineSetup } from '../../src/engine/setup.js';
import { CommandError, type Runner } from '../../src/ports.js';
import { waitFor } from '../helpers/wait-for.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const logIn = () => {
  const d = mkdtempSync(join(tmpdir(), 'mstui-cmd-err-'));
  dirs.push(d);
  return join(d, 'logs', '1.1.log');
};

describe('a configured command that times out', () => {
  it('the real runner names the argv and the limit', async () => {
    const err = await createRunner()
      .run('sh', ['-c', 'exec sleep 5'], { timeoutMs: 200 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect((err as CommandError).message).toBe('sh -c "exec sleep 5" timed out after 200 ms');
    expect((err as CommandError).timeoutMs).toBe(200);
  });

  it('is a failed result naming the .mstui.json key and the command, not an exception about sh', async () => {
    const runner: Runner = {
      run: async (cmd, args) => {
        throw new CommandError('timeout', [cmd, ...args], `sh timed out`, undefined, 30 * 60_000);
      },
    };
    const r = await runConfigured(runner, '/tmp', { key: configKeyOf('tests'), command: 'npm test' }, logIn(), 'gate tests', 30 * 60_000);
    expect(r).toEqual({
      exitCode: null,
      output: 'commands.test (npm test) timed out after 30 min and was stopped: make it faster, or run fewer tests in this step',
    });
    expect(configKeyOf('quality')).toBe('commands.quality');
  });

  it('with the real runner, a short limit reads in ms', async () => {
    const r = await runConfigured(createRunner(), '/tmp', { key: 'commands.ci', command: 'exec sleep 5' }, logIn(), 'ci', 150);
    expect(r.exitCode).toBeNull();
    expect(r.output).toMatch(/^commands\.ci \(exec sleep 5\) timed out after 150 ms/);
  });

  it('other runner errors still throw', async () => {
    const runner: Runner = {
      run: async (cmd, args) => {
        throw new CommandError('missing-command', [cmd, ...args], 'sh is not installed');
      },
    };
    await expect(runConfigured(runner, '/tmp', { key: 'commands.test', command: 'x' }, logIn(), 'gate', 1000)).rejects.toThrow(
      'sh is not installed',
    );
  });
});

describe('a merge that throws', () => {
  it('keeps git’s message (its fatal line) and the cause', async () => {
    const fatal = new GitError(
      ['merge', '--squash', 'mstui/M1-1.1'],
      128,
      'Updating files\nfatal: unable to write new index file',
      new Error('ENOSPC'),
    );
    const setup = {
      layout: layoutFor('/repo', 'M1'),
      plan: { tasks: [{ id: '1.1', title: 'Do it' }] },
      review: { provider: 'local' },
      warn: () => {},
    } as unknown as EngineSetup;
    const deps = {
      git: {
        squashMergeIfCurrent: async () => null,
        commitWithSubject: async () => {
          throw fatal;
        },
      },
      now: () => 0,
    } as unknown as EngineDeps;
    const events: Event[] = [];
    let pending: Promise<unknown> = Promise.resolve();
    reviewEffect(
      { type: 'Merge', task: '1.1' },
      {
        setup,
        deps,
        state: () => ({ tasks: {} }) as never,
        stopping: () => false,
        dispatch: (e) => events.push(e),
        serialGit: (fn) => {
          const p = fn();
          pending = p;
          return p;
        },
        sendPrompt: () => {},
      },
    );
    await pending.catch(() => {});
    await waitFor(
      () => events.length > 0,
      5000,
      () => JSON.stringify(events),
    );
    expect(events).toEqual([
      {
        type: 'TaskStartFailed',
        task: '1.1',
        step: 'merge',
        error:
          'merging into mstui/M1 failed: git merge --squash mstui/M1-1.1 failed (exit 128): Updating files | fatal: unable to write new index file (cause: ENOSPC)',
      },
    ]);
  });

  it('errorText adds a cause only when the message does not already say it', () => {
    expect(errorText(new Error('a', { cause: new Error('b') }))).toBe('a (cause: b)');
    expect(errorText(new Error('a: b', { cause: new Error('b') }))).toBe('a: b');
    expect(errorText('plain')).toBe('plain');
  });
});
