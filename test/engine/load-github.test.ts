/** GitHub plans through the real runner and the recording fake `gh`: outside dependencies, unknown milestones. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPlanFiles } from '../../src/adapters/plan-files.js';
import { createRunner } from '../../src/adapters/runner.js';
import type { Plan, PlanError } from '../../src/core/plan/model.js';
import type { Result } from '../../src/core/result.js';
import { MILESTONES_ENDPOINT } from '../../src/engine/load-github.js';
import { loadPlan } from '../../src/engine/load-plan.js';

const FAKES = fileURLToPath(new URL('../fakes', import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mstui-load-gh-'));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

const issue = (number: number, state: string, body = '', milestone = 'OB3 Phase 1') => ({
  number,
  title: `Issue ${number}`,
  body,
  state,
  labels: [],
  milestone,
});

async function fakeGh(data: object): Promise<() => Promise<string[][]>> {
  const file = join(dir, 'gh-data.json');
  const log = join(dir, 'gh-log.jsonl');
  await writeFile(file, JSON.stringify(data));
  vi.stubEnv('PATH', `${FAKES}${delimiter}${process.env.PATH ?? ''}`);
  vi.stubEnv('FAKE_GH_DATA', file);
  vi.stubEnv('FAKE_GH_LOG', log);
  return async () =>
    (await readFile(log, 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as string[]);
}

const load = (spec: string) => loadPlan(spec, { cwd: dir }, { files: createPlanFiles(), runner: createRunner() });

function okPlan(r: Result<Plan, PlanError>): Plan {
  if (!r.ok) throw new Error(`expected a plan, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}
function failure(r: Result<Plan, PlanError>): PlanError {
  if (r.ok) throw new Error('expected a failure');
  return r.error;
}

describe('outside dependencies, as structured facts', () => {
  it('each with the state gh gave: closed ones too; open or unreadable ones make the plan need review', async () => {
    await fakeGh({
      issues: [
        issue(9, 'CLOSED', '', 'Old'),
        issue(99, 'OPEN', '', 'Later'),
        issue(153, 'OPEN', 'Depends on #9, #99'),
        issue(154, 'OPEN', 'Blocked by #404'),
      ],
    });
    const plan = okPlan(await load('gh:153,154'));
    expect(plan.outside).toEqual([
      { task: '153', on: 9, state: 'closed' },
      { task: '153', on: 99, state: 'open' },
      { task: '154', on: 404, state: 'unknown' },
    ]);
    expect(plan.needsReview).toBe(true);
    expect(plan.warnings).toHaveLength(2);
  });

  it('none: an empty list and no review', async () => {
    await fakeGh({ issues: [issue(153, 'OPEN'), issue(154, 'OPEN', 'Depends on #153')] });
    const plan = okPlan(await load('gh:153,154'));
    expect(plan.outside).toEqual([]);
    expect(plan.needsReview).toBe(false);
    expect(plan.tasks.map((t) => [t.id, t.deps])).toEqual([
      ['153', []],
      ['154', ['153']],
    ]);
  });
});

describe('a milestone that does not exist lists the ones that do (seed 003)', () => {
  it('gh’s reason, then each milestone with its state, on one line', async () => {
    const calls = await fakeGh({
      issues: [issue(1, 'OPEN')],
      milestones: [
        { title: 'OB3 Phase 1', state: 'open' },
        { title: 'OB2', state: 'closed' },
      ],
    });
    const e = failure(await load('gh:"OB3 Phase 2"'));
    expect(e.code).toBe('not-found');
    expect(e.message).toBe(
      'gh issue list --milestone failed: no milestone found with title "OB3 Phase 2"; the milestones here: "OB3 Phase 1" (open), "OB2" (closed)',
    );
    expect((await calls()).at(-1)).toEqual(['api', MILESTONES_ENDPOINT]);
  });

  it('a milestone without issues says so', async () => {
    await fakeGh({ issues: [issue(1, 'OPEN', '', 'Other')], milestones: [{ title: 'Empty', state: 'open' }, { title: 'Other' }] });
    expect(failure(await load('gh:Empty'))).toEqual({ code: 'not-a-plan', message: 'GitHub milestone "Empty" has no issues' });
  });

  it('a repository without milestones says that', async () => {
    await fakeGh({ issues: [], milestones: [] });
    expect(failure(await load('gh:"M1"')).message).toBe(
      'gh issue list --milestone failed: no milestone found with title "M1"; this repository has no milestones',
    );
  });
});

describe('arguments', () => {
  it('numbers and a name together are refused before gh runs', async () => {
    const calls = await fakeGh({ issues: [issue(153, 'OPEN')] });
    expect(failure(await load('gh:153 Phase')).message).toContain('cannot mix issue numbers and a milestone name');
    expect(await calls()).toEqual([]);
  });

  it('gh:153 154 (as one argument) views both issues', async () => {
    const calls = await fakeGh({ issues: [issue(153, 'OPEN'), issue(154, 'OPEN')] });
    expect(okPlan(await load('gh:153 154')).milestone.id).toBe('issues-153-154');
    expect((await calls()).map((c) => c.slice(0, 3))).toEqual([
      ['issue', 'view', '153'],
      ['issue', 'view', '154'],
    ]);
  });
});
