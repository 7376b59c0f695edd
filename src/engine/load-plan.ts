/** Finds and reads a plan (file, milestone name, or gh: spec) and its handoff, through ports. */
import { dirname, join, resolve } from 'node:path';
import { assemblePlan } from '../core/plan/assemble.js';
import { parseHandoff } from '../core/plan/handoff.js';
import { unsafeIdReason } from '../core/plan/ids.js';
import type { DepsMode, Plan, PlanError } from '../core/plan/model.js';
import { planError } from '../core/plan/model.js';
import { hasTaskHeadings, parseMarkdownPlan } from '../core/plan/parse-markdown.js';
import { hasTaskIds, parseTaskIdPlan } from '../core/plan/parse-task-ids.js';
import type { Result } from '../core/result.js';
import { err } from '../core/result.js';
import type { PlanFiles, Runner } from '../ports.js';

export interface LoadOptions {
  /** Folder that relative paths and milestone names are resolved against (the repo root). */
  cwd: string;
  handoff?: string;
  deps?: DepsMode;
}

export interface LoadPorts {
  files: PlanFiles;
  runner: Runner;
}

/**
 * The YAML and GitHub readers are imported when a plan of theirs is read: they bring `yaml` and `zod` (~170 files),
 * which a Markdown plan does not need (`mstui plan` starts in about half the time).
 */
const yamlReader = () => import('../core/plan/parse-yaml.js');
const githubReader = () => import('./load-github.js');

/** seed 001: a milestone name is an identifier, checked before any file is touched. */
export const MILESTONE_NAME = /^[A-Za-z0-9_-]+$/;
export const MILESTONE_NAME_MAX = 50;

export async function loadPlan(spec: string, opts: LoadOptions, ports: LoadPorts): Promise<Result<Plan, PlanError>> {
  if (spec.startsWith('gh:')) return (await githubReader()).loadGithub(spec, opts, ports.runner);
  if (looksLikePath(spec)) {
    if (await ports.files.isDirectory(resolve(opts.cwd, spec))) return err(await folderGiven(spec, opts.cwd, ports.files));
    const text = await ports.files.read(resolve(opts.cwd, spec));
    if (text === null) return err(planError('not-found', `plan file not found: ${spec}`));
    return fromFile(spec, text, opts, ports);
  }
  if (!MILESTONE_NAME.test(spec) || spec.length > MILESTONE_NAME_MAX) {
    return err(
      planError(
        'invalid-name',
        `invalid milestone name ${JSON.stringify(spec)}: use letters, digits, '-' and '_' (at most ${MILESTONE_NAME_MAX} characters), or give a path to the plan file`,
      ),
    );
  }
  if (await ports.files.isDirectory(resolve(opts.cwd, spec))) return err(await folderGiven(spec, opts.cwd, ports.files));
  const found = await findByName(spec, opts.cwd, ports.files);
  if (!found.ok) return found;
  const text = await ports.files.read(resolve(opts.cwd, found.value));
  if (text === null) return err(planError('not-found', `plan file not found: ${found.value}`));
  return fromFile(found.value, text, opts, ports, spec);
}

/** A folder given as the plan: say that a plan is a file, and name the plan-like files in it. */
async function folderGiven(spec: string, cwd: string, files: PlanFiles): Promise<PlanError> {
  const inside = (await files.list(resolve(cwd, spec))).filter((f) => /\.(md|markdown|ya?ml)$/i.test(f)).sort();
  const shown = inside.slice(0, 3).map((f) => join(spec, f));
  const found = shown.length === 0 ? 'it holds no .md or .yaml file' : `it holds ${shown.join(', ')}${inside.length > 3 ? ', …' : ''}`;
  return planError('not-a-file', `${spec} is a folder, and a plan is a file: give the plan file's path (${found})`);
}

function looksLikePath(spec: string): boolean {
  return /[\\/]/.test(spec) || /\.(md|markdown|ya?ml)$/i.test(spec);
}

/** seed 001's search: `*NAME*Milestone_Plan.md` in these folders (not below them), when no exact name exists. */
const NAME_FOLDERS = ['project_sdd_on_claude', 'specs/milestones', 'specs'];
const PLAN_SUFFIX = 'Milestone_Plan.md';

/**
 * A milestone name → the one plan file it names: an exact name first (`NAME_Milestone_Plan.md`, `<N>_NAME_...`,
 * `specs/milestones/NAME.md`, `.milestones/active/NAME.yaml`), else seed 001's `*NAME*Milestone_Plan.md`
 * (`Pay` finds `M2_Pay_Milestone_Plan.md`). Several files are an error naming them; none says where it looked.
 */
