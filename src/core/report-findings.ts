/** The report's "Unexpected findings": what agents said that contradicted their task, and held after a double check. */
import { FINDING_LABEL } from './agent/findings.js';
import { table } from './report-format.js';
import type { RunState } from './scheduler/types.js';

/** The section (heading, table, blank line), or nothing when no finding held: a clean run's report does not change. */
export function unexpectedFindings(state: RunState): string[] {
  const rows = state.order.flatMap((id) => {
    const run = state.tasks[id];
    return (run?.findings ?? []).map((f) => [id, FINDING_LABEL[f.kind], `"${f.quote}"`, run?.status ?? null]);
  });
  if (rows.length === 0) return [];
  return [
    '## Unexpected findings',
    '',
    'Each held after the agent was asked to double-check it another way; the run went on (or the task was skipped) as decided.',
    '',
    ...table(['Task', 'Finding', 'The agent said', 'Task status'], rows),
    '',
  ];
}
