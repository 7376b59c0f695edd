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

const ISSUE_NUMBER = /^#?\d+$/;
/** GitHub issue numbers are positive 32-bit integers. */
const MAX_ISSUE_NUMBER = 2 ** 31 - 1;

const SPEC_HELP = 'expected gh:153,154 (or gh:153 154) or gh:"Milestone name"';

/**
 * `gh:153,154,155`, `gh:153 154 155`, `gh:"OB3 Phase 1"` or `gh:OB3 Phase 1` (seed 003's arguments: numbers separated
 * by spaces or commas, or a milestone name). Numbers and a name together are an error: a list that starts with a
 * number, or a comma list with a number in it, that is not all numbers. A quoted name is always a name.
 */
export function parseGithubSpec(spec: string): Result<GithubSpec, PlanError> {
  const rest = spec.replace(/^gh:/, '').trim();
  const quoted = /^(["'])(.*)\1$/s.exec(rest);
  if (!quoted) {
    const tokens = rest.split(/[\s,]+/).filter(Boolean);
    if (tokens.length > 0 && tokens.every((t) => ISSUE_NUMBER.test(t))) {
      const numbers = tokens.map((t) => Number(t.replace('#', '')));
      const bad = numbers.find((n) => n < 1 || n > MAX_ISSUE_NUMBER);
      if (bad !== undefined)
        return err(planError('invalid-name', `invalid GitHub plan ${JSON.stringify(spec)}: #${bad} is not an issue number`));
      return ok({ kind: 'numbers', numbers: [...new Set(numbers)] });
    }
    const someNumber = tokens.some((t) => ISSUE_NUMBER.test(t));
    if (someNumber && (ISSUE_NUMBER.test(tokens[0] ?? '') || rest.includes(','))) {
      return err(
        planError(
          'invalid-name',
          `invalid GitHub plan ${JSON.stringify(spec)}: cannot mix issue numbers and a milestone name; give issue numbers (gh:153,154) or one milestone name in quotes (gh:"OB3 Phase 1")`,
        ),
      );
    }
  }
  const name = (quoted ? (quoted[2] ?? '') : rest).trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
  if (name === '' || name.length > 100 || /[\u0000-\u001f\u007f]/.test(name)) {
    return err(planError('invalid-name', `invalid GitHub plan ${JSON.stringify(spec)}: ${SPEC_HELP}`));
  }
  return ok({ kind: 'milestone', name });
}

/**
 * The spec as the command line gave it: `gh:153 154` arrives as two arguments. Words after a `gh:` spec are part of
 * it; a list of numbers is written `gh:153,154` (what the run records, and what `mstui report` reloads).
 */
export function githubSpecFromArgs(args: readonly string[]): Result<string, PlanError> {
  const joined = args.join(' ');
  const parsed = parseGithubSpec(joined);
  if (!parsed.ok) return parsed;
  return ok(parsed.value.kind === 'numbers' ? `gh:${parsed.value.numbers.join(',')}` : joined);
}

/** The milestone id (a branch and folder name) of a GitHub plan: the milestone's name, or the issue numbers. */
export function githubMilestoneId(spec: GithubSpec): string {
  if (spec.kind === 'milestone') return slugify(spec.name) ?? `gh-milestone-${fnv1a(spec.name)}`;
  const sorted = [...spec.numbers].sort((a, b) => a - b);
  const all = `issues-${sorted.join('-')}`;
  // A long list: its first numbers and a hash of all of them (two lists never share an integration branch).
  return all.length <= 64 ? all : `issues-${sorted.slice(0, 3).join('-')}-etc-${fnv1a(sorted.join(','))}`;
}

/** FNV-1a, 32 bits, as 8 hex digits: a short stable name for text that does not fit a branch name. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
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
      body: issueBody(issue, labels),
    });
  }
  const milestoneId = githubMilestoneId(spec);
  const title = spec.kind === 'milestone' ? spec.name : `GitHub issues ${spec.numbers.map((n) => `#${n}`).join(', ')}`;
  const doneIds = issues.filter((i) => i.state.toUpperCase() === 'CLOSED').map((i) => String(i.number));
  return ok({ milestoneId, title, tasks, requires: [], doneIds, external });
}

/**
 * A task's text for an issue: its number, title and labels, then the issue's own text between markers. That text
 * is anyone's who can open an issue: it goes to the agent as text (cleaned of control characters like all plan text).
 */
function issueBody(issue: GhIssue, labels: string[]): string {
  const text = (issue.body ?? '').trim();
  return [
    `GitHub issue #${issue.number}: ${issue.title}`,
    ...(labels.length > 0 ? [`Labels: ${labels.join(', ')}`] : []),
    '',
    text === '' ? '(the issue has no description)' : `--- issue text (from GitHub) ---\n${text}\n--- end of issue text ---`,
  ].join('\n');
}
