/** Gathers what the milestone report needs (the handoff from the integration branch) and writes it. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { type Handoff, parseHandoff } from '../core/plan/handoff.js';
import { buildReport, type ReportCi, type ReportTask } from '../core/report.js';
import type { RunState } from '../core/scheduler/types.js';
import type { Git } from '../ports.js';
import { type Layout, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './layout.js';

export interface ReportSources {
  git: Git;
  layout: Layout;
  /** A Plan fits: its milestone and its tasks in plan order. */
  plan: { milestone: { id: string; title: string }; tasks: readonly ReportTask[] };
  /** Plan and handoff paths relative to the repo root (as `mstui run` stores them). */
  planRel: string;
  handoffRel: string;
  base: string;
  ci: ReportCi;
  state: RunState;
  startedAtMs: number;
  /** null when the run has not finished. */
  endedAtMs: number | null;
  /** Absolute path to write to; default `.worktrees/.mstui/report-<milestone>.md`. */
  out?: string;
}

export const reportFile = (layout: Layout, milestone: string): string => join(layout.state, `report-${milestone}.md`);

/** The handoff as committed on `branch`, or null when the branch or the file is not there. */
export async function handoffOnBranch(git: Git, repo: string, branch: string, rel: string): Promise<Handoff | null> {
  // No branch is no file (refs/heads/: the branch, not a tag or commit of that name): one program.
  const text = await git.showFile(repo, `refs/heads/${branch}`, rel);
  return text === null ? null : parseHandoff(text);
}

/** The report's markdown and where it goes (nothing written yet). */
export async function composeReport(src: ReportSources): Promise<{ path: string; markdown: string }> {
  const { layout, plan } = src;
  const path = src.out ?? reportFile(layout, plan.milestone.id);
  const rel = relative(layout.repo, path);
  const markdown = buildReport({
    milestone: { id: plan.milestone.id, title: plan.milestone.title },
    planPath: src.planRel,
    handoffPath: src.handoffRel,
    baseBranch: src.base,
    integrationBranch: layout.integrationBranch,
    ci: src.ci,
    startedAtMs: src.startedAtMs,
    endedAtMs: src.endedAtMs,
    state: src.state,
    tasks: plan.tasks.map((t) => ({ id: t.id, title: t.title, kind: t.kind })),
    handoff: await handoffOnBranch(src.git, layout.repo, layout.integrationBranch, src.handoffRel),
    reportPath: rel.startsWith('..') || isAbsolute(rel) ? path : rel,
  });
  return { path, markdown };
}

export function saveReport(path: string, markdown: string): void {
  // Created private (a path the user chose with --out keeps its parents' modes: only new folders are 0700).
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
  writeFileSync(path, markdown, { mode: PRIVATE_FILE_MODE });
}

/** For the end of a run: writes the report and returns its path. */
export async function writeReport(src: ReportSources): Promise<string> {
  const { path, markdown } = await composeReport(src);
  saveReport(path, markdown);
  return path;
}
