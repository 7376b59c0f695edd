/** A throwaway git repo with a plan, a `.mstui.json` pointing at the scripted agent, and helpers. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'dist/cli.js');
export const AGENT = join(ROOT, 'scripts/scripted-agent.mjs');

/**
 * The env every e2e child gets: git without the developer's global config, with a fixed identity; the scripted
 * agent's session transcripts under the temp dir instead of the developer's ~/.claude/projects.
 */
export const GIT_ENV = {
  SCRIPTED_AGENT_TRANSCRIPTS: join(tmpdir(), 'mstui-test-transcripts'),
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.invalid',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.invalid',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' }).trim();
}

export interface TempRepo {
  dir: string;
  write(rel: string, text: string): void;
  commitAll(message: string): void;
  cleanup(): void;
}

export function tempRepo(prefix = 'mstui-test-'): TempRepo {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  git(dir, 'init', '-q', '-b', 'main');
  const repo: TempRepo = {
    dir,
    write(rel, text) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    },
    commitAll(message) {
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', message);
    },
    cleanup() {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // best effort
      }
    },
  };
  repo.write('README.md', '# test repo\n');
  repo.commitAll('initial');
  return repo;
}

/** `.mstui.json` using the scripted agent (as a user would configure any CLI). */
export function scriptedConfig(extra: Record<string, unknown> = {}): string {
  const base = [process.execPath, AGENT];
  return JSON.stringify(
    {
      agent: 'scripted',
      agents: {
        scripted: {
          command: [...base, '--session-id', '{sessionId}', '--settings', '{settings}', '{prompt}'],
          resume: [...base, '--resume', '{sessionId}', '--settings', '{settings}', '{prompt}'],
          screen: 'claude',
        },
      },
      commands: { test: '! grep -rqs FAIL work/' },
      ...extra,
    },
    null,
    2,
  );
}

/** A 6-task plan with a dependency diamond (1.1 → 1.2, 1.3 → 1.4) and a VALIDATION task at the end. */
export const DIAMOND_PLAN = `# Milestone 1: Diamond

## Task 1.1: Base module
**Type:** CODING
**Depends on:** none

## Task 1.2: Left branch
**Type:** CODING
**Depends on:** 1.1

## Task 1.3: Right branch
**Type:** CODING
**Depends on:** 1.1

## Task 1.4: Join both branches
**Type:** CODING
**Depends on:** 1.2, 1.3

## Task 1.5: Independent docs
**Type:** DOCUMENTATION
**Depends on:** none

## Task 1.6: Validate end to end
**Type:** VALIDATION
**Depends on:** 1.4, 1.5
`;

export function scenario(repo: TempRepo, spec: Record<string, unknown>): string {
  // Inside .git: outside the checkout, so it never makes the repo dirty, and removed with it.
  const path = join(repo.dir, '.git', 'scripted-agent-scenario.json');
  writeFileSync(path, JSON.stringify(spec));
  return path;
}
