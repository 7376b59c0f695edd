/** `mstui run`'s lines: the dry run and the last line of a run. */
import { relative } from 'node:path';
import type { Plan } from '../core/plan/model.js';
import type { RunState } from '../core/scheduler/types.js';
import type { Layout } from '../engine/layout.js';

export function summaryLine(s: RunState, code: number): string {
  const all = Object.values(s.tasks);
  const n = (st: string) => all.filter((t) => t.status === st).length;
  const verdict = code === 0 ? 'done' : code === 3 ? 'waiting for a decision' : code >= 128 ? 'stopped' : 'finished with failures';
  return `Run ${verdict}: ${n('merged')} merged, ${n('done')} already done, ${n('failed')} failed, ${n('skipped')} skipped, ${all.length - n('merged') - n('done') - n('failed') - n('skipped') - n('excluded')} remaining`;
}

export function printDryRun(
  plan: Plan,
  waves: string[][],
  selected: Set<string> | null,
  layout: Layout,
  command: string[],
  parallel: number,
): void {
  const out: string[] = [`Dry run: ${plan.milestone.id} — ${plan.milestone.title} (parallel ${parallel}); nothing is written.`];
  out.push(`Integration: ${layout.integrationBranch} at ${relative(process.cwd(), layout.integrationPath) || '.'}`);
  waves.forEach((wave, i) => {
    const run = wave.filter((id) => (selected === null || selected.has(id)) && !plan.tasks.find((t) => t.id === id)?.done);
    if (run.length === 0) return;
    out.push(`Wave ${i + 1}`);
    for (const id of run) out.push(`  ${id}  ${layout.taskBranch(id)}  ${relative(process.cwd(), layout.taskPath(id))}`);
  });
  out.push(`Agent: ${command.join(' ')}`);
  for (const w of plan.warnings) out.push(`! ${w}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
