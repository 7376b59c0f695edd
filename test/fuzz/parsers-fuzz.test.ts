/**
 * Random mutations of valid plans: every parser returns a Result (or, for handoffs, a well-formed value)
 * and never throws. Reproduce a failure with the FUZZ_SEED (and FUZZ_ITERATIONS) printed in its message.
 */
import { describe, expect, it } from 'vitest';
import { assemblePlan } from '../../src/core/plan/assemble.js';
import { parseHandoff } from '../../src/core/plan/handoff.js';
import { unsafeIdReason } from '../../src/core/plan/ids.js';
import type { DepsMode, Plan, PlanError, PlanFormat } from '../../src/core/plan/model.js';
import { type GithubSpec, parseGithubIssues } from '../../src/core/plan/parse-github.js';
import { hasTaskHeadings, parseMarkdownPlan, type RawPlan } from '../../src/core/plan/parse-markdown.js';
import { hasTaskIds, parseTaskIdPlan } from '../../src/core/plan/parse-task-ids.js';
import { parseYamlPlan } from '../../src/core/plan/parse-yaml.js';
import { planView } from '../../src/core/plan/view.js';
import type { Result } from '../../src/core/result.js';
import * as M from './mutate.js';
import * as P from './plans.js';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_2024) >>> 0;
const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 1000);
const KINDS = new Set(['coding', 'research', 'mixed', 'validation', 'documentation', 'unknown']);
const MODES: (DepsMode | undefined)[] = [undefined, 'chain', 'explicit', 'independent'];

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

/** A Result whose error, if any, has a kebab-case code and a non-empty one-line message. */
function checkResult<T>(r: Result<T, PlanError>, what: string): r is { ok: true; value: T } {
  assert(typeof r === 'object' && r !== null, `${what}: not an object`);
  if (r.ok === true) return true;
  assert(r.ok === false, `${what}: ok is ${String((r as { ok: unknown }).ok)}`);
  const { code, message } = r.error;
  assert(typeof code === 'string' && /^[a-z]+(?:-[a-z]+)*$/.test(code), `${what}: bad code ${JSON.stringify(code)}`);
  assert(typeof message === 'string' && message.trim() !== '', `${what}: empty message`);
  assert(!/[\r\n]/.test(message), `${what}: multi-line message ${JSON.stringify(message)}`);
  return false;
}

interface Stats {
  parsedOk: number;
  parseErrors: number;
  assembledOk: number;
  assembleErrors: number;
}

const newStats = (): Stats => ({ parsedOk: 0, parseErrors: 0, assembledOk: 0, assembleErrors: 0 });

/** Invariants of an assembled plan and its view. */
function checkPlan(plan: Plan, rng: M.Rng): void {
  const ids = plan.tasks.map((t) => t.id);
  assert(new Set(ids).size === ids.length, `duplicate ids survived assembly: ${ids}`);
  const pos = new Map(ids.map((id, i) => [id, i]));
  for (const t of plan.tasks) {
    assert(unsafeIdReason(t.id) === null, `unsafe id survived assembly: ${JSON.stringify(t.id)}`);
    assert(KINDS.has(t.kind), `bad kind ${t.kind}`);
    for (const d of t.deps) assert(pos.has(d) && d !== t.id, `task ${t.id} has bad dep ${d}`);
  }
  const view = planView(plan);
  assert(checkResult(view, 'planView') && view.ok, `planView failed on an assembled plan: ${!view.ok && view.error.message}`);
  const { waves, counts, resumeFrom, criticalPath } = view.value;
  const wave = new Map<string, number>();
  waves.forEach((w, k) => {
    for (const id of w) wave.set(id, k);
  });
  assert(wave.size === ids.length && waves.flat().length === ids.length, 'waves are not a partition of the tasks');
  for (const t of plan.tasks) for (const d of t.deps) assert((wave.get(d) ?? -1) < (wave.get(t.id) ?? -1), `${d} not before ${t.id}`);
  const done = plan.tasks.filter((t) => t.done).length;
  assert(counts.tasks === ids.length && counts.done === done && counts.remaining === ids.length - done, 'counts are off');
  assert((resumeFrom === null) === (done === ids.length), `resumeFrom ${resumeFrom} with ${done}/${ids.length} done`);
  assert(criticalPath.length >= 1 && criticalPath.length <= waves.length, `critical path length ${criticalPath.length}`);
  for (let k = 1; k < criticalPath.length; k++) {
    const t = plan.tasks[pos.get(criticalPath[k] ?? '') ?? -1];
    assert(t?.deps.includes(criticalPath[k - 1] ?? ''), `critical path is not a dependency chain: ${criticalPath}`);
  }
  const from = rng() < 0.5 ? M.pick(rng, ids) : `nope-${M.int(rng, 9)}`;
  const fromView = planView(plan, from);
  checkResult(fromView, 'planView --from');
  assert(fromView.ok === pos.has(from), `planView --from ${from}: ok=${fromView.ok}`);
  if (fromView.ok) assert(fromView.value.resumeFrom === from, 'resumeFrom ignores --from');
}

