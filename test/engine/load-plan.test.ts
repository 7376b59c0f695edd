/** loadPlan against real temp folders, the real PlanFiles/Runner, and the recording fake `gh`. */
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPlanFiles } from '../../src/adapters/plan-files.js';
import { createRunner } from '../../src/adapters/runner.js';
import type { Plan, PlanError, PlanErrorCode } from '../../src/core/plan/model.js';
import type { Result } from '../../src/core/result.js';
import { type LoadOptions, loadPlan } from '../../src/engine/load-plan.js';
import type { PlanFiles } from '../../src/ports.js';

const FAKES = fileURLToPath(new URL('../fakes', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../examples', import.meta.url));
const ISSUE_FIELDS = 'number,title,body,labels,state';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mstui-load-'));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

async function write(rel: string, text: string): Promise<void> {
  await mkdir(dirname(join(dir, rel)), { recursive: true });
  await writeFile(join(dir, rel), text);
}

/** The real PlanFiles, recording every call so a test can prove no file was touched. */
function recordingFiles(): PlanFiles & { calls: string[] } {
  const real = createPlanFiles();
  const calls: string[] = [];
  return {
    calls,
    read(p) {
      calls.push(`read ${p}`);
      return real.read(p);
    },
    list(p) {
      calls.push(`list ${p}`);
      return real.list(p);
    },
    exists(p) {
      calls.push(`exists ${p}`);
      return real.exists(p);
    },
    isDirectory(p) {
      calls.push(`isDirectory ${p}`);
      return real.isDirectory(p);
    },
  };
}

const load = (spec: string, opts: Partial<LoadOptions> = {}, files: PlanFiles = createPlanFiles()) =>
  loadPlan(spec, { cwd: dir, ...opts }, { files, runner: createRunner() });

function okPlan(r: Result<Plan, PlanError>): Plan {
  if (!r.ok) throw new Error(`expected a plan, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}
function failure(r: Result<Plan, PlanError>, code: PlanErrorCode): string {
  if (r.ok) throw new Error(`expected ${code}, got a plan with ${r.value.tasks.length} tasks`);
  expect(r.error.code).toBe(code);
  return r.error.message;
}
const depsOf = (p: Plan) => Object.fromEntries(p.tasks.map((t) => [t.id, t.deps]));
const doneOf = (p: Plan) => p.tasks.filter((t) => t.done).map((t) => t.id);

describe('YAML plans (.milestones/active/<id>.yaml)', () => {
  const YAML = [
    'metadata:', //                 1
    '  id: M2', //                  2
    '  title: Search service', //   3
    '  owner: someone', //          4 (unknown key)
    'tasks:', //                    5
    '  - id: T1', //                6
    '    title: Schema', //         7
    '    status: completed', //     8
    '    estimate: 3', //           9 (unknown key)
    '  - id: T2', //                10
    '    title: Index', //          11
    '    status: pending', //       12
    '    dependencies: [T1]', //    13
    'extra: true', //               14 (unknown key)
    '',
  ].join('\n');
  const FILE = '.milestones/active/M2.yaml';

  it('reads metadata and tasks, maps completed to done, keeps unknown keys', async () => {
    await write(FILE, YAML);
    const plan = okPlan(await load(FILE));
    expect(plan.milestone).toEqual({ id: 'M2', title: 'Search service', source: FILE, format: 'yaml' });
    expect(plan.tasks.map((t) => [t.id, t.title, t.loc.line])).toEqual([
      ['T1', 'Schema', 6],
      ['T2', 'Index', 10],
    ]);
    expect(doneOf(plan)).toEqual(['T1']);
    expect(depsOf(plan)).toEqual({ T1: [], T2: ['T1'] });
  });

  it('is found by milestone name and by absolute path', async () => {
    await write(FILE, YAML);
    expect(okPlan(await load('M2')).milestone.source).toBe(FILE);
    expect(okPlan(await load(join(dir, FILE))).tasks).toHaveLength(2);
  });

  it('reports a wrong type with the file, line and YAML path', async () => {
    await write(FILE, YAML.replace('dependencies: [T1]', 'dependencies: T1'));
    const message = failure(await load(FILE), 'invalid-yaml');
    expect(message).toContain(`${FILE}:13`);
    expect(message).toContain('tasks[1].dependencies');
  });

  it('reports invalid YAML syntax with the line it was found on', async () => {
    await write(FILE, 'tasks:\n  - id: T1\n    title: a\n  - id: T2\n   title: b\n');
    expect(failure(await load(FILE), 'invalid-yaml')).toMatch(new RegExp(`^${FILE.replace(/\./g, '\\.')}:5: not valid YAML`));
  });

  it.each([
    ['status: completed\n', 'has status "completed", which does not allow execution (only planned, paused, in_progress run)'],
    ['status: blocked\n', 'has status "blocked"'],
    ['metadata:\n  status: archived\n', 'has status "archived"'],
  ])('a milestone with %j is shown with a note and carries the refusal for mstui run', async (head, why) => {
    const text = head.startsWith('metadata') ? YAML.replace('metadata:\n', head) : `${head}${YAML}`;
    await write(FILE, text);
    const plan = okPlan(await load(FILE));
    expect(plan.tasks).toHaveLength(2);
    expect(plan.refusal).toContain(`${FILE}: milestone M2 ${why}`);
    expect(plan.refusal).toMatch(/: change its status to run it$/);
    expect(plan.warnings.at(-1)).toMatch(/^milestone M2 has status .*; mstui run refuses it$/);
  });

  it.each(['planned', 'paused', 'in_progress', 'In-Progress'])('status %s may run', async (status) => {
    await write(FILE, `status: ${status}\n${YAML}`);
    const plan = okPlan(await load(FILE));
    expect(plan.refusal).toBeUndefined();
    expect(plan.warnings).toEqual([]);
  });

  it('requires listed milestones to be completed', async () => {
    await write(FILE, `dependencies:\n  requires: [M0]\n${YAML}`);
    expect(failure(await load(FILE), 'milestone-dependency')).toMatch(/requires milestone M0.*\.milestones\/completed\/M0\.yaml/);
    await write('.milestones/completed/M0.yaml', 'tasks: []\n');
    expect(okPlan(await load(FILE)).tasks).toHaveLength(2);
    expect(okPlan(await load(join(dir, FILE))).tasks).toHaveLength(2);
  });
});

describe('milestone names (seed 001)', () => {
  const PLAN = [
    '# Auth Milestone Plan',
    '',
    '## Task Sequence',
    '',
    '1. TASK-001 Create the users table',
    '2. TASK-002 Login endpoint (depends on TASK-001)',
    '',
  ].join('\n');

  it.each([
    'project_sdd_on_claude/Auth_Milestone_Plan.md',
    'project_sdd_on_claude/3_Auth_Milestone_Plan.md',
    'specs/milestones/Auth.md',
    'specs/Auth_Milestone_Plan.md',
  ])('finds %s', async (path) => {
    await write(path, PLAN);
    const plan = okPlan(await load('Auth'));
    expect(plan.milestone).toMatchObject({ id: 'Auth', source: path, format: 'task-ids' });
    expect(depsOf(plan)).toEqual({ 'TASK-001': [], 'TASK-002': ['TASK-001'] });
  });

  it.each([
    ['project_sdd_on_claude/M2_Pay_Milestone_Plan.md', 'Pay'],
    ['specs/milestones/2_Payments_Milestone_Plan.md', 'Pay'],
    ['specs/Pay_v2_Milestone_Plan.md', 'Pay'],
  ])("finds %s by the seed's *NAME*Milestone_Plan.md", async (path, name) => {
    await write(path, PLAN);
    expect(okPlan(await load(name)).milestone).toMatchObject({ id: name, source: path });
  });

  it('an exact name wins over *NAME*Milestone_Plan.md matches', async () => {
    await write('project_sdd_on_claude/3_Social_Auth_Milestone_Plan.md', PLAN);
    expect(okPlan(await load('Auth')).milestone.source).toBe('project_sdd_on_claude/3_Social_Auth_Milestone_Plan.md');
    await write('project_sdd_on_claude/4_Auth_Milestone_Plan.md', PLAN);
    expect(okPlan(await load('Auth')).milestone.source).toBe('project_sdd_on_claude/4_Auth_Milestone_Plan.md');
    expect(okPlan(await load('Social_Auth')).milestone.source).toBe('project_sdd_on_claude/3_Social_Auth_Milestone_Plan.md');
  });

  it('several matches are an error listing them, on one line', async () => {
    await write('project_sdd_on_claude/M2_Pay_Milestone_Plan.md', PLAN);
    await write('specs/M3_Payroll_Milestone_Plan.md', PLAN);
    const message = failure(await load('Pay'), 'ambiguous-name');
    expect(message).toBe(
      '2 plans match the name Pay: project_sdd_on_claude/M2_Pay_Milestone_Plan.md, specs/M3_Payroll_Milestone_Plan.md; give the path of the one to use',
    );
    await write('specs/milestones/Auth.md', PLAN);
    await write('.milestones/active/Auth.yaml', 'tasks:\n  - id: T1\n');
    expect(failure(await load('Auth'), 'ambiguous-name')).toContain('specs/milestones/Auth.md, .milestones/active/Auth.yaml');
  });

  it('a name not found in the folder itself is not looked for below it, nor in other folders', async () => {
    await write('specs/milestones/old/M1_Pay_Milestone_Plan.md', PLAN);
    await write('docs/M1_Pay_Milestone_Plan.md', PLAN);
    await write('specs/Pay_notes.md', PLAN);
    failure(await load('Pay'), 'not-found');
  });

  it('says where it looked, on one line, when nothing is found', async () => {
    const message = failure(await load('Auth'), 'not-found');
    expect(message).not.toContain('\n');
    for (const place of ['project_sdd_on_claude/Auth_Milestone_Plan.md', 'specs/milestones/Auth.md', 'specs/Auth_Milestone_Plan.md']) {
      expect(message).toContain(place);
    }
    expect(message).toContain('*Auth*Milestone_Plan.md in project_sdd_on_claude/, specs/milestones/, specs/');
  });

  it.each(['Auth Plan', 'Auth;rm', '$(id)', 'Auth.v2', '', 'a'.repeat(51)])(
    'rejects the name %j before touching any file',
    async (name) => {
      const files = recordingFiles();
      failure(await load(name, {}, files), 'invalid-name');
      expect(files.calls).toEqual([]);
    },
  );

  it.each(['specs', 'specs/'])('a folder given as the plan (%j) says a plan is a file and names the plans in it', async (spec) => {
    await write('specs/M1_Milestone_Plan.md', '# M1\n');
    await write('specs/notes.txt', 'x');
    const message = failure(await load(spec, {}, recordingFiles()), 'not-a-file');
    expect(message).toBe(`${spec} is a folder, and a plan is a file: give the plan file's path (it holds specs/M1_Milestone_Plan.md)`);
  });

  it('accepts a 50-character name (and then looks for it)', async () => {
    const files = recordingFiles();
    failure(await load('a'.repeat(50), {}, files), 'not-found');
    expect(files.calls.length).toBeGreaterThan(0);
  });
});

