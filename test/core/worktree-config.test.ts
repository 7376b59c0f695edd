/** `.mstui.json`'s commands.setup, worktree (copy, link, ports) and env: defaults, and the paths refused with one message. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.js';
import { worktreePathProblem } from '../../src/core/worktree-config.js';

const parse = (json: unknown) => parseConfig(JSON.stringify(json), '.mstui.json');

describe('worktree and env config', () => {
  it('defaults: nothing copied or linked, ports from 41000 in blocks of 10, no extra env, no setup', () => {
    const c = parseConfig(null, '.mstui.json');
    expect(c.ok && c.value.worktree).toEqual({ copy: [], link: [], portBase: 41000, portsPerTask: 10 });
    expect(c.ok && c.value.env).toEqual({});
    expect(c.ok && c.value.commands.setup).toBeUndefined();
  });

  it('keeps a real example, with its paths normalized', () => {
    const c = parse({
      commands: { setup: 'npm ci' },
      worktree: { copy: ['.env', './config//local.json'], link: ['.cache/'], portBase: 50000, portsPerTask: 5 },
      env: { APP_MODE: 'test' },
    });
    expect(c.ok && c.value.commands.setup).toBe('npm ci');
    expect(c.ok && c.value.worktree).toEqual({ copy: ['.env', 'config/local.json'], link: ['.cache'], portBase: 50000, portsPerTask: 5 });
    expect(c.ok && c.value.env).toEqual({ APP_MODE: 'test' });
  });

  it.each([
    [
      { worktree: { copy: ['/etc/passwd'] } },
      '.mstui.json: worktree.copy.0: "/etc/passwd" is an absolute path (give it relative to the repository)',
    ],
    [
      { worktree: { link: ['ok', '../sibling/node_modules'] } },
      '.mstui.json: worktree.link.1: "../sibling/node_modules" is a path with `..` (only files inside the repository)',
    ],
    [
      { worktree: { copy: ['a/../../b'] } },
      '.mstui.json: worktree.copy.0: "a/../../b" is a path with `..` (only files inside the repository)',
    ],
    [
      { worktree: { copy: ['.git/config'] } },
      '.mstui.json: worktree.copy.0: ".git/config" is inside .git (mstui\'s and git\'s own folders)',
    ],
    [
      { worktree: { link: ['.worktrees'] } },
      '.mstui.json: worktree.link.0: ".worktrees" is inside .worktrees (mstui\'s and git\'s own folders)',
    ],
    [{ worktree: { copy: ['.'] } }, '.mstui.json: worktree.copy.0: "." is the repository itself'],
    [{ worktree: { copy: [''] } }, '.mstui.json: worktree.copy.0: "" is an empty path'],
    [{ worktree: { copy: ['C:\\x'] } }, '.mstui.json: worktree.copy.0: "C:\\\\x" is an absolute path (give it relative to the repository)'],
    [{ env: { MSTUI_PORT: '1' } }, '.mstui.json: env.MSTUI_PORT: MSTUI_* variables are set by mstui'],
    [{ env: { 'A-B': '1' } }, '.mstui.json: env.A-B: not an environment variable name'],
    [{ env: { A: 1 } }, '.mstui.json: env.A: Invalid input: expected string, received number'],
    [{ worktree: { portBase: 80 } }, '.mstui.json: worktree.portBase: Too small: expected number to be >=1024'],
    [{ worktree: { cp: [] } }, '.mstui.json: worktree: Unrecognized key: "cp"'],
  ])('refuses %j with one message', (json, message) => {
    const c = parse(json);
    expect(c.ok ? 'accepted' : c.error).toBe(message);
  });

  it('a control character in a path is refused', () => {
    expect(worktreePathProblem('a\u001b[2Jb')).toBe('a path with control characters');
    expect(worktreePathProblem('.env.local')).toBeNull();
  });
});
