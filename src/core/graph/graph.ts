/** Dependency graph over task ids: topological waves, cycles, critical path. Pure. */
import type { Result } from '../result.js';
import { err, ok } from '../result.js';

export interface Node {
  id: string;
  deps: readonly string[];
}

export interface Graph {
  ids: string[];
  index: Map<string, number>;
  /** deps[i] = indexes task i depends on. */
  deps: number[][];
  /** dependents[i] = indexes of tasks that depend on task i. */
  dependents: number[][];
}

/** Builds index structures; unknown ids must have been rejected before (see assemblePlan). */
export function buildGraph(nodes: readonly Node[]): Graph {
  const ids = nodes.map((n) => n.id);
  const index = new Map<string, number>();
  for (const [i, id] of ids.entries()) index.set(id, i);
  const deps: number[][] = nodes.map(() => []);
  const dependents: number[][] = nodes.map(() => []);
  nodes.forEach((n, i) => {
    for (const d of new Set(n.deps)) {
      const j = index.get(d);
      if (j === undefined) continue;
      deps[i]?.push(j);
      dependents[j]?.push(i);
    }
  });
  return { ids, index, deps, dependents };
}

/** Wave k holds the tasks whose dependencies are all in waves < k; document order inside a wave. */
export function topoWaves(g: Graph): Result<number[][], { cycle: string[] }> {
  const n = g.ids.length;
  const remaining = g.deps.map((d) => d.length);
  let current: number[] = [];
  for (let i = 0; i < n; i++) if (remaining[i] === 0) current.push(i);
  const waves: number[][] = [];
  let placed = 0;
  while (current.length > 0) {
    waves.push(current);
    placed += current.length;
    const next: number[] = [];
    for (const i of current) {
      for (const j of g.dependents[i] ?? []) {
        const left = (remaining[j] ?? 0) - 1;
        remaining[j] = left;
        if (left === 0) next.push(j);
      }
    }
    next.sort((a, b) => a - b);
    current = next;
  }
  if (placed === n) return ok(waves);
  return err({ cycle: findCycle(g, remaining) });
}

/** A cycle among the nodes Kahn's algorithm could not place, as ids with the first repeated last. */
function findCycle(g: Graph, remaining: number[]): string[] {
  const stuck = (i: number) => (remaining[i] ?? 0) > 0;
  const state = new Uint8Array(g.ids.length); // 0 new, 1 on stack, 2 done
  for (let start = 0; start < g.ids.length; start++) {
    if (!stuck(start) || state[start]) continue;
    const stack: { node: number; next: number }[] = [{ node: start, next: 0 }];
    const path: number[] = [start];
    state[start] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (!top) break;
      const deps = g.deps[top.node] ?? [];
      if (top.next >= deps.length) {
        state[top.node] = 2;
        stack.pop();
        path.pop();
        continue;
      }
      const d = deps[top.next++] ?? 0;
      if (!stuck(d)) continue;
      if (state[d] === 1) {
        const from = path.indexOf(d);
        // Edges point from a task to what it depends on; print in "runs before" order.
        return [...path.slice(from), d].reverse().map((i) => g.ids[i] ?? '?');
      }
      if (state[d] === 0) {
        state[d] = 1;
        stack.push({ node: d, next: 0 });
        path.push(d);
      }
    }
  }
  return [];
}

/**
 * Longest chain of dependencies, weighted by `weight(i)` (default 1 per task).
 * Needs an acyclic graph (call after topoWaves succeeded).
 */
export function criticalPath(g: Graph, order: number[][], weight: (i: number) => number = () => 1): { ids: string[]; length: number } {
  const n = g.ids.length;
  const best = new Float64Array(n);
  const prev = new Int32Array(n).fill(-1);
  let end = -1;
  for (const wave of order) {
    for (const i of wave) {
      let base = 0;
      for (const d of g.deps[i] ?? []) {
        if ((best[d] ?? 0) > base) {
          base = best[d] ?? 0;
          prev[i] = d;
        }
      }
      best[i] = base + weight(i);
      if (end < 0 || (best[i] ?? 0) > (best[end] ?? 0)) end = i;
    }
  }
  const ids: string[] = [];
  for (let i = end; i >= 0; i = prev[i] ?? -1) ids.push(g.ids[i] ?? '?');
  return { ids: ids.reverse(), length: end < 0 ? 0 : (best[end] ?? 0) };
}
