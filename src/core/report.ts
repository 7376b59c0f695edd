/**
 * The end-of-milestone report (seed 000's summary): verdict and totals, the tasks, their tokens, the E2E tests the
 * VALIDATION tasks recorded, the challenges every task met, the integration test, and the commands that open the milestone PR.
 * Pure and deterministic: every time comes in the input.
 */
import { cleanText } from './plan/clean-text.js';
import type { Handoff } from './plan/handoff.js';
import type { TaskKind } from './plan/model.js';
import { unexpectedFindings } from './report-findings.js';
import { doubleQuoted, formatDuration, formatTime, link, outputBlock, shellWord, table } from './report-format.js';
import { notMerged, qualityGatesText, qualitySection } from './report-quality.js';
import { formatTokens } from './scheduler/agent-events.js';
import type { RunState, TaskRun, TaskStatus, TokenUsage } from './scheduler/types.js';
import { addUsage, NO_TOKENS, runUsage, taskUsage, usageTotal } from './tokens-view.js';

export interface ReportTask {
  id: string;
  title: string;
  kind: TaskKind;
}

export interface ReportCi {
  provider: 'local' | 'github';
  remote: string;
  /** What the task PRs targeted: the integration branch (then one milestone PR) or the base branch. */
  target: 'integration' | 'base';
}

export interface ReportInput {
  milestone: { id: string; title: string };
  /** The plan as `mstui run` takes it (relative to the repo root). */
  planPath: string;
  /** The handoff file, relative to the repo root, when known. */
  handoffPath?: string | null;
  baseBranch: string;
  integrationBranch: string;
  ci: ReportCi;
  startedAtMs: number;
  /** null: the run has not finished (the report is of its last saved state). */
  endedAtMs: number | null;
  state: RunState;
  /** The plan's tasks in plan order. */
  tasks: ReportTask[];
  /** The handoff as it is on the integration branch, or null when there is none. */
  handoff: Handoff | null;
  /** Where the report is written, relative to the repo root (for `gh pr create --body-file`). */
  reportPath?: string;
}

export const defaultReportPath = (milestone: string): string => `.worktrees/.mstui/report-${milestone}.md`;

/** Statuses that are not "remaining": the run will not work on these tasks again. */
const SETTLED: ReadonlySet<TaskStatus> = new Set(['merged', 'done', 'excluded', 'failed', 'skipped']);

const STATUS_TEXT: Record<TaskStatus, string> = {
  pending: '○ not started',
  done: '✓ done before',
  excluded: '– not selected',
  running: '● running',
  verifying: '◐ verifying',
  ci: '◑ in CI',
  'awaiting-merge': '⇡ awaiting merge',
  merging: '⇢ merging',
  decision: '⚠ waiting for a decision',
  conflict: '⚡ conflict',
  merged: '✓ merged',
  failed: '✗ failed',
  skipped: '⊘ skipped',
};

export interface ReportTotals {
  merged: number;
  doneBefore: number;
  failed: number;
  skipped: number;
  /** Selected tasks the run has not settled (pending, running, waiting, ...). */
  remaining: number;
  retries: number;
  commits: number;
}

export function reportTotals(state: RunState): ReportTotals {
  const t: ReportTotals = { merged: 0, doneBefore: 0, failed: 0, skipped: 0, remaining: 0, retries: 0, commits: 0 };
  for (const run of Object.values(state.tasks)) {
    if (run.status === 'merged') t.merged++;
    else if (run.status === 'done') t.doneBefore++;
    else if (run.status === 'failed') t.failed++;
    else if (run.status === 'skipped') t.skipped++;
    else if (!SETTLED.has(run.status)) t.remaining++;
    t.retries += run.retries + run.ciRetries;
    t.commits += run.commits ?? 0;
  }
  return t;
}

export function buildReport(input: ReportInput): string {
  const totals = reportTotals(input.state);
  const out: string[] = [`# ${input.milestone.id}: ${input.milestone.title} — milestone report`, ''];
  const order = input.tasks.map((t) => t.id);
  out.push(`**${verdict(input, totals)}**`, '');
  out.push(`**Quality gates:** ${qualityGatesText(input.state, order)}`, '');
  out.push(totalsLine(input, totals), '');
  out.push(...facts(input), '');
  out.push('## Tasks', '', ...tasksTable(input), '');
  out.push('## Tokens', '', ...tokensSection(input), '');
  out.push('## E2E Tests Performed', '', ...e2eSection(input), '');
  out.push('## Challenges & Solutions', '', ...challengesSection(input), '');
  out.push('## Quality gates', '', ...qualitySection(input.state, order), '');
  out.push(...unexpectedFindings(input.state));
  out.push('## Integration test', '', ...integrationSection(input), '');
  out.push('## Next steps', '', ...nextSteps(input, totals));
  // Titles, reasons, handoff sections and test output are other people's text: written as text, never as terminal commands.
  return `${cleanText(out.join('\n')).trimEnd()}\n`;
}