function assemble(raw: RawPlan, format: PlanFormat, done: ReadonlySet<string>, rng: M.Rng, stats: Stats): void {
  const depsMode = M.pick(rng, MODES);
  const plan = assemblePlan({ raw, format, source: `plans/${format}`, done, depsMode });
  if (!checkResult(plan, 'assemblePlan')) {
    stats.assembleErrors++;
    return;
  }
  stats.assembledOk++;
  const ids = new Set(raw.tasks.map((t) => t.id));
  assert(plan.value.tasks.length === raw.tasks.length, 'assembly dropped tasks');
  for (const t of plan.value.tasks) assert(t.done === (done.has(t.id) && ids.has(t.id)), `done flag of ${t.id}`);
  checkPlan(plan.value, rng);
}

/** Runs `body` on ITERATIONS mutations of `base`; a throw is rethrown with everything needed to reproduce it. */
function fuzz(name: string, base: string, body: (text: string, rng: M.Rng) => void): void {
  const master = M.mulberry32(SEED ^ [...name].reduce((h, c) => Math.imul(h, 31) + (c.codePointAt(0) ?? 0), 7));
  for (let k = 0; k < ITERATIONS; k++) {
    const iterSeed = Math.floor(master() * 2 ** 32);
    const rng = M.mulberry32(iterSeed);
    const { text, ops } = M.mutate(base, rng);
    try {
      body(text, rng);
    } catch (e) {
      const why = e instanceof Error ? e.stack : String(e);
      throw new Error(
        `${name} fuzz failed: FUZZ_SEED=${SEED} iteration=${k} iterSeed=${iterSeed} ops=${ops.join(',')}\n` +
          `input=${JSON.stringify(text.slice(0, 600))}\n${why}`,
      );
    }
  }
}

