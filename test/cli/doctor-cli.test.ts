/** `mstui doctor` end to end: the built CLI with a PATH we control (git and node only, plus the fake gh or not). */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, git, ROOT, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { mstui } from '../helpers/run-cli.js';

const FAKES = join(ROOT, 'test', 'fakes');
let bin: string;
const repos: TempRepo[] = [];

beforeAll(() => {
  expect(existsSync(CLI), 'run `npm run build` first').toBe(true);
  // A bin folder with just git and node: no gh, no tmux, no claude.
  bin = mkdtempSync(join(tmpdir(), 'mstui-bin-'));
  const gitPath = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  symlinkSync(gitPath, join(bin, 'git'));
  symlinkSync(process.execPath, join(bin, 'node'));
});
afterAll(() => {
  for (const r of repos.splice(0)) r.cleanup();
  rmSync(bin, { recursive: true, force: true });
});

function repoWith(config: Record<string, unknown>): TempRepo {
  const repo = tempRepo();
  repos.push(repo);
  repo.write('.mstui.json', scriptedConfig(config));
  repo.commitAll('config');
  return repo;
}

const doctor = (repo: TempRepo, path: string[], env: Record<string, string> = {}) =>
  mstui(repo.dir, ['doctor'], { PATH: path.join(delimiter), TMUX: '', ...env });

const line = (out: string, start: string) => out.split('\n').find((l) => l.startsWith(start));

describe('mstui doctor', () => {
  it('ci.provider github and no gh on PATH: a ✗ line naming gh and how to get it, exit 1', async () => {
    const repo = repoWith({ ci: { provider: 'github' } });
    const r = await doctor(repo, [bin]);
    expect(r.code, r.stdout).toBe(1);
    expect(line(r.stdout, '✗ gh:')).toBe(
      '✗ gh: not found on PATH (ci.provider is github) — install the GitHub CLI (https://cli.github.com), then `gh auth login`',
    );
    expect(r.stdout).toMatch(/^✓ node \d+\.\d+\.\d+$/m);
    expect(r.stdout).toMatch(/^✓ git version /m);
    expect(line(r.stdout, '✓ git repository')).toBe(`✓ git repository ${repo.dir}`);
    expect(r.stdout).toContain('✓ .mstui.json valid (agent scripted, ci github)');
    expect(r.stdout).toMatch(/^⚠ tmux: not found \(optional/m);
    expect(r.stdout).not.toContain('gh auth status');
    expect(r.stdout).toContain('✗ git remote origin does not exist');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('2 required checks failed.');
  });

  it('with gh on PATH, logged in, and the remote there: every required check passes (tmux missing only warns)', async () => {
    const repo = repoWith({ ci: { provider: 'github' } });
    git(repo.dir, 'remote', 'add', 'origin', 'https://example.invalid/o/r.git');
    const r = await doctor(repo, [FAKES, bin]);
    expect(r.code, r.stdout).toBe(0);
    expect(line(r.stdout, '✓ gh:')).toBe(`✓ gh: ${join(FAKES, 'gh')}`);
    expect(r.stdout).toContain('✓ gh auth status: logged in to github.com as fake-user');
    expect(r.stdout).toContain('✓ git remote origin: https://example.invalid/o/r.git');
    expect(r.stdout).toMatch(/^✓ agent scripted: .+node$/m);
    expect(r.stdout).toMatch(/^✓ disk: \d+% used where the repository is \(limit 90%/m);
    expect(r.stdout).toMatch(/^✓ SQLite [\d.]+ \(no state\.db yet\)$/m);
    expect(r.stdout).not.toContain('✗');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('All required checks passed.');
  });

  it('gh logged out and no remote: one ✗ line each, saying what to run', async () => {
    const repo = repoWith({ ci: { provider: 'github', remote: 'upstream' } });
    const r = await doctor(repo, [FAKES, bin], { FAKE_GH_AUTH: 'logged-out' });
    expect(r.code).toBe(1);
    expect(line(r.stdout, '✗ gh is not logged in')).toMatch(/: run `gh auth login`$/);
    expect(r.stdout).toContain('✗ git remote upstream does not exist: add it (`git remote add upstream <url>`)');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('2 required checks failed.');
  });

  it('an invalid .mstui.json and a missing agent program: ✗ lines; disk over the limit fails', async () => {
    const repo = repoWith({});
    repo.write('.mstui.json', JSON.stringify({ commands: { test: 3 } }));
    const bad = await doctor(repo, [bin]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^✗ \.mstui\.json: commands\.test: .*— fix it/m);
    repo.write('.mstui.json', JSON.stringify({ agent: 'codex', limits: { diskPercent: 1 } }));
    const r = await doctor(repo, [bin]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ agent codex: `codex` not found on PATH');
    expect(r.stdout).toMatch(/^✗ disk: \d+% used where the repository is \(limit 1%, limits\.diskPercent\) — free some space/m);
  });

  it('outside a git repository: says so, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mstui-norepo-'));
    mkdirSync(join(dir, 'x'));
    try {
      const r = await mstui(join(dir, 'x'), ['doctor'], { PATH: bin, TMUX: '', GIT_CEILING_DIRECTORIES: dir });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^✗ not inside a git repository/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