function verdict(input: ReportInput, t: ReportTotals): string {
  const { integration } = input.state;
  if (t.failed + t.skipped > 0) {
    const parts = [
      t.failed ? `${t.failed} failed` : '',
      t.skipped ? `${t.skipped} skipped` : '',
      t.remaining ? `${t.remaining} remaining` : '',
    ];
    return `❌ Incomplete: ${parts.filter(Boolean).join(', ')}.`;
  }
  if (t.remaining > 0) return `⏸ Not finished: ${t.remaining} of ${t.merged + t.doneBefore + t.remaining} tasks still to merge.`;
  if (integration === 'failed') return '⚠️ Every task merged, but the integration test failed.';
  if (integration === 'running') return '⏸ Every task merged; the integration test did not finish.';
  return input.ci.target === 'base'
    ? `✅ Complete: every task merged into ${input.baseBranch}.`
    : '✅ Complete: every task merged. Ready for the milestone PR.';
}

function totalsLine(input: ReportInput, t: ReportTotals): string {
  const took = input.endedAtMs === null ? 'not finished' : formatDuration(input.endedAtMs - input.startedAtMs);
  const tokens = usageTotal(runUsage(input.state));
  return [
    `${t.merged} merged`,
    `${t.doneBefore} done before`,
    `${t.failed} failed`,
    `${t.skipped} skipped`,
    `${t.remaining} remaining`,
    took,
    `${t.retries} ${t.retries === 1 ? 'retry' : 'retries'}`,
    `${t.commits} ${t.commits === 1 ? 'commit' : 'commits'}`,
    ...(tokens > 0 ? [`${formatTokens(tokens)} tokens`] : []),
  ].join(' · ');
}

function facts(input: ReportInput): string[] {
  const { ci } = input;
  const ciText =
    ci.provider === 'github'
      ? `GitHub (remote \`${ci.remote}\`; task PRs into ${ci.target === 'base' ? `\`${input.baseBranch}\`` : `\`${input.integrationBranch}\``})`
      : 'local (`commands.ci`, or the test and quality commands)';
  const ended = input.endedAtMs === null ? 'not finished' : formatTime(input.endedAtMs);
  return [
    `- **Plan:** \`${input.planPath}\``,
    ...(input.handoffPath
      ? [`- **Handoff:** \`${input.handoffPath}\` (${input.handoff ? 'as on' : 'not on'} \`${input.integrationBranch}\`)`]
      : []),
    `- **Branches:** \`${input.integrationBranch}\` from \`${input.baseBranch}\``,
    `- **CI:** ${ciText}`,
    `- **Run:** ${formatTime(input.startedAtMs)} → ${ended}`,
  ];
}

/** The plan's tasks in plan order, then any the run knew that the plan no longer lists. */
function rows(input: ReportInput): { task: ReportTask; run: TaskRun | undefined }[] {
  const listed = new Set(input.tasks.map((t) => t.id));
  const extra = input.state.order
    .filter((id) => !listed.has(id))
    .map((id): ReportTask => ({ id, title: input.state.info[id]?.title ?? id, kind: 'unknown' }));
  return [...input.tasks, ...extra].map((task) => ({ task, run: input.state.tasks[task.id] }));
}

function tasksTable(input: ReportInput): string[] {
  const body = rows(input).map(({ task, run }) => {
    if (!run) return [task.id, task.title, task.kind, 'not in this run', null, null, null, null, null];
    const took = run.startedAtMs !== null && run.endedAtMs !== null ? formatDuration(run.endedAtMs - run.startedAtMs) : null;
    const retries = run.retries + run.ciRetries;
    const retryText = run.ciRetries > 0 ? `${retries} (${run.ciRetries} CI)` : String(retries);
    const pr = run.pr ? link(`#${run.pr.number}`, run.pr.url) : null;
    const forced = run.forced?.length ? `forced past ${run.forced.map((f) => f.gate).join(', ')}` : null;
    const notes = [run.status === 'failed' || run.status === 'skipped' ? run.reason : null, forced].filter(Boolean).join('; ');
    const status = forced ? `${STATUS_TEXT[run.status]} ⚠️ forced` : STATUS_TEXT[run.status];
    return [task.id, task.title, task.kind, status, took, retryText, run.commits, pr, notes || null];
  });
  return table(['Task', 'Title', 'Kind', 'Status', 'Duration', 'Retries', 'Commits', 'PR', 'Notes'], body);
}

/** Tokens per task that used any (summed over its agent sessions), then the run's total. */
function tokensSection(input: ReportInput): string[] {
  const used = rows(input)
    .map(({ task, run }) => ({ id: task.id, u: taskUsage(run) }))
    .filter(({ u }) => usageTotal(u) > 0);
  if (used.length === 0) return ["None recorded: no agent's transcript reported token usage."];
  const total = used.reduce((sum, { u }) => addUsage(sum, u), { ...NO_TOKENS });
  // Exact counts: the report is the record (the TUI and the totals line round them).
  const line = (id: string, u: TokenUsage) => [id, u.input, u.output, u.cacheRead, u.cacheWrite, usageTotal(u)];
  return table(
    ['Task', 'Input', 'Output', 'Cache read', 'Cache write', 'Total'],
    [...used.map(({ id, u }) => line(id, u)), line('**Total**', total)],
  );
}

