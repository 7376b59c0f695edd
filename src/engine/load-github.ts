/** Seed 003 plans: GitHub issues (numbers, or a milestone's issues) read through `gh`, with their outside dependencies. */
import { assemblePlan } from '../core/plan/assemble.js';
import { cleanLine } from '../core/plan/clean-text.js';
import type { DepsMode, OutsideDependency, Plan, PlanError } from '../core/plan/model.js';
import { planError } from '../core/plan/model.js';
import { parseGithubIssues, parseGithubSpec } from '../core/plan/parse-github.js';
import type { Result } from '../core/result.js';
import { err } from '../core/result.js';
import { CommandError, type Runner } from '../ports.js';

export interface GithubLoadOptions {
  cwd: string;
  deps?: DepsMode;
}

const ISSUE_FIELDS = 'number,title,body,labels,state';
/** gh's defaults are 30 issues, open only: a milestone is read whole. */
const MILESTONE_LIMIT = '500';
/** `gh api` fills `{owner}/{repo}` from the repository of the current folder. */
export const MILESTONES_ENDPOINT = 'repos/{owner}/{repo}/milestones?state=all&per_page=100';

export async function loadGithub(spec: string, opts: GithubLoadOptions, runner: Runner): Promise<Result<Plan, PlanError>> {
  const parsed = parseGithubSpec(spec);
  if (!parsed.ok) return parsed;
  const s = parsed.value;
  let issues: unknown[] = [];
  if (s.kind === 'milestone') {
    const args = ['issue', 'list', '--milestone', s.name, '--state', 'all', '--limit', MILESTONE_LIMIT, '--json', ISSUE_FIELDS];
    const r = await gh(args, opts.cwd, runner);
    const list = r.ok ? (Array.isArray(r.value) ? r.value : [r.value]) : [];
    // No such milestone (gh fails), or none of its issues: say which milestones there are.
    if (!r.ok || list.length === 0) return err(await milestoneMissing(s.name, r.ok ? null : r.error, opts.cwd, runner));
    issues = list;
  } else {
    for (const n of s.numbers) {
      const r = await gh(['issue', 'view', String(n), '--json', ISSUE_FIELDS], opts.cwd, runner);
      if (!r.ok) return r;
      issues.push(r.value);
    }
  }
  const plan = parseGithubIssues(issues, s, spec);
  if (!plan.ok) return plan;
  const outside: OutsideDependency[] = [];
  const state = new Map<number, OutsideDependency['state']>();
  for (const { from, on } of plan.value.external) {
    if (!state.has(on)) {
      const r = await gh(['issue', 'view', String(on), '--json', 'number,state'], opts.cwd, runner);
      const st = r.ok ? String((r.value as { state?: unknown }).state ?? '').toUpperCase() : '';
      state.set(on, st === 'CLOSED' ? 'closed' : st === 'OPEN' ? 'open' : 'unknown');
    }
    outside.push({ task: from, on, state: state.get(on) ?? 'unknown' });
  }
  const warnings = outside
    .filter((o) => o.state !== 'closed')
    .map(
      (o) =>
        `needs review: #${o.task} depends on #${o.on}, which is outside this plan and ${o.state === 'open' ? 'still open' : 'could not be read'}`,
    );
  const assembled = assemblePlan({
    raw: plan.value,
    format: 'github',
    source: spec,
    done: new Set(plan.value.doneIds),
    depsMode: opts.deps,
    warnings,
    needsReview: warnings.length > 0,
  });
  return assembled.ok ? { ok: true, value: { ...assembled.value, outside } } : assembled;
}

/** Seed 003: "Milestone not found → show available". gh's own reason, then the milestones of the repository. */
async function milestoneMissing(name: string, failure: PlanError | null, cwd: string, runner: Runner): Promise<PlanError> {
  const r = await gh(['api', MILESTONES_ENDPOINT], cwd, runner);
  const all = r.ok && Array.isArray(r.value) ? r.value.flatMap(milestoneOf) : null;
  const exists = all?.some((m) => m.title === name) ?? false;
  if (failure === null && exists) return planError('not-a-plan', `GitHub milestone ${JSON.stringify(name)} has no issues`);
  const why = failure === null ? `no GitHub milestone named ${JSON.stringify(name)}` : failure.message;
  if (all === null) return planError('not-found', `${why} (the list of milestones could not be read either)`);
  const names = all.map((m) => `${JSON.stringify(m.title)} (${m.state})`).join(', ');
  return planError('not-found', all.length === 0 ? `${why}; this repository has no milestones` : `${why}; the milestones here: ${names}`);
}

function milestoneOf(m: unknown): { title: string; state: string }[] {
  const o = m as { title?: unknown; state?: unknown };
  return typeof o?.title === 'string' ? [{ title: cleanLine(o.title), state: String(o.state ?? 'open').toLowerCase() }] : [];
}

async function gh(args: string[], cwd: string, runner: Runner): Promise<Result<unknown, PlanError>> {
  const what = `gh ${args.slice(0, 3).join(' ')}`;
  try {
    const r = await runner.run('gh', args, { cwd, timeoutMs: 60_000 });
    if (r.exitCode !== 0) {
      const why = cleanLine(r.stderr.trim().split('\n')[0] ?? '') || `exit code ${r.exitCode}`;
      return err(planError('github', `${what} failed: ${why}`));
    }
    return { ok: true, value: JSON.parse(r.stdout) as unknown };
  } catch (e) {
    if (e instanceof CommandError && e.code === 'missing-command') {
      return err(
        planError(
          'github',
          'gh (GitHub CLI) is not installed or not on PATH: install it from https://cli.github.com and run `gh auth login`',
        ),
      );
    }
    if (e instanceof SyntaxError) return err(planError('github', `${what} printed something that is not JSON`));
    throw e;
  }
}
