/**
 * The run screen shows before the checks (issue 14), end to end in a private tmux server: a check that fails
 * closes it, then prints its one line and exits 2 with nothing written, as without a screen; checks that pass hand
 * the screen to the run; `q` confirmed while they run ends mstui once they are done, with nothing written (exit 130).
 */

import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, DIAMOND_PLAN, GIT_ENV, git, scenario, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { startTmux, type TmuxSession } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait-for.js';

const PLAN = 'plans/M1_diamond.md';
const TITLE = 'M1 Milestone 1: Diamond';

let tmux: TmuxSession | undefined;
const repos: TempRepo[] = [];
afterEach(() => {
  tmux?.kill();
  tmux = undefined;
  for (const r of repos.splice(0)) r.cleanup();
});

function planRepo(): TempRepo {
  const repo = tempRepo('mstui-start-e2e-');
  repos.push(repo);
  repo.write(PLAN, DIAMOND_PLAN);
  repo.write('.mstui.json', scriptedConfig());
  repo.commitAll('plan');
  return repo;
}

/** `mstui run` on the real screen; its stderr into `err.txt` (kept out of the repo by .git/info, read after it exits). */
function run(repo: TempRepo, env: Record<string, string> = {}): TmuxSession {
  const err = join(repo.dir, '.git', 'err.txt');
  const t = startTmux({
    command: ['sh', '-c', '"$0" "$1" run "$2" 2>"$3"; echo MSTUI_EXIT=$?; sleep 600', process.execPath, CLI, PLAN, err],
    cwd: repo.dir,
    cols: 160,
    rows: 45,
    env: { ...GIT_ENV, ...env },
  });
  tmux = t;
  return t;
}

describe('mstui run: the screen before the checks', () => {
  it('a dirty checkout: the screen closes, one line on stderr, exit 2, nothing written', { timeout: 60_000 }, async () => {
    const repo = planRepo();
    repo.write('README.md', '# changed but not committed\n');
    const t = run(repo);
    const [, code] = await t.waitForText(/MSTUI_EXIT=(\d+)/, 30_000);
    // Ink's cursor restore (restore-cursor) writes ESC[?25h to stderr as the process exits: no text on a terminal.
    const err = stripVTControlCharacters(readFileSync(join(repo.dir, '.git', 'err.txt'), 'utf8'));
    expect(code, `${t.capture()}\n${err}`).toBe('2');
    expect(err.trimEnd().split('\n'), err).toHaveLength(1);
    expect(err).toMatch(/^mstui: .*uncommitted changes/);
    expect(err).toContain('README.md');
    expect(existsSync(join(repo.dir, '.worktrees'))).toBe(false);
    expect(git(repo.dir, 'branch', '--list', 'mstui/*')).toBe('');
    expect(readFileSync(join(repo.dir, '.git/info/exclude'), 'utf8')).not.toContain('.worktrees/');
  });

  it('checks that pass: the same screen shows the run, its first agent running', { timeout: 60_000 }, async () => {
    const repo = planRepo();
    const t = run(repo, { SCRIPTED_AGENT_SCENARIO: scenario(repo, { default: { durationMs: 60_000 } }) });
    const ready = await t.waitForScreen((s) => s.startsWith(TITLE) && /^done 0\/6 · running 1 /m.test(s), 30_000, 'the run, 1 running');
    expect(ready).toMatch(/^[› ] ● 1\.1 Base module/m);
    expect(ready).not.toMatch(/starting: /);
  });

  it('q while it checks: nothing is written, exit 130', { timeout: 60_000 }, async () => {
    const repo = planRepo();
    // A git whose `status` (the clean-checkout check) waits for a file the test writes: the checks are still running
    // when the quit is confirmed, however fast the machine.
    const bin = join(repo.dir, '.git', 'bin');
    const gate = join(repo.dir, '.git', 'gate');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'git'),
      `#!/bin/sh\nif [ "$1" = status ]; then while [ ! -e '${gate}' ]; do sleep 0.05; done; fi\nexec '${realGit}' "$@"\n`,
    );
    chmodSync(join(bin, 'git'), 0o755);
    const t = run(repo, { PATH: `${bin}:${process.env.PATH ?? ''}` });
    await t.waitForScreen((s) => s.startsWith(TITLE) && /^starting: /m.test(s), 30_000, 'the starting screen');
    t.sendKeys('q');
    await t.waitForText(/Quit\? agents stop/);
    t.sendKeys('y');
    // Ink leaves its last frame on screen; that it unmounted shows in the cursor it hid, shown again.
    const cursor = () =>
      execFileSync('tmux', ['-L', t.socket, 'display', '-p', '-t', 'e2e', '#{cursor_flag}'], { encoding: 'utf8' }).trim();
    await waitFor(() => cursor() === '1' || null, 10_000, 'the screen closed (the cursor shown again)');
    writeFileSync(gate, '');
    const [, code] = await t.waitForText(/MSTUI_EXIT=(\d+)/, 30_000);
    expect(code, t.capture()).toBe('130');
    expect(t.capture()).toMatch(/^Stopped before the run started; nothing was written\./m);
    expect(existsSync(join(repo.dir, '.worktrees'))).toBe(false);
    expect(git(repo.dir, 'branch', '--list', 'mstui/*')).toBe('');
  });
});
