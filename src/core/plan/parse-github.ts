/** Seed 003 plans: GitHub issues (a milestone, or a list of numbers) loaded through `gh`. */
import { z } from 'zod';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import { kindOf, slugify } from './ids.js';
import { type PlanError, planError } from './model.js';
import type { RawPlan, RawTask } from './parse-markdown.js';

export type GithubSpec = { kind: 'numbers'; numbers: number[] } | { kind: 'milestone'; name: string };

export const GhIssue = z.looseObject({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullish(),
  state: z.string(),
  labels: z.array(z.looseObject({ name: z.string() })).nullish(),
});
export type GhIssue = z.infer<typeof GhIssue>;

/** `gh:153,154,155`, `gh:"OB3 Phase 1"` or `gh:OB3 Phase 1`. */
export function parseGithubSpec(spec: string): Result<GithubSpec, PlanError> {
  const rest = spec.replace(/^gh:/, '').trim();
  if (/^#?\d+(\s*,\s*#?\d+)*$/.test(rest)) {
    const numbers = rest.split(/\s*,\s*/).map((n) => Number(n.replace('#', '')));
    return ok({ kind: 'numbers', numbers: [...new Set(numbers)] });
  }
  const name = rest
    .replace(/^"(.*)"$/, '$1')
    .replace(/^'(.*)'$/, '$1')
    .trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
  if (name === '' || name.length > 100 || /[\u0000-\u001f]/.test(name)) {
    return err(planError('invalid-name', `invalid GitHub plan ${JSON.stringify(spec)}: expected gh:153,154 or gh:"Milestone name"`));
  }
  return ok({ kind: 'milestone', name });
}

const DEP_MARKER = /\b(?:depends on|blocked by|requires)\s*:?\s*((?:#\d+(?:\s*(?:,|and|&)\s*)?)+)/gi;

export function depsInBody(body: string): number[] {
  const out: number[] = [];
  for (const m of body.matchAll(DEP_MARKER)) {
    for (const n of (m[1] ?? '').matchAll(/#(\d+)/g)) out.push(Number(n[1]));
  }
  return [...new Set(out)];
}

export interface GithubPlan extends RawPlan {
  doneIds: string[];
  /** Dependencies on issues outside the plan: `{ from, on }` by issue number. */
  external: { from: string; on: number }[];
}

export function parseGithubIssues(raw: unknown, spec: GithubSpec, source: string): Result<GithubPlan, PlanError> {
  const parsed = z.array(GhIssue).safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return err(planError('github', `${source}: unexpected gh output at ${i?.path.join('.') ?? '?'}: ${i?.message ?? ''}`));
  }
  const issues = [...parsed.data].sort((a, b) => a.number - b.number);
  const inPlan = new Set(issues.map((i) => i.number));
  const tasks: RawTask[] = [];
  const external: { from: string; on: number }[] = [];
  for (const issue of issues) {
    const deps = depsInBody(issue.body ?? '').filter((n) => n !== issue.number);
    for (const n of deps) if (!inPlan.has(n)) external.push({ from: String(issue.number), on: n });
    const labels = (issue.labels ?? []).map((l) => l.name);
    const typeLabel = labels.find((l) => kindOf(l) !== 'unknown') ?? null;
    tasks.push({
      id: String(issue.number),
      title: issue.title,
      rawType: typeLabel,
      files: [],
      deps: deps.filter((n) => inPlan.has(n)).map(String),
      line: issue.number,
      body: `#${issue.number} ${issue.title}\n\n${issue.body ?? ''}`.trim(),
    });
  }
  const milestoneId =
    spec.kind === 'milestone'
      ? (slugify(spec.name) ?? 'gh-milestone')
      : `issues-${spec.numbers.slice(0, 3).join('-')}${spec.numbers.length > 3 ? '-etc' : ''}`;
  const title = spec.kind === 'milestone' ? spec.name : `GitHub issues ${spec.numbers.map((n) => `#${n}`).join(', ')}`;
  const doneIds = issues.filter((i) => i.state.toUpperCase() === 'CLOSED').map((i) => String(i.number));
  return ok({ milestoneId, title, tasks, requires: [], doneIds, external });
}
