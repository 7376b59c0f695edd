/** Parsers for the git output that lets one program answer what several did: `status --porcelain=v2 --branch`, a diff. */

/**
 * One `git status --porcelain=v2 --branch` of a worktree: what the gates and the merge ask (is it clean, how far is it
 * from the integration tip) in one program. mstui's task branches track the integration branch for this.
 */
export interface BranchStatus {
  /** HEAD's commit; null before the first commit. */
  oid: string | null;
  /** The branch checked out; null when HEAD is detached (e.g. a rebase in progress). */
  branch: string | null;
  /** The branch's upstream (`mstui/M1` for a task branch mstui made), or null. */
  upstream: string | null;
  /** Commits HEAD has that its upstream lacks, and the other way round; null without an upstream. */
  ahead: number | null;
  behind: number | null;
  /** Uncommitted changes, one `git status --porcelain` (v1) line each, untracked files too. */
  changes: string[];
}

/** A v2 entry as the `git status --porcelain` (v1) line it stands for: `XY path`, `XY from -> to`, `?? path`. */
function v1Line(line: string): string | null {
  const kind = line[0];
  if (kind === '?' || kind === '!') return `${kind}${kind} ${line.slice(2)}`;
  const xy = line.slice(2, 4).replace(/\./g, ' ');
  // Ordinary `1 XY sub mH mI mW hH hI path`; renamed `2 … Xscore path\torig`; unmerged `u XY sub m1 m2 m3 mW h1 h2 h3 path`.
  const fields = kind === '1' ? 8 : kind === '2' ? 9 : kind === 'u' ? 10 : -1;
  if (fields === -1) return null;
  let at = 0;
  for (let i = 0; i < fields && at !== -1; i++) at = line.indexOf(' ', at + 1);
  if (at === -1) return null;
  const rest = line.slice(at + 1);
  if (kind !== '2') return `${xy} ${rest}`;
  const [to = '', from = ''] = rest.split('\t');
  return `${xy} ${from} -> ${to}`;
}

/** `git status --porcelain=v2 --branch` (without -z): its `# branch.*` headers and its entries as v1 lines. */
export function parseStatusV2(text: string): BranchStatus {
  const status: BranchStatus = { oid: null, branch: null, upstream: null, ahead: null, behind: null, changes: [] };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# ')) {
      const [key = '', ...rest] = line.slice(2).split(' ');
      const value = rest.join(' ');
      if (key === 'branch.oid') status.oid = value === '(initial)' ? null : value;
      else if (key === 'branch.head') status.branch = value === '(detached)' ? null : value;
      else if (key === 'branch.upstream') status.upstream = value;
      else if (key === 'branch.ab') {
        const m = /^\+(\d+) -(\d+)$/.exec(value);
        if (m) [status.ahead, status.behind] = [Number(m[1]), Number(m[2])];
      }
      continue;
    }
    status.changes.push(v1Line(line) ?? line);
  }
  return status;
}

/**
 * The old side of a one-file `git diff -U<n>` whose new side is `current` (the whole file in one hunk: n at least its
 * line count). Null when the old side had no such file; undefined when the diff is not one this can read back (binary,
 * a filter changed the text, more than one hunk): the caller then asks git for the file itself.
 */
export function oldSideOf(diff: string, current: string): string | null | undefined {
  if (diff.trim() === '') return current;
  const lines = diff.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const hunks = lines.filter((l) => l.startsWith('@@ '));
  const headerEnd = lines.findIndex((l) => l.startsWith('@@ '));
  const header = lines.slice(0, headerEnd === -1 ? lines.length : headerEnd);
  if (header.some((l) => l.startsWith('new file mode') || l === '--- /dev/null')) return null;
  if (hunks.length !== 1 || headerEnd === -1) return undefined;
  const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(hunks[0] ?? '');
  if (!m || !(Number(m[1]) <= 1 && Number(m[3]) <= 1)) return undefined;
  const old: string[] = [];
  const now: string[] = [];
  let oldEnd = true;
  let nowEnd = true;
  let last = '';
  for (const l of lines.slice(headerEnd + 1)) {
    const tag = l[0];
    if (tag === '\\') {
      if (last !== '+') oldEnd = false;
      if (last !== '-') nowEnd = false;
      continue;
    }
    if (tag === ' ' || tag === '-') old.push(l.slice(1));
    if (tag === ' ' || tag === '+') now.push(l.slice(1));
    if (tag !== ' ' && tag !== '-' && tag !== '+') return undefined;
    last = tag;
  }
  const text = (ls: string[], end: boolean) => (ls.length === 0 ? '' : `${ls.join('\n')}${end ? '\n' : ''}`);
  if (old.length !== Number(m[2] ?? 1) || text(now, nowEnd) !== current) return undefined;
  return text(old, oldEnd);
}
