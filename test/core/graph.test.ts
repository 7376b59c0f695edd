import { describe, expect, it } from 'vitest';
import { buildGraph, criticalPath, type Graph, type Node, topoWaves } from '../../src/core/graph/graph.js';

const n = (id: string, ...deps: string[]): Node => ({ id, deps });

function waves(nodes: Node[]): string[][] {
  const g = buildGraph(nodes);
  const r = topoWaves(g);
  if (!r.ok) throw new Error(`unexpected cycle ${r.error.cycle.join(' → ')}`);
  return r.value.map((w) => w.map((i) => g.ids[i] ?? '?'));
}

function cycleOf(nodes: Node[]): string[] {
  const r = topoWaves(buildGraph(nodes));
  if (r.ok) throw new Error('expected a cycle');
  return r.error.cycle;
}

/** Printed in "runs before" order: each id is a dependency of the next one. */
function isRealCycle(nodes: Node[], cycle: string[]): boolean {
  if (cycle.length < 2 || cycle[0] !== cycle[cycle.length - 1]) return false;
  const deps = new Map(nodes.map((x) => [x.id, x.deps]));
  for (let i = 0; i + 1 < cycle.length; i++) {
    const before = cycle[i] ?? '';
    const after = cycle[i + 1] ?? '';
    if (!deps.get(after)?.includes(before)) return false;
  }
  return new Set(cycle.slice(0, -1)).size === cycle.length - 1;
}

function critical(nodes: Node[], weights?: Record<string, number>) {
  const g: Graph = buildGraph(nodes);
  const r = topoWaves(g);
  if (!r.ok) throw new Error('cycle');
  return criticalPath(g, r.value, weights ? (i) => weights[g.ids[i] ?? ''] ?? 1 : undefined);
}

const DIAMOND = [n('1'), n('2', '1'), n('3', '1'), n('4', '2', '3')];

describe('buildGraph', () => {
  it('indexes deps and dependents, ignoring repeats and unknown ids', () => {
    const g = buildGraph([n('a'), n('b', 'a', 'a', 'zz'), n('c', 'a', 'b')]);
    expect(g.ids).toEqual(['a', 'b', 'c']);
    expect([...g.index]).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
    expect(g.deps).toEqual([[], [0], [0, 1]]);
    expect(g.dependents).toEqual([[1, 2], [2], []]);
  });
});

describe('topoWaves', () => {
  it.each<[string, Node[], string[][]]>([
    ['diamond', DIAMOND, [['1'], ['2', '3'], ['4']]],
    ['empty', [], []],
    ['independent tasks all in wave 1', [n('a'), n('b'), n('c')], [['a', 'b', 'c']]],
    ['chain', [n('a'), n('b', 'a'), n('c', 'b')], [['a'], ['b'], ['c']]],
    ['independent task next to a chain', [n('a'), n('b', 'a'), n('x')], [['a', 'x'], ['b']]],
    [
      'document order inside a wave, not dependency order',
      [n('z', 'root'), n('root'), n('y', 'root'), n('x', 'root')],
      [['root'], ['z', 'y', 'x']],
    ],
    ['waves are by longest path', [n('a'), n('b', 'a'), n('c', 'a', 'b'), n('d')], [['a', 'd'], ['b'], ['c']]],
    ['task declared before its dependency', [n('late', 'early'), n('early')], [['early'], ['late']]],
  ])('%s', (_name, nodes, expected) => {
    expect(waves(nodes)).toEqual(expected);
  });
});

describe('cycles', () => {
  it.each<[string, Node[], string[]]>([
    ['self loop', [n('a', 'a')], ['a', 'a']],
    ['two nodes', [n('a', 'b'), n('b', 'a')], ['a', 'b', 'a']],
    ['three nodes', [n('a', 'c'), n('b', 'a'), n('c', 'b')], ['a', 'b', 'c', 'a']],
    [
      'cycle downstream of a healthy root',
      [n('root'), n('a', 'root', 'c'), n('b', 'a'), n('c', 'b'), n('tail', 'c')],
      ['a', 'b', 'c', 'a'],
    ],
  ])('%s', (_name, nodes, expected) => {
    const cycle = cycleOf(nodes);
    expect(cycle).toEqual(expected);
    expect(isRealCycle(nodes, cycle)).toBe(true);
  });

  it('reports only nodes on the cycle, not the ones stuck behind it', () => {
    const nodes = [n('x', 'b'), n('a', 'b'), n('b', 'a'), n('y', 'x')];
    const cycle = cycleOf(nodes);
    expect(new Set(cycle)).toEqual(new Set(['a', 'b']));
    expect(isRealCycle(nodes, cycle)).toBe(true);
  });

  it('always returns a real cycle, or valid waves, on generated graphs', () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let cycles = 0;
    for (let round = 0; round < 300; round++) {
      const size = 1 + Math.floor(rand() * 9);
      const ids = Array.from({ length: size }, (_, i) => `t${i}`);
      const nodes = ids.map((id) => n(id, ...ids.filter(() => rand() < 0.2)));
      const g = buildGraph(nodes);
      const r = topoWaves(g);
      if (!r.ok) {
        cycles++;
        expect(isRealCycle(nodes, r.error.cycle), JSON.stringify({ nodes, cycle: r.error.cycle })).toBe(true);
        continue;
      }
      const waveOf = new Map<string, number>();
      r.value.forEach((w, k) => {
        for (const i of w) waveOf.set(g.ids[i] ?? '', k);
      });
      expect(waveOf.size).toBe(size);
      for (const node of nodes) for (const d of node.deps) expect(waveOf.get(d) ?? -1).toBeLessThan(waveOf.get(node.id) ?? -1);
    }
    expect(cycles).toBeGreaterThan(10);
  });
});

describe('criticalPath', () => {
  it.each<[string, Node[], Record<string, number> | undefined, string[], number]>([
    ['diamond, unit weights: first longest branch', DIAMOND, undefined, ['1', '2', '4'], 3],
    ['diamond, heavy right branch', DIAMOND, { '3': 5 }, ['1', '3', '4'], 7],
    ['diamond, heavy tail', DIAMOND, { '4': 10 }, ['1', '2', '4'], 12],
    ['independent: the heaviest task alone', [n('a'), n('b'), n('c')], { b: 4 }, ['b'], 4],
    ['independent, unit weights: the first task', [n('a'), n('b')], undefined, ['a'], 1],
    ['chain beats a heavy single task', [n('a'), n('b', 'a'), n('c', 'b'), n('big')], { big: 2.5 }, ['a', 'b', 'c'], 3],
    ['single heavy task beats a light chain', [n('a'), n('b', 'a'), n('big')], { big: 2.5 }, ['big'], 2.5],
    ['empty graph', [], undefined, [], 0],
  ])('%s', (_name, nodes, weights, ids, length) => {
    expect(critical(nodes, weights)).toEqual({ ids, length });
  });
});
