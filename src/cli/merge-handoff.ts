/**
 * The git merge driver for handoff files: `node dist/cli/merge-handoff.js %O %A %B` (base, ours, theirs).
 * Writes the section-wise merge (see core/handoff-merge.ts) to %A; exit 0 when clean, 1 when the preamble
 * conflicted (markers written), 2 on bad arguments or unreadable files (git then treats the file as conflicted).
 * Git runs it with `-c merge.mstui-handoff.driver=...` from the git adapter; it is a program, not a module.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mergeHandoff } from '../core/handoff-merge.js';

const [base, ours, theirs] = process.argv.slice(2);
if (!base || !ours || !theirs) {
  process.stderr.write('usage: merge-handoff.js BASE OURS THEIRS (a git merge driver: %O %A %B); the result replaces OURS\n');
  process.exitCode = 2;
} else {
  try {
    const read = (file: string) => readFileSync(file, 'utf8');
    const result = mergeHandoff(read(base), read(ours), read(theirs));
    writeFileSync(ours, result.text);
    process.exitCode = result.conflict ? 1 : 0;
  } catch (e) {
    process.stderr.write(`mstui handoff merge driver: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