describe('parsers on unmutated plans', () => {
  it('markdown plan + handoff: ids, deps, kinds, done, waves', () => {
    const raw = parseMarkdownPlan(P.MARKDOWN_PLAN, 'plans/M3_todo.md');
    assert(raw.ok, 'markdown plan did not parse');
    expect(raw.value.tasks.map((t) => t.id)).toEqual(P.MARKDOWN_IDS);
    expect(raw.value.milestoneId).toBe('M3');
    expect(raw.value.requires).toEqual(['M2']);
    const h = parseHandoff(P.HANDOFF);
    expect([...h.done].sort()).toEqual(P.HANDOFF_DONE);
    expect(h.sections[0]?.challenges.length).toBe(2);
    expect(h.sections[1]?.e2e.map((e) => e.result)).toEqual(['PASSED', 'FAILED', 'PASSED']);
    const plan = assemblePlan({ raw: raw.value, format: 'markdown', source: 'M3_todo.md', done: h.done });
    assert(plan.ok, 'markdown plan did not assemble');
    expect(plan.value.tasks.map((t) => [t.id, t.kind, t.deps, t.done])).toEqual([
      ['3.1', 'coding', [], true],
      ['3.2', 'mixed', ['3.1'], true],
      ['3.2b', 'coding', ['3.1'], true],
      ['3.3', 'mixed', ['3.2', '3.2b'], false],
      ['3.4', 'validation', ['3.3'], false],
    ]);
    const view = planView(plan.value);
    assert(view.ok, 'view failed');
    expect(view.value.waves).toEqual([['3.1'], ['3.2', '3.2b'], ['3.3'], ['3.4']]);
    expect(view.value.resumeFrom).toBe('3.3');
  });

  it('TASK-NNN plan: ids from the sequence section, deps from prose', () => {
    const raw = parseTaskIdPlan(P.TASK_ID_PLAN, 'plans/M5_search.md');
    assert(raw.ok, 'task-id plan did not parse');
    expect(raw.value.tasks.map((t) => t.id)).toEqual(P.TASK_IDS);
    const plan = assemblePlan({ raw: raw.value, format: 'task-ids', source: 'M5_search.md', done: new Set() });
    assert(plan.ok, 'task-id plan did not assemble');
    expect(plan.value.tasks.map((t) => t.deps)).toEqual([[], ['TASK-001'], ['TASK-001', 'TASK-002'], ['TASK-003']]);
    expect(plan.value.tasks.map((t) => t.kind)).toEqual(['coding', 'research', 'unknown', 'validation']);
  });

  it('YAML milestone: ids, numeric ids as strings, done statuses', () => {
    const y = parseYamlPlan(P.YAML_PLAN, '.milestones/active/M7.yaml');
    assert(y.ok, `yaml did not parse: ${!y.ok && y.error.message}`);
    expect(y.value.milestoneId).toBe('M7');
    expect(y.value.tasks.map((t) => t.id)).toEqual(P.YAML_IDS);
    expect(y.value.doneIds).toEqual(P.YAML_DONE);
    const plan = assemblePlan({ raw: y.value, format: 'yaml', source: 'M7.yaml', done: new Set(y.value.doneIds) });
    assert(plan.ok, 'yaml plan did not assemble');
    expect(plan.value.tasks.find((t) => t.id === 'T4')?.deps).toEqual(['T2', '3']);
  });

  it('GitHub issues: sorted numbers, closed is done, outside deps reported', () => {
    const spec: GithubSpec = { kind: 'milestone', name: 'OB3 Phase 1' };
    const g = parseGithubIssues(JSON.parse(P.GITHUB_ISSUES), spec, 'gh:OB3 Phase 1');
    assert(g.ok, 'github did not parse');
    expect(g.value.milestoneId).toBe('OB3-Phase-1');
    expect(g.value.tasks.map((t) => t.id)).toEqual(P.GITHUB_IDS);
    expect(g.value.doneIds).toEqual(P.GITHUB_DONE);
    expect(g.value.external).toEqual([{ from: '154', on: 99 }]);
    expect(g.value.tasks.find((t) => t.id === '155')?.deps).toEqual(['153', '154']);
  });

  it('regressions found by this fuzzer: alias without anchor, \\r in messages', () => {
    const alias = parseYamlPlan(P.YAML_PLAN.replace('defaults: &defaults\n', ''), 'M7.yaml');
    expect(alias.ok || alias.error.code).toBe('invalid-yaml');
    const badEscape = parseYamlPlan('tasks:\n  - id: "a\\u0\r0e"\n', 'M7.yaml');
    expect(badEscape.ok || checkResult(badEscape, 'escape')).toBe(false);
    const dep = parseYamlPlan('tasks:\n  - id: T1\n  - id: T2\n    dependencies: ["T\\r1"]\n', 'M7.yaml');
    assert(dep.ok, 'dep yaml');
    const plan = assemblePlan({ raw: dep.value, format: 'yaml', source: 'M7.yaml', done: new Set() });
    expect(plan.ok || [plan.error.code, checkResult(plan, 'dep')]).toEqual(['unknown-dependency', false]);
  });
});

