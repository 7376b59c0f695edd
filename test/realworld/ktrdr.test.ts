/**
 * Real plans from kpiteira/ktrdr (see ../shared/realworld/ktrdr/SOURCE.md), read at run time only:
 * they have no license, so nothing from them is copied into this repository. Expectations come from an
 * independent scan of each file with simple regexes, not from the parsers under test.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlanFiles } from '../../src/adapters/plan-files.js';
import { createRunner } from '../../src/adapters/runner.js';
import type { Plan, PlanError } from '../../src/core/plan/model.js';
import type { Result } from '../../src/core/result.js';
import { loadPlan } from '../../src/engine/load-plan.js';

const ROOT = fileURLToPath(new URL('../../../shared/realworld/ktrdr/', import.meta.url));
const exists = existsSync(ROOT);
const KINDS = ['coding', 'research', 'mixed', 'validation', 'documentation', 'unknown'];

interface Case {
  dir: string;
  file: string;
  text: string;
  handoff: string | null;
}

/** `M*_*.md` plans and `OVERVIEW.md` files, per feature folder. */
function cases(): Case[] {
  if (!exists) return [];
  const out: Case[] = [];
  for (const d of readdirSync(ROOT, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const dir = join(ROOT, d.name);
    const names = readdirSync(dir).sort();
    for (const file of names.filter((f) => /^M[^/]*_[^/]*\.md$/.test(f) || f === 'OVERVIEW.md')) {
      const m = /^(M\d+[A-Za-z0-9.]*)_/.exec(file);
      const handoffName = m ? `HANDOFF_${m[1]}.md` : null;
      const handoff = handoffName && names.includes(handoffName) ? readFileSync(join(dir, handoffName), 'utf8') : null;
      out.push({ dir: d.name, file, text: readFileSync(join(dir, file), 'utf8'), handoff });
    }
  }
  return out;
}

/** Lines outside fenced code blocks (``` or ~~~, closed by the same character). */
function unfenced(text: string): string[] {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (f) {
      if (fence === null) fence = f;
      else if (f[0] === fence[0] && f.length >= fence.length) fence = null;
      out.push('');
      continue;
    }
    out.push(fence === null ? line : '');
  }
  return out;
}

interface Expected {
  ids: string[];
  /** id → `**Type:**` text of its section, for sections that have one. */
  types: Map<string, string>;
}

function expectedTasks(text: string): Expected {
  const lines = unfenced(text);
  const ids: string[] = [];
  const types = new Map<string, string>();
  let current: { id: string; level: number } | null = null;
  for (const line of lines) {
    const h = /^(#{1,6})\s/.exec(line);
    const task = /^(#{2,3}) Task ([^:]+):/.exec(line);
    if (task?.[1] && task[2]) {
      current = { id: task[2].trim(), level: task[1].length };
      ids.push(current.id);
      continue;
    }
    if (h?.[1] && current && h[1].length <= current.level) current = null;
    const type = /^\*\*Type:\*\*\s*(.+?)\s*$/.exec(line);
    if (current && type?.[1] && !types.has(current.id)) types.set(current.id, type[1]);
  }
  return { ids, types };
}

function expectedDone(handoff: string | null, ids: string[]): string[] {
  if (handoff === null) return [];
  const named = new Set<string>();
  for (const line of unfenced(handoff)) {
    const m = /^#{2,3} Task (.+?) Complete/.exec(line);
    for (const id of m?.[1]?.split('&') ?? []) named.add(id.trim());
  }
  return ids.filter((id) => named.has(id));
}

const all = cases();
const results = new Map<string, Result<Plan, PlanError>>();
const key = (c: Case) => `${c.dir}/${c.file}`;

beforeAll(async () => {
  const ports = { files: createPlanFiles(), runner: createRunner() };
  for (const c of all) results.set(key(c), await loadPlan(c.file, { cwd: join(ROOT, c.dir) }, ports));
});

afterAll(() => {
  const plans = [...results.values()].flatMap((r) => (r.ok ? [r.value] : []));
  const tasks = plans.flatMap((p) => p.tasks);
  const summary = {
    folder: exists ? ROOT : null,
    files: results.size,
    plans: plans.length,
    tasks: tasks.length,
    doneTasks: tasks.filter((t) => t.done).length,
    withHandoff: plans.filter((p) => p.handoffPath !== null).length,
    nonPlanFiles: [...results.values()].filter((r) => !r.ok && r.error.code === 'not-a-plan').length,
  };
  console.log(`ktrdr realworld summary: ${JSON.stringify(summary)}`);
});

describe('ktrdr real-world plans', () => {
  it('finds ../shared/realworld/ktrdr (required when CI is set)', (ctx) => {
    if (process.env.CI) expect(exists, `${ROOT} is missing on CI`).toBe(true);
    if (!exists) ctx.skip(`${ROOT} not found; the real-world plan checks did not run`);
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((c) => c.file === 'OVERVIEW.md').length).toBeGreaterThan(0);
  });

  for (const c of all) {
    const expected = expectedTasks(c.text);
    if (c.file === 'OVERVIEW.md' || expected.ids.length === 0) {
      it(`${key(c)} is reported as not a plan`, () => {
        const r = results.get(key(c));
        expect(r?.ok).toBe(false);
        if (r && !r.ok) {
          expect(r.error.code).toBe('not-a-plan');
          expect(r.error.message).toContain(`no tasks found in ${c.file}`);
        }
      });
      continue;
    }
    it(`${key(c)}: ${expected.ids.length} tasks, kinds, types${c.handoff ? ', done from handoff' : ''}`, () => {
      const r = results.get(key(c));
      if (!r?.ok) throw new Error(`${key(c)} did not load: ${r?.error.code}: ${r?.error.message}`);
      const plan = r.value;
      expect(plan.tasks.map((t) => t.id)).toEqual(expected.ids);
      for (const t of plan.tasks) {
        expect(KINDS, `kind of ${t.id}`).toContain(t.kind);
        const type = expected.types.get(t.id);
        if (type !== undefined) expect(t.rawType, `rawType of ${t.id}`).toBe(type);
      }
      expect(plan.tasks.filter((t) => t.done).map((t) => t.id)).toEqual(expectedDone(c.handoff, expected.ids));
      expect(plan.handoffPath !== null).toBe(c.handoff !== null);
    });
  }
});