function e2eSection(input: ReportInput): string[] {
  const validation = input.tasks.filter((t) => t.kind === 'validation').map((t) => t.id);
  if (validation.length === 0) return ['None recorded: the plan has no VALIDATION task.'];
  const ids = new Set(validation);
  const found = (input.handoff?.sections ?? [])
    .filter((s) => s.taskIds.some((id) => ids.has(id)))
    .flatMap((s) => s.e2e.map((e) => [e.name, e.steps, e.result === 'PASSED' ? '✅ PASSED' : '❌ FAILED']));
  if (found.length === 0) {
    const where = input.handoff ? 'their handoff sections list no E2E results' : `there is no handoff on \`${input.integrationBranch}\``;
    return [`None recorded: VALIDATION task${validation.length === 1 ? '' : 's'} ${validation.join(', ')}; ${where}.`];
  }
  return table(['Test', 'Steps', 'Result'], found);
}

function challengesSection(input: ReportInput): string[] {
  const found = (input.handoff?.sections ?? []).flatMap((s) => s.challenges.map((c) => [s.taskIds.join(', '), c.challenge, c.solution]));
  if (found.length === 0) return ['None recorded in the handoff.'];
  return table(['Task', 'Challenge', 'Solution'], found);
}

function integrationSection(input: ReportInput): string[] {
  const { state, integrationBranch } = input;
  const output = state.integrationOutput ? ['', ...outputBlock(state.integrationOutput)] : [];
  // It ran without the tasks that were not merged: said plainly, not left for the reader to work out.
  const missing = notMerged(state);
  const n = missing.length;
  const without =
    n > 0
      ? ` ${n} ${n === 1 ? 'task was' : 'tasks were'} not merged, so it ran without ${n === 1 ? 'it' : 'them'}: ${missing.join(', ')}.`
      : '';
  switch (state.integration) {
    case 'passed':
      return [`✅ Passed on \`${integrationBranch}\` after the last merge.${without}`];
    case 'failed':
      return [`❌ Failed on \`${integrationBranch}\`.${without}`, ...output];
    case 'accepted':
      return [`⚠️ Failed on \`${integrationBranch}\`; you accepted it and the run went on.${without}`, ...output];
    case 'running':
      return [`… Still running when the run stopped; \`mstui run ${shellWord(input.planPath)}\` runs it again.`];
    default:
      return state.options.integration
        ? ['Not run: it runs after the last merge, and this run did not merge every task.']
        : ['Not configured: set `commands.integration` in `.mstui.json` to run one on the integration branch after the last merge.'];
  }
}

function nextSteps(input: ReportInput, t: ReportTotals): string[] {
  const { milestone, integrationBranch: branch, ci } = input;
  const plan = shellWord(input.planPath);
  const out: string[] = [];
  const unsettled = rows(input).filter(({ run }) => run && (run.status === 'failed' || run.status === 'skipped'));
  const open = t.failed + t.skipped + t.remaining;
  if (open > 0) {
    const named = unsettled.map(({ task, run }) => `${task.id} ${run?.status}`).join(', ');
    out.push(
      `- **Finish the milestone.** ${open} ${open === 1 ? 'task is' : 'tasks are'} not merged${named ? ` (${named})` : ''}. ` +
        'The failure files in `.worktrees/.mstui/failures/` say what went wrong; fix it (or leave it) and resume:',
      '',
      '  ```sh',
      `  mstui run ${plan}`,
      '  ```',
      '',
      `  Merged tasks stay merged; \`mstui run ${plan} --from <task>\` starts at a given task.`,
    );
  }
  if (input.state.integration === 'failed') {
    out.push(`- **Fix the integration test** on \`${branch}\` (worktree \`.worktrees/${milestone.id}\`) before opening the PR.`);
  }
  if (ci.target === 'base') {
    out.push(
      `- The tasks were merged into \`${input.baseBranch}\` through their own pull requests (the PR column above): there is no milestone PR to open.`,
    );
  } else {
    const when = out.length > 0 ? 'Then open' : 'Open';
    const body = input.reportPath ?? defaultReportPath(milestone.id);
    out.push(
      `- **${when} the milestone PR** (this report is its description):`,
      '',
      '  ```sh',
      `  git push -u ${shellWord(ci.remote)} ${shellWord(branch)}`,
      `  gh pr create --base ${shellWord(input.baseBranch)} --head ${shellWord(branch)} --title ${doubleQuoted(`${milestone.id}: ${milestone.title}`)} --body-file ${shellWord(body)}`,
      '  ```',
    );
  }
  out.push('- `mstui clean` removes the worktrees of merged tasks (`--all`: every mstui worktree of the milestone).');
  return out;
}
