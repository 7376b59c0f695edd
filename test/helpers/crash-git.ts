/**
 * A `git` first on PATH for one mstui process: it logs each of mstui's own git calls and, at a chosen call, holds
 * it (before or after the real git ran) until the test has killed mstui. Calls made by anyone else (the agents,
 * git's own sub-processes) go straight to the real git, unlogged and never held.
 *
 * A call is seen as one line, `<folder> <argv>`: the name of the folder git runs in (the repo's, `M1` for the
 * integration worktree, `M1-1.2` for a task's), then the argv without git's `-c name=value` and `-C dir` options.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Which git call to hold: the `nth` line matching `pattern`, a shell glob (`M1 commit * -m Task 1.4:*`) whose spaces
 * are literal (no quotes, parentheses or `|` in it).
 */
export interface GitMoment {
  pattern: string;
  /** 1-based; default 1. */
  nth?: number;
  /** Held before the real git runs, or after it ran (the step happened; mstui never saw its result). */
  when: 'before' | 'after';
  /** Count matches only once a call matching this glob has started (e.g. the last prune: after the last removal). */
  armedBy?: string;
}

export interface CrashGit {
  /** The wrapper's path. */
  bin: string;
  /** Environment for the launcher: PATH with the wrapper first. */
  env: Record<string, string>;
  /** argv that writes its own pid (the pid mstui will have) where the wrapper looks for it, then execs `argv`. */
  launch(argv: readonly string[]): string[];
  /** mstui's git calls so far, in order, as `<folder> <argv>` lines (an argument with a newline spreads over two). */
  calls(): string[];
  /** True once the wrapper holds the chosen call (mstui is waiting for it). */
  holding(): boolean;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function holdLines(m: GitMoment, files: { hits: string; armed: string; mark: string }): string[] {
  const count = [
    `case "$k" in ${m.pattern.replace(/ /g, '\\ ')}) ;; *) exec "$real" "$@" ;; esac`,
    // Rank among the matching calls: O_APPEND orders concurrent calls; the last line with this pid is its own.
    `printf "%s\\n" $$ >> ${quote(files.hits)}`,
    `n=$(grep -n "^$$\\$" ${quote(files.hits)} | tail -n 1 | cut -d: -f1)`,
    `[ "$n" = ${m.nth ?? 1} ] || exec "$real" "$@"`,
  ];
  const armed = m.armedBy
    ? [
        `case "$k" in ${m.armedBy.replace(/ /g, '\\ ')}) : > ${quote(files.armed)} ;; esac`,
        `[ -e ${quote(files.armed)} ] || exec "$real" "$@"`,
      ]
    : [];
  return [
    ...armed,
    ...count,
    ...(m.when === 'after' ? ['"$real" "$@"'] : []),
    `: > ${quote(files.mark)}`,
    // $PPID stays mstui's pid after mstui is gone: the loop ends with it.
    'while kill -0 $PPID 2>/dev/null; do sleep 0.05; done',
    'exit 1',
  ];
}

/** Every file it needs lives in `dir` (e.g. inside the repo's .git, so the checkout stays clean). */
export function crashGit(dir: string, moment?: GitMoment): CrashGit {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const pidFile = join(dir, 'mstui.pid');
  const log = join(dir, 'calls.log');
  const mark = join(dir, 'holding');
  const script = [
    '#!/bin/sh',
    // No forks before the real git runs but for the chosen call: every one of mstui's git calls goes through here.
    `real=${quote(real)}`,
    `read -r pid 2>/dev/null < ${quote(pidFile)}; [ "$PPID" = "$pid" ] || exec "$real" "$@"`,
    'argv() { while [ $# -gt 0 ]; do case "$1" in -c|-C) shift 2 ;; -*) shift ;; *) break ;; esac; done; k="$*"; }',
    'argv "$@"',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
    'cd -P . && k="${PWD##*/} $k"',
    `printf "%s\\n" "$k" >> ${quote(log)}`,
    ...(moment ? holdLines(moment, { hits: join(dir, 'hits'), armed: join(dir, 'armed'), mark }) : []),
    'exec "$real" "$@"',
  ].join('\n');
  writeFileSync(join(bin, 'git'), `${script}\n`, { mode: 0o755 });
  return {
    bin: join(bin, 'git'),
    env: { PATH: `${bin}:${process.env.PATH ?? ''}` },
    launch: (argv) => ['sh', '-c', 'echo $$ > "$0"; exec "$@"', pidFile, ...argv],
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
    holding: () => existsSync(mark),
  };
}