describe('markdown plans and handoffs (the repo examples)', () => {
  beforeEach(async () => {
    await copyFile(join(EXAMPLES, 'M1_todo_app.md'), join(dir, 'M1_todo_app.md'));
  });

  it('takes done marks from HANDOFF_<id>.md beside the plan', async () => {
    expect(doneOf(okPlan(await load('M1_todo_app.md')))).toEqual([]);
    await copyFile(join(EXAMPLES, 'HANDOFF_M1.md'), join(dir, 'HANDOFF_M1.md'));
    const plan = okPlan(await load('M1_todo_app.md'));
    expect(doneOf(plan)).toEqual(['1.1']);
    expect(plan.handoffPath).toBe('HANDOFF_M1.md');
  });

  it('uses --handoff instead, relative or absolute', async () => {
    await copyFile(join(EXAMPLES, 'HANDOFF_M1.md'), join(dir, 'HANDOFF_M1.md'));
    await write('notes/other.md', '# Handoff\n\n## Task 1.2 Complete: Persistence\n\n## Task 1.4 Complete: Research\n');
    for (const handoff of ['notes/other.md', join(dir, 'notes/other.md')]) {
      const plan = okPlan(await load('M1_todo_app.md', { handoff }));
      expect(doneOf(plan)).toEqual(['1.2', '1.4']);
      expect(plan.handoffPath).toBe(handoff);
    }
  });

  it('fails when the --handoff file does not exist', async () => {
    expect(failure(await load('M1_todo_app.md', { handoff: 'missing.md' }), 'not-found')).toContain('missing.md');
  });
});

