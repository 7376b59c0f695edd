/**
 * The test files a task changed, for `commands.testQuality` (seed 000 step 2d): the paths a `git diff` patch adds or
 * modifies (renamed files under their new name; deleted ones are gone), kept when they look like tests. Pure.
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

/**
 * The files a patch (`git diff --stat -p A...B`) leaves in place: each file header's `+++ b/<path>` (`/dev/null`:
 * deleted), or `rename to <path>` for a pure rename. Only header lines count: a hunk's added line that reads
 * `++ b/x` is content. Quoted paths (`"b/caf\303\251.ts"`) are unquoted.
 */
export function changedPaths(patch: string): string[] {
  const out: string[] = [];
  let header = false;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) header = true;
    else if (line.startsWith('@@')) header = false;
    else if (header && line.startsWith('+++ ')) {
      // git ends the name with a tab when it holds a space.
      const path = unquote(line.slice(4).replace(/\t$/, ''));
      if (path !== '/dev/null') out.push(path.replace(/^b\//, ''));
    } else if (header && line.startsWith('rename to ')) out.push(unquote(line.slice(10).replace(/\t$/, '')));
  }
  return [...new Set(out)];
}

/** The changed files that are tests, in patch order. */
export const changedTests = (patch: string): string[] => changedPaths(patch).filter(isTestFile);

const ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, a: 7, v: 11, '"': 34, '\\': 92 };

/** git's C-style quoting: `"…"` with `\"`, `\\`, `\t`, `\n` and octal bytes (`\303\251`, UTF-8). */
function unquote(s: string): string {
  if (!(s.startsWith('"') && s.endsWith('"') && s.length >= 2)) return s;
  const bytes: number[] = [];
  const body = s.slice(1, -1);
  const utf8 = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    const cp = body.codePointAt(i) ?? 0;
    if (cp !== 0x5c) {
      bytes.push(...utf8.encode(String.fromCodePoint(cp)));
      if (cp > 0xffff) i++;
      continue;
    }
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      i += 3;
    } else {
      const next = body[i + 1] ?? '';
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
