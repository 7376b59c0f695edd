/** Text output of `mstui plan`: a wave tree a human can read at a glance. */
import type { Plan, Task } from '../core/plan/model.js';
import type { PlanView } from '../core/plan/view.js';

export interface Style {
  dim(s: string): string;
  bold(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

export const plainStyle: Style = { dim: (s) => s, bold: (s) => s, green: (s) => s, yellow: (s) => s };

export const ansiStyle: Style = {
  dim: (s) => `\u001b[2m${s}\u001b[22m`,
  bold: (s) => `\u001b[1m${s}\u001b[22m`,
  green: (s) => `\u001b[32m${s}\u001b[39m`,
  yellow: (s) => `\u001b[33m${s}\u001b[39m`,
};

export function renderPlan(plan: Plan, view: PlanView, st: Style = plainStyle): string {
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const idWidth = Math.max(...plan.tasks.map((t) => t.id.length));
  const titleWidth = Math.min(60, Math.max(...plan.tasks.map((t) => t.title.length)));
  const out: string[] = [];
  const m = plan.milestone;
  out.push(st.bold(`${m.id}: ${m.title}`));
  out.push(st.dim(`${m.source} (${m.format})${plan.handoffPath ? ` · handoff ${plan.handoffPath}` : ''}`));
  const c = view.counts;
  out.push(`${c.tasks} tasks · ${c.done} done · ${c.remaining} remaining · ${view.waves.length} waves`);
  out.push('');
  view.waves.forEach((wave, w) => {
    out.push(st.bold(`Wave ${w + 1}`));
    wave.forEach((id, i) => {
      const t = byId.get(id);
      if (t) out.push(row(t, i === wave.length - 1, idWidth, titleWidth, st));
    });
  });
  out.push('');
  if (view.criticalPath.length > 1) out.push(`Critical path: ${view.criticalPath.join(' → ')} (${view.criticalPath.length} tasks)`);
  for (const w of plan.warnings) out.push(st.yellow(`! ${w}`));
  out.push(view.resumeFrom ? st.bold(`Resume from: ${view.resumeFrom}`) : st.green('All tasks done.'));
  return `${out.join('\n')}\n`;
}

function row(t: Task, last: boolean, idWidth: number, titleWidth: number, st: Style): string {
  const branch = last ? '└─' : '├─';
  const mark = t.done ? st.green('✓') : '○';
  const title = t.title.length > titleWidth ? `${t.title.slice(0, titleWidth - 1)}…` : t.title.padEnd(titleWidth);
  const kind = t.kind === 'unknown' ? (t.rawType ?? '') : t.kind.toUpperCase();
  const deps = t.deps.length ? st.dim(` ← ${t.deps.join(', ')}`) : '';
  // Seed 002: the task walks Design → Spec → Task → Execute; the phases a human approves in brackets.
  const gates = t.kiro?.approval.length ? ` (approve ${t.kiro.approval.join(', ')})` : '';
  const kiro = t.kiro ? st.dim(`${kind ? ' ' : ''}kiro${gates}`) : '';
  return `  ${branch} ${mark} ${t.id.padEnd(idWidth)}  ${title}  ${st.dim(kind)}${kiro}${deps}`;
}
