/**
 * Which of the files a task changed (Git.changedFiles) are tests, for `commands.testQuality` (seed 000 step 2d). Pure.
 */

/** `*.test.*`, `*.spec.*`, `*_test.*`, `test_*.py`, or anything under `test/`, `tests/`, `__tests__/` but fixtures and snapshots. */
export function isTestFile(path: string): boolean {
  const parts = path.split('/');
  const name = parts.at(-1) ?? '';
  if (/\.(?:test|spec)\.[^.]+$|_test\.[^.]+$|^test_.+\.py$/.test(name)) return true;
  const dirs = parts.slice(0, -1);
  if (dirs.some((d) => /^(?:__)?(?:fixtures?|snapshots?)(?:__)?$/.test(d))) return false;
  return dirs.some((d) => d === 'test' || d === 'tests' || d === '__tests__');
}
