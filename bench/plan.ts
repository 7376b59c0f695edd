/**
 * Plan engine benchmark: `npm run bench:plan` (= `npx tsx bench/plan.ts`).
 * Prints one JSON line per measurement. Pure parsing/assembly/view: files are read once, before timing.
 * Budget: a generated 10,000-task markdown plan parses, assembles and views in < 300 ms (exit 1 when over).
 * `--quick`: one run of each size, no budget (what `npm test` runs so the bench cannot rot; the figures mean nothing).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemblePlan } from '../src/core/plan/assemble.js';
import { parseHandoff } from '../src/core/plan/handoff.js';
import type { PlanFormat } from '../src/core/plan/model.js';
import { hasTaskHeadings, parseMarkdownPlan } from '../src/core/plan/parse-markdown.js';
import { hasTaskIds, parseTaskIdPlan } from '../src/core/plan/parse-task-ids.js';
import { planView } from '../src/core/plan/view.js';
import { mulberry32 } from '../test/fuzz/mutate.js';

const BUDGET_MS = 300;
const KTRDR = fileURLToPath(new URL('../../shared/realworld/ktrdr/', import.meta.url));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const round = (ms: number): number => Math.round(ms * 100) / 100;
const emit = (o: Record<string, unknown>): void => console.log(JSON.stringify({ bench: 'plan', ...o }));

/** What `loadPlan` does for a markdown file, minus I/O: detect, parse, handoff, assemble, view. */
function planPass(files: { path: string; text: string }[], handoffs: Map<string, string>) {
  let tasks = 0;
  let errors = 0;
  for (const f of files) {
    if (/(^|\/)HANDOFF_/.test(f.path)) {
      parseHandoff(f.text);
      continue;
    }
    const format: PlanFormat | null = hasTaskHeadings(f.text) ? 'markdown' : hasTaskIds(f.text) ? 'task-ids' : null;
    if (format === null) {
      errors++;
      continue;
    }
    const raw = format === 'markdown' ? parseMarkdownPlan(f.text, f.path) : parseTaskIdPlan(f.text, f.path);
    if (!raw.ok) {
      errors++;
      continue;
    }
    const handoff = handoffs.get(`${f.path.replace(/[^/]*$/, '')}HANDOFF_${raw.value.milestoneId}.md`);
    const done = handoff === undefined ? new Set<string>() : parseHandoff(handoff).done;
    const plan = assemblePlan({ raw: raw.value, format, source: f.path, done });
    if (!plan.ok) {
      errors++;
      continue;
    }
    const view = planView(plan.value);
    if (!view.ok) errors++;
    tasks += plan.value.tasks.length;
  }
  return { tasks, errors };
}

function benchKtrdr(runs: number): void {
  if (!existsSync(KTRDR)) {
    emit({ case: 'ktrdr-folder', skipped: `${KTRDR} not found` });
    return;
  }
  const files: { path: string; text: string }[] = [];
  for (const d of readdirSync(KTRDR, { withFileTypes: true })) {
    const names = d.isDirectory() ? readdirSync(join(KTRDR, d.name)).map((n) => `${d.name}/${n}`) : [d.name];
    for (const p of names.filter((n) => n.endsWith('.md')).sort()) files.push({ path: p, text: readFileSync(join(KTRDR, p), 'utf8') });
  }
  const handoffs = new Map(files.filter((f) => /(^|\/)HANDOFF_/.test(f.path)).map((f) => [f.path, f.text]));
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  planPass(files, handoffs); // warm-up
  const times: number[] = [];
  let result = { tasks: 0, errors: 0 };
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    result = planPass(files, handoffs);
    times.push(performance.now() - t0);
  }
  emit({ case: 'ktrdr-folder', files: files.length, kb: Math.round(bytes / 1024), ...result, runs, ms: round(median(times)) });
}

/** A markdown plan of `n` tasks, each depending on 0–3 random earlier tasks. */
function generatePlan(n: number, seed: number): string {
  const rng = mulberry32(seed);
  const id = (i: number) => `${Math.floor(i / 100) + 1}.${(i % 100) + 1}`;
  const types = ['CODING', 'VALIDATION', 'RESEARCH', 'MIXED (research + coding)', 'DOCUMENTATION'];
  const out = [`# M1_generated: ${n} tasks`, '', '**Depends on:** M0', '', '## Tasks', ''];
  for (let i = 0; i < n; i++) {
    const deps = new Set<string>();
    const k = i === 0 ? 0 : Math.floor(rng() * 4);
    for (let j = 0; j < k; j++) deps.add(id(Math.floor(rng() * i)));
    out.push(
      `### Task ${id(i)}: Implement part ${i}`,
      '',
      `**Type:** ${types[Math.floor(rng() * types.length)]}`,
      `**Files:** \`src/part${i}.ts\`, \`test/part${i}.test.ts\``,
      `**Depends on:** ${deps.size ? [...deps].join(', ') : 'none'}`,
      '',
      `Implement part ${i} and its tests. Keep the public API small.`,
      '',
      '```ts',
      `export const part${i} = () => ${i};`,
      '```',
      '',
    );
  }
  return out.join('\n');
}

function benchGenerated(n: number, runs: number): number {
  const text = generatePlan(n, 42 + n);
  const phases = { parse: [] as number[], assemble: [] as number[], view: [] as number[], total: [] as number[] };
  let waves = 0;
  for (let r = 0; r <= runs; r++) {
    const t0 = performance.now();
    const raw = parseMarkdownPlan(text, 'M1_generated.md');
    const t1 = performance.now();
    if (!raw.ok) throw new Error(raw.error.message);
    const plan = assemblePlan({ raw: raw.value, format: 'markdown', source: 'M1_generated.md', done: new Set() });
    const t2 = performance.now();
    if (!plan.ok) throw new Error(plan.error.message);
    const view = planView(plan.value);
    const t3 = performance.now();
    if (!view.ok || plan.value.tasks.length !== n) throw new Error('generated plan did not load');
    waves = view.value.waves.length;
    if (r === 0) continue; // warm-up
    phases.parse.push(t1 - t0);
    phases.assemble.push(t2 - t1);
    phases.view.push(t3 - t2);
    phases.total.push(t3 - t0);
  }
  const ms = median(phases.total);
  emit({
    case: `generated-${n}`,
    tasks: n,
    kb: Math.round(Buffer.byteLength(text) / 1024),
    waves,
    runs,
    ms: round(ms),
    parseMs: round(median(phases.parse)),
    assembleMs: round(median(phases.assemble)),
    viewMs: round(median(phases.view)),
    ...(n >= 10_000 ? { budgetMs: BUDGET_MS, withinBudget: ms < BUDGET_MS } : {}),
  });
  return ms;
}

const QUICK = process.argv.includes('--quick');
const RUNS = QUICK ? 1 : 5;
benchKtrdr(QUICK ? 1 : 20);
const small = benchGenerated(1_000, RUNS);
const large = benchGenerated(10_000, RUNS);
emit({ case: 'scaling-1000-to-10000', tasks: 10_000, ms: round(large), ratio: round(large / small), ideal: 10 });
if (large >= BUDGET_MS && !QUICK) process.exitCode = 1;