async function findByName(name: string, cwd: string, files: PlanFiles): Promise<Result<string, PlanError>> {
  const exact = await candidatesFor(name, cwd, files);
  const existing: string[] = [];
  for (const c of exact) if (await files.exists(resolve(cwd, c))) existing.push(c);
  if (existing.length === 0) {
    for (const folder of NAME_FOLDERS) {
      for (const f of (await files.list(join(cwd, folder))).sort()) {
        if (f.endsWith(PLAN_SUFFIX) && f.slice(0, -PLAN_SUFFIX.length).includes(name)) existing.push(`${folder}/${f}`);
      }
    }
  }
  const [only, ...more] = existing;
  if (only !== undefined && more.length === 0) return { ok: true, value: only };
  if (only !== undefined) {
    return err(
      planError(
        'ambiguous-name',
        `${existing.length} plans match the name ${name}: ${existing.join(', ')}; give the path of the one to use`,
      ),
    );
  }
  // One line: the CLI prints plan errors as a single stderr line.
  const places = exact.filter((c) => !/^project_sdd_on_claude\/\d+_/.test(c));
  const globs = NAME_FOLDERS.map((f) => `${f}/`).join(', ');
  return err(planError('not-found', `no plan named ${name}; looked for ${places.join(', ')}, and *${name}*${PLAN_SUFFIX} in ${globs}`));
}

async function candidatesFor(name: string, cwd: string, files: PlanFiles): Promise<string[]> {
  const numbered = (await files.list(join(cwd, 'project_sdd_on_claude')))
    .filter((f) => /^\d+_/.test(f) && f.replace(/^\d+_/, '') === `${name}_Milestone_Plan.md`)
    .sort()
    .map((f) => `project_sdd_on_claude/${f}`);
  return [
    `project_sdd_on_claude/${name}_Milestone_Plan.md`,
    ...(numbered.length ? numbered : [`project_sdd_on_claude/<N>_${name}_Milestone_Plan.md`]),
    `specs/milestones/${name}.md`,
    `specs/${name}_Milestone_Plan.md`,
    `.milestones/active/${name}.yaml`,
  ];
}

async function fromFile(path: string, text: string, opts: LoadOptions, ports: LoadPorts, name?: string): Promise<Result<Plan, PlanError>> {
  if (/\.ya?ml$/i.test(path)) {
    const { parseYamlPlan, statusRefusal } = await yamlReader();
    const y = parseYamlPlan(text, path);
    if (!y.ok) return y;
    const completedDir = path.includes('.milestones/active/')
      ? join(resolve(opts.cwd, dirname(dirname(path))), 'completed')
      : join(opts.cwd, '.milestones', 'completed');
    for (const dep of y.value.requires) {
      const why = unsafeIdReason(dep);
      if (why)
        return err(planError('milestone-dependency', `${path}: required milestone ${JSON.stringify(dep)} is not a valid id: ${why}`));
      if (!(await ports.files.exists(join(completedDir, `${dep}.yaml`)))) {
        return err(
          planError(
            'milestone-dependency',
            `${path}: requires milestone ${dep}, which is not completed (no .milestones/completed/${dep}.yaml)`,
          ),
        );
      }
    }
    const plan = assemblePlan({ raw: y.value, format: 'yaml', source: path, done: new Set(y.value.doneIds), depsMode: opts.deps });
    const why = statusRefusal(y.value.status, y.value.milestoneId);
    if (!plan.ok || why === null) return plan;
    const warnings = [...plan.value.warnings, `${why}; mstui run refuses it`];
    return { ok: true, value: { ...plan.value, refusal: `${path}: ${why}`, warnings } };
  }
  const format = hasTaskHeadings(text) ? 'markdown' : hasTaskIds(text) ? 'task-ids' : null;
  if (format === null) {
    return err(planError('not-a-plan', `no tasks found in ${path}; expected '## Task N.N: Title' headings or TASK-NNN ids`));
  }
  const raw = format === 'markdown' ? parseMarkdownPlan(text, path) : parseTaskIdPlan(text, path, name);
  if (!raw.ok) return raw;
  const handoffPath = opts.handoff ?? join(dirname(path), `HANDOFF_${raw.value.milestoneId}.md`);
  const handoffText = await ports.files.read(resolve(opts.cwd, handoffPath));
  if (handoffText === null && opts.handoff) return err(planError('not-found', `handoff file not found: ${opts.handoff}`));
  const done = handoffText === null ? new Set<string>() : parseHandoff(handoffText).done;
  return assemblePlan({
    raw: raw.value,
    format,
    source: path,
    done,
    depsMode: opts.deps,
    handoffPath: handoffText === null ? null : handoffPath,
  });
}