describe(`parsers under random mutation (FUZZ_SEED=${SEED}, ${ITERATIONS} per format)`, () => {
  it('markdown plans never throw; assembled plans are consistent', () => {
    const stats = newStats();
    const done = new Set(P.HANDOFF_DONE);
    fuzz('markdown', P.MARKDOWN_PLAN, (text, rng) => {
      const headings = hasTaskHeadings(text);
      hasTaskIds(text);
      const raw = parseMarkdownPlan(text, 'plans/M3_todo.md');
      if (!checkResult(raw, 'parseMarkdownPlan')) return void stats.parseErrors++;
      stats.parsedOk++;
      assert(headings === raw.value.tasks.length > 0, `hasTaskHeadings=${headings} but ${raw.value.tasks.length} tasks`);
      for (const t of raw.value.tasks) assert(unsafeIdReason(t.id) === null, `unsafe id parsed: ${JSON.stringify(t.id)}`);
      assemble(raw.value, 'markdown', done, rng, stats);
    });
    expect(stats.assembledOk).toBeGreaterThan(ITERATIONS / 4);
    expect(stats.parseErrors + stats.assembleErrors).toBeGreaterThan(0);
  });

  it('handoffs never throw; done ids come from Complete sections', () => {
    const raw = parseMarkdownPlan(P.MARKDOWN_PLAN, 'plans/M3_todo.md');
    assert(raw.ok, 'base plan');
    const stats = newStats();
    fuzz('handoff', P.HANDOFF, (text, rng) => {
      const h = parseHandoff(text);
      assert(h.done instanceof Set && Array.isArray(h.sections), 'handoff shape');
      const named = new Set(h.sections.flatMap((s) => s.taskIds));
      assert(named.size === h.done.size && [...h.done].every((id) => named.has(id)), 'done is not the union of section ids');
      for (const s of h.sections) {
        assert(s.line >= 1 && s.taskIds.every((id) => id !== ''), `section at line ${s.line}`);
        assert(
          s.e2e.every((e) => e.result === 'PASSED' || e.result === 'FAILED'),
          'e2e result',
        );
      }
      assemble(raw.value, 'markdown', h.done, rng, stats);
    });
    expect(stats.assembledOk).toBe(ITERATIONS);
  });

  it('TASK-NNN plans never throw', () => {
    const stats = newStats();
    fuzz('task-ids', P.TASK_ID_PLAN, (text, rng) => {
      const raw = parseTaskIdPlan(text, 'plans/M5_search.md', rng() < 0.5 ? 'M5' : undefined);
      if (!checkResult(raw, 'parseTaskIdPlan')) return void stats.parseErrors++;
      stats.parsedOk++;
      for (const t of raw.value.tasks) assert(/^TASK-\d+$/.test(t.id), `odd task id ${JSON.stringify(t.id)}`);
      assemble(raw.value, 'task-ids', new Set(['TASK-001']), rng, stats);
    });
    expect(stats.assembledOk).toBeGreaterThan(ITERATIONS / 4);
    expect(stats.assembleErrors).toBeGreaterThan(0);
  });

  it('YAML milestones never throw', () => {
    const stats = newStats();
    fuzz('yaml', P.YAML_PLAN, (text, rng) => {
      const y = parseYamlPlan(text, '.milestones/active/M7.yaml');
      if (!checkResult(y, 'parseYamlPlan')) return void stats.parseErrors++;
      stats.parsedOk++;
      const ids = new Set(y.value.tasks.map((t) => t.id));
      assert(
        y.value.doneIds.every((id) => ids.has(id)),
        'done id not a task',
      );
      assemble(y.value, 'yaml', new Set(y.value.doneIds), rng, stats);
    });
    expect(stats.assembledOk).toBeGreaterThan(ITERATIONS / 10);
    expect(stats.parseErrors).toBeGreaterThan(ITERATIONS / 10);
  });

  it('GitHub issue lists never throw', () => {
    const stats = newStats();
    const base = JSON.parse(P.GITHUB_ISSUES) as Record<string, unknown>[];
    const odd = [null, -1, 0, 1.5, 2 ** 53, '', 'x', [], {}, true, [{ name: 1 }]];
    fuzz('github', P.GITHUB_ISSUES, (text, rng) => {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        // Mostly no longer JSON: mutate the structure instead.
        const issues = structuredClone(base);
        const issue = M.pick(rng, issues);
        issue[M.pick(rng, ['number', 'title', 'body', 'state', 'labels', 'extra'])] = M.pick(rng, odd);
        value = rng() < 0.1 ? M.pick(rng, odd) : issues;
      }
      const spec: GithubSpec =
        rng() < 0.5
          ? { kind: 'numbers', numbers: [153, 154, 155, 156] }
          : { kind: 'milestone', name: M.pick(rng, ['OB3 Phase 1', '../..']) };
      const g = parseGithubIssues(value, spec, 'gh:test');
      if (!checkResult(g, 'parseGithubIssues')) return void stats.parseErrors++;
      stats.parsedOk++;
      for (const t of g.value.tasks) assert(/^[1-9]\d*$/.test(t.id), `odd issue id ${t.id}`);
      assemble(g.value, 'github', new Set(g.value.doneIds), rng, stats);
    });
    expect(stats.assembledOk).toBeGreaterThan(ITERATIONS / 4);
    expect(stats.parseErrors).toBeGreaterThan(0);
  });
});
