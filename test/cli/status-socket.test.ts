/**
 * `mstui status` finds the running mstui's socket from the files alone (no git process, no execa: tmux runs it every
 * 15 s), from the checkout, a folder below it, or one of its task worktrees; git's own search when it cannot.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { socketFromFiles } from '../../src/cli/remote-command.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A checkout (`.git` folder) with a task worktree (`.git` file) under `.worktrees/`; the socket only when asked. */
function checkout(withSocket: boolean): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'mstui-socket-')));
  dirs.push(root);
  mkdirSync(join(root, '.git'));
  mkdirSync(join(root, 'src', 'deep'), { recursive: true });
  mkdirSync(join(root, '.worktrees', 'M1-1.1', 'src'), { recursive: true });
  writeFileSync(join(root, '.worktrees', 'M1-1.1', '.git'), `gitdir: ${root}/.git/worktrees/M1-1.1\n`);
  mkdirSync(join(root, '.worktrees', '.mstui'), { recursive: true });
  if (withSocket) writeFileSync(join(root, '.worktrees', '.mstui', 'mstui.sock'), '');
  return root;
}

describe('socketFromFiles (status without git)', () => {
  it('is the checkout’s socket from the checkout, a folder below it, and a task worktree', () => {
    const root = checkout(true);
    const socket = join(root, '.worktrees', '.mstui', 'mstui.sock');
    expect(socketFromFiles(root, {})).toBe(socket);
    expect(socketFromFiles(join(root, 'src', 'deep'), {})).toBe(socket);
    expect(socketFromFiles(join(root, '.worktrees', 'M1-1.1', 'src'), {})).toBe(socket);
  });

  it('inside a worktree whose checkout serves nothing, is the worktree’s own (as git’s top level)', () => {
    const root = checkout(false);
    const wt = join(root, '.worktrees', 'M1-1.1');
    expect(socketFromFiles(join(wt, 'src'), {})).toBe(join(wt, '.worktrees', '.mstui', 'mstui.sock'));
  });

  it('leaves it to git when git’s search differs: GIT_DIR, GIT_WORK_TREE, GIT_CEILING_DIRECTORIES, no .git above', () => {
    const root = checkout(true);
    for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_CEILING_DIRECTORIES']) expect(socketFromFiles(root, { [name]: '/x' })).toBeNull();
    const bare = realpathSync(mkdtempSync(join(tmpdir(), 'mstui-nogit-')));
    dirs.push(bare);
    // The temp dir may itself be inside a checkout on some machines: only "no .git anywhere above" must be null.
    const above = socketFromFiles(bare, {});
    if (above !== null) expect(above.startsWith(bare)).toBe(false);
  });
});
