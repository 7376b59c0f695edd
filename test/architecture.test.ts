/**
 * The README's dependency rule, checked on the sources: which layer may import which, and no import cycles
 * (type-only imports included: a cycle of types is still two modules that cannot be read apart).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

type Layer = 'core' | 'ports' | 'adapters' | 'engine' | 'ui' | 'cli';

/** What each layer may import from src/ (npm packages and node: modules are judged separately below). */
const ALLOWED: Record<Layer, Layer[]> = {
  core: ['core'],
  ports: ['core', 'ports'],
  adapters: ['core', 'ports'],
  engine: ['core', 'ports', 'engine'],
  ui: ['core', 'ui'],
  cli: ['core', 'ports', 'adapters', 'engine', 'ui', 'cli'],
};

/** The pure core does no I/O: no file system, processes, network or terminals. */
const CORE_FORBIDDEN =
  /^(node:)?(fs|fs\/promises|child_process|net|http|https|os|tty|worker_threads)$|^(@lydell\/node-pty|better-sqlite3|execa|chokidar|ink|react|simple-git)$/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

function layerOf(file: string): Layer {
  const rel = relative(SRC, file);
  if (rel === 'ports.ts') return 'ports';
  if (rel === 'cli.ts') return 'cli';
  return rel.split('/')[0] as Layer;
}

/** Every specifier a file imports or re-exports, static or dynamic, with whether it is type-only. */
function importsOf(source: string): { spec: string; typeOnly: boolean }[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: { spec: string; typeOnly: boolean }[] = [];
  const stmt = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm;
  for (const m of text.matchAll(stmt)) out.push({ spec: m[3] as string, typeOnly: !!m[2] });
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) out.push({ spec: m[1] as string, typeOnly: false });
  return out;
}

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = normalize(join(dirname(from), spec)).replace(/\.js$/, '');
  for (const ext of ['.ts', '.tsx', '/index.ts']) if (existsSync(base + ext)) return base + ext;
  throw new Error(`${relative(SRC, from)} imports ${spec}, which does not exist`);
}

const files = sources(SRC);
const graph = new Map<string, { target: string; spec: string }[]>();
const external = new Map<string, string[]>();
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const local: { target: string; spec: string }[] = [];
  const ext: string[] = [];
  for (const { spec } of importsOf(text)) {
    const target = resolveLocal(f, spec);
    if (target) local.push({ target, spec });
    else ext.push(spec);
  }
  graph.set(f, local);
  external.set(f, ext);
}

function cycles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const { target } of graph.get(n) ?? []) {
      if (state.get(target) === 'open') found.push([...stack.slice(stack.indexOf(target)), target].map((p) => relative(SRC, p)));
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return found;
}

describe('the dependency rule (README, "Architecture")', () => {
  it('finds the sources and their imports (the check below is not vacuous)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect([...graph.values()].flat().length).toBeGreaterThan(200);
    const sample =
      "/** see `import('./doc.js')` */\nimport type { A } from './a.js';\nexport { b } from '../b.js';\nconst c = await import('./c.js');";
    expect(importsOf(sample)).toEqual([
      { spec: './a.js', typeOnly: true },
      { spec: '../b.js', typeOnly: false },
      { spec: './c.js', typeOnly: false },
    ]);
  });

  it('each layer imports only the layers below it', () => {
    const wrong: string[] = [];
    for (const [f, edges] of graph) {
      const from = layerOf(f);
      for (const { target, spec } of edges) {
        const to = layerOf(target);
        if (!ALLOWED[from].includes(to)) wrong.push(`${relative(SRC, f)} (${from}) imports ${spec} (${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the core does no I/O: no file system, process, network, database or terminal module', () => {
    const wrong: string[] = [];
    for (const [f, specs] of external)
      if (layerOf(f) === 'core') for (const s of specs) if (CORE_FORBIDDEN.test(s)) wrong.push(`${relative(SRC, f)} imports ${s}`);
    expect(wrong).toEqual([]);
  });

  it('adapters never import each other', () => {
    const wrong: string[] = [];
    for (const [f, edges] of graph)
      if (layerOf(f) === 'adapters')
        for (const { target, spec } of edges) if (layerOf(target) === 'adapters') wrong.push(`${relative(SRC, f)} imports ${spec}`);
    expect(wrong).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(cycles().map((c) => c.join(' → '))).toEqual([]);
  });
});
