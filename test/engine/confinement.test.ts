/** Confinement: a symlinked `.worktrees` is refused before anything is written; state files are 0600, their folders 0700. */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGit } from '../../src/adapters/git.js';
import { createRunner } from '../../src/adapters/runner.js';
import { DEFAULT_PROFILES } from '../../src/core/config.js';
import type { RunState } from '../../src/core/scheduler/types.js';
import { writeAgentHooks } from '../../src/engine/agent-hooks.js';
import { writeFailure } from '../../src/engine/failure.js';
import { ensurePrivateDir, layoutFor } from '../../src/engine/layout.js';
import { PreflightError, preflight } from '../../src/engine/repo-setup.js';
import { saveReport } from '../../src/engine/report.js';
import type { EngineSetup } from '../../src/engine/setup.js';
import { runLogged } from '../../src/engine/user-command.js';
import { type TempRepo, tempRepo } from '../helpers/repo.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'mstui-conf-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
};
const repo = (): TempRepo => {
  const r = tempRepo('mstui-conf-repo-');
  cleanups.push(() => r.cleanup());
  return r;
};
const mode = (path: string) => statSync(path).mode & 0o777;

describe('a symlinked .worktrees', () => {
  for (const rel of ['.worktrees', '.worktrees/.mstui']) {
    it(`${rel} as a symlink is refused (exit 2) before anything is written`, async () => {
      const r = repo();
      const outside = temp();
      if (rel !== '.worktrees') mkdirSync(join(r.dir, '.worktrees'));
      symlinkSync(outside, join(r.dir, rel));
      const err = await preflight(createGit(createRunner()), r.dir, 'main', []).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PreflightError);
      expect((err as PreflightError).exitCode).toBe(2);
      expect((err as Error).message).toBe(
        `${rel} is a symlink (to ${outside}); mstui keeps worktrees and state inside the repository: replace it with a folder`,
      );
      expect(readdirSync(outside)).toEqual([]);
    });
  }

  it('a real folder (or none yet) passes', async () => {
    const r = repo();
    await expect(preflight(createGit(createRunner()), r.dir, 'main', [])).resolves.toBeUndefined();
    mkdirSync(join(r.dir, '.worktrees', '.mstui'), { recursive: true });
    await expect(preflight(createGit(createRunner()), r.dir, 'main', [])).resolves.toBeUndefined();
  });
});

describe('state file modes', () => {
  it('ensurePrivateDir creates 0700 folders and tightens an existing 0755 one', () => {
    const d = temp();
    ensurePrivateDir(join(d, 'a', 'b'));
    expect(mode(join(d, 'a'))).toBe(0o700);
    expect(mode(join(d, 'a', 'b'))).toBe(0o700);
    mkdirSync(join(d, 'old'), { mode: 0o755 });
    chmodSync(join(d, 'old'), 0o755);
    ensurePrivateDir(join(d, 'old'));
    expect(mode(join(d, 'old'))).toBe(0o700);
  });

  it('failure files, reports, command logs and agent settings are 0600 in 0700 folders', async () => {
    const d = temp();
    const layout = layoutFor(d, 'M1');
    const state = { tasks: { '1.1': { reason: 'tests failed' } }, info: { '1.1': { title: 'Do it' } } } as unknown as RunState;
    writeFailure({ layout, planRel: 'plans/M1.md' } as Pick<EngineSetup, 'layout' | 'planRel'>, state, '1.1', ['screen']);
    expect(mode(layout.failure('1.1'))).toBe(0o600);
    expect(mode(join(layout.state, 'failures'))).toBe(0o700);

    saveReport(join(layout.state, 'report-M1.md'), '# Report\n');
    expect(mode(join(layout.state, 'report-M1.md'))).toBe(0o600);

    await runLogged(createRunner(), d, 'echo hi', layout.log('1.1'), 'gate tests', 10_000);
    expect(mode(layout.log('1.1'))).toBe(0o600);
    expect(mode(join(layout.state, 'logs'))).toBe(0o700);

    ensurePrivateDir(join(layout.state, 'settings'));
    writeAgentHooks(DEFAULT_PROFILES.claude as EngineSetup['profile'], layout.settings('1.1'), layout.hooks('1.1'), {}, () => {});
    expect(mode(layout.settings('1.1'))).toBe(0o600);
  });
});