describe('GitHub plans through the fake gh', () => {
  const issue = (number: number, state: string, body = '', milestone = 'OB3 Phase 1') => ({
    number,
    title: `Issue ${number}`,
    body,
    state,
    labels: [{ name: 'bug' }],
    milestone,
  });

  async function fakeGh(issues: object[]): Promise<() => Promise<string[][]>> {
    const data = join(dir, 'gh-data.json');
    const log = join(dir, 'gh-log.jsonl');
    await writeFile(data, JSON.stringify({ issues }));
    vi.stubEnv('PATH', `${FAKES}${delimiter}${process.env.PATH ?? ''}`);
    vi.stubEnv('FAKE_GH_DATA', data);
    vi.stubEnv('FAKE_GH_LOG', log);
    return async () =>
      (await readFile(log, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as string[]);
  }

  it('the fake is executable', async () => {
    expect((await stat(join(FAKES, 'gh'))).mode & 0o111).not.toBe(0);
  });

  it('gh:153,154,155 views each issue; deps from the body; closed is done; a closed outside dep is fine', async () => {
    const calls = await fakeGh([
      issue(152, 'CLOSED', '', 'Older'),
      issue(153, 'CLOSED', 'Depends on #152'),
      issue(154, 'OPEN', 'Blocked by #153'),
      issue(155, 'OPEN', 'Depends on #153\n\nBlocked by #154'),
    ]);
    const plan = okPlan(await load('gh:153,154,155'));
    expect(plan.milestone.format).toBe('github');
    expect(depsOf(plan)).toEqual({ 153: [], 154: ['153'], 155: ['153', '154'] });
    expect(doneOf(plan)).toEqual(['153']);
    expect(plan.tasks[0]).toMatchObject({ title: 'Issue 153', rawType: 'bug', kind: 'coding' });
    expect(plan.warnings).toEqual([]);
    expect(plan.needsReview).toBe(false);
    expect(await calls()).toEqual([
      ['issue', 'view', '153', '--json', ISSUE_FIELDS],
      ['issue', 'view', '154', '--json', ISSUE_FIELDS],
      ['issue', 'view', '155', '--json', ISSUE_FIELDS],
      ['issue', 'view', '152', '--json', 'number,state'],
    ]);
  });

  it.each(['gh:"OB3 Phase 1"', 'gh:OB3 Phase 1'])('%s lists the milestone with the exact argv', async (spec) => {
    const calls = await fakeGh([issue(7, 'OPEN', '', 'Other'), issue(21, 'OPEN', 'Depends on #20'), issue(20, 'CLOSED')]);
    const plan = okPlan(await load(spec));
    expect(plan.milestone).toMatchObject({ id: 'OB3-Phase-1', title: 'OB3 Phase 1', source: spec });
    expect(depsOf(plan)).toEqual({ 20: [], 21: ['20'] });
    expect(doneOf(plan)).toEqual(['20']);
    expect(await calls()).toEqual([
      ['issue', 'list', '--milestone', 'OB3 Phase 1', '--state', 'all', '--limit', '500', '--json', ISSUE_FIELDS],
    ]);
  });

  it('an open dependency outside the plan is a warning and needs review', async () => {
    await fakeGh([issue(99, 'OPEN', '', 'Later'), issue(153, 'OPEN', 'Depends on #99')]);
    const plan = okPlan(await load('gh:153'));
    expect(plan.warnings).toEqual([expect.stringMatching(/#153 depends on #99.*still open/)]);
    expect(plan.needsReview).toBe(true);
    expect(depsOf(plan)).toEqual({ 153: [] });
  });

  it('an outside dependency gh cannot find also needs review', async () => {
    await fakeGh([issue(153, 'OPEN', 'Blocked by #404')]);
    const plan = okPlan(await load('gh:153'));
    expect(plan.warnings).toEqual([expect.stringMatching(/#153 depends on #404.*could not be read/)]);
    expect(plan.needsReview).toBe(true);
  });

  it('an issue that does not exist is a github error with gh’s reason', async () => {
    await fakeGh([issue(153, 'OPEN')]);
    expect(failure(await load('gh:153,404'), 'github')).toContain('Could not resolve to an issue or pull request with the number of 404');
  });

  it('says gh is not installed when it is not on PATH', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'mstui-nopath-'));
    try {
      vi.stubEnv('PATH', empty);
      expect(failure(await load('gh:153'), 'github')).toMatch(/gh .*is not installed/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
