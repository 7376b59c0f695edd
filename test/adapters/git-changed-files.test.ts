/** Which changed files are tests (`commands.testQuality`); the changed files themselves come from real git. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGit } from '../../src/adapters/git.js';
import { createRunner } from '../../src/adapters/runner.js';
import { isTestFile } from '../../src/core/test-files.js';
import { git } from '../helpers/repo.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** main, then a task branch with: an added file, a deleted test, a name with a space, a UTF-8 name, a rename. */
function changedRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mstui-changed-'));
  dirs.push(dir);
  const write = (path: string, text: string) => writeFileSync(join(dir, path), text);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 't');
  git(dir, 'config', 'user.email', 't@example.invalid');
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'test'));
  write('src/gone.test.ts', 'x\n');
  write('test/old.test.ts', 'same content, renamed\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  git(dir, 'checkout', '-q', '-b', 'task');
  write('src/app.ts', 'd\n');
  write('test/a b.test.ts', '++ b/evil.test.ts\n');
  write('test/café.test.ts', 'c\n');
  git(dir, 'rm', '-q', 'src/gone.test.ts');
  git(dir, 'mv', 'test/old.test.ts', 'test/new.test.ts');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'task');
  return dir;
}

describe('Git.changedFiles', () => {
  it('added, modified and renamed files, by their new name; not deleted ones, not content', async () => {
    const dir = changedRepo();
    expect(await createGit(createRunner()).changedFiles(dir, 'main...task')).toEqual([
      'src/app.ts',
      'test/a b.test.ts',
      'test/café.test.ts',
      'test/new.test.ts',
    ]);
  });

  it('an empty diff changes nothing', async () => {
    const dir = changedRepo();
    expect(await createGit(createRunner()).changedFiles(dir, 'task...task')).toEqual([]);
  });
});

describe('isTestFile', () => {
  it.each([
    ['src/store.test.ts', true],
    ['web/app.spec.js', true],
    ['pkg/store_test.go', true],
    ['tests/test_store.py', true],
    ['test_store.py', true],
    ['test/helpers/repo.ts', true],
    ['src/__tests__/store.tsx', true],
    ['test/fixtures/plan.md', false],
    ['src/__snapshots__/a.test.ts.snap', false],
    ['src/store.ts', false],
    ['src/testing.ts', false],
    ['docs/test.md', false],
    ['latest/x.ts', false],
  ])('%s → %s', (path, want) => {
    expect(isTestFile(path)).toBe(want);
  });

  it('the changed files that are tests, in order', async () => {
    const changed = await createGit(createRunner()).changedFiles(changedRepo(), 'main...task');
    expect(changed.filter(isTestFile)).toEqual(['test/a b.test.ts', 'test/café.test.ts', 'test/new.test.ts']);
  });
});
