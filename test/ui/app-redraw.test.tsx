/** When the App redraws: agent output and state changes coalesced, keys at once (real and fake clocks). */
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { TaskStatus } from '../../src/core/scheduler/types.js';
import { waitFor } from '../helpers/wait-for.js';
import { type FakeTask, fakeEngine } from './fake-engine.js';
import { type Harness, mount } from './harness.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
  vi.useRealTimers();
});

const task = (id: string, status: TaskStatus, run: FakeTask['run'] = {}): FakeTask => ({ id, status, run });

describe('agent screen redraws', () => {
  const running = () => fakeEngine({ tasks: [task('1.1', 'running', { agent: 'busy' }), task('1.2', 'running', { agent: 'busy' })] });

  test('1000 prints coalesce into a few redraws, and the last one is shown', async () => {
    h = mount({ engine: running() });
    await h.see('› 1 of 2');
    const before = h.engine.screenCalls;
    const t0 = Date.now();
    for (let i = 0; i < 1000; i++) {
      h.engine.print('1.1', [`line ${i}`]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await h.see('line 999');
    const renders = h.engine.screenCalls - before;
    expect(renders).toBeGreaterThan(0);
    expect(renders).toBeLessThanOrEqual(Math.ceil((Date.now() - t0) / 50) + 2);
  });

  test('state changes coalesce the same way', async () => {
    h = mount({ engine: running() });
    await h.see('› 1 of 2');
    const before = h.engine.screenCalls;
    const t0 = Date.now();
    for (let i = 0; i < 1000; i++) {
      h.engine.update('1.1', { reason: `step ${i}` });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await h.see('step 999');
    const renders = h.engine.screenCalls - before;
    expect(renders).toBeGreaterThan(0);
    expect(renders).toBeLessThanOrEqual(Math.ceil((Date.now() - t0) / 50) + 2);
  });

  test('output redraws at most once per 100 ms; prints of an unselected agent do not redraw (fake clock)', async () => {
    h = mount({ engine: running() });
    await h.see('› 1 of 2');
    await waitFor(() => h?.engine.listeners().screen === 1);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    // React renders on a real macrotask after the (fake) timer fired: let one pass.
    const advance = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      await new Promise((resolve) => setImmediate(resolve));
    };
    // Ink writes only frames that changed, so renders are counted by the App's calls to engine.screen().
    const rendersBefore = h.engine.screenCalls;
    const framesBefore = h.frames.length;
    for (let i = 0; i < 100; i++) h.engine.print('1.2', [`other ${i}`]);
    await advance(500);
    expect(h.engine.screenCalls).toBe(rendersBefore);
    // One print per fake millisecond for one second: ~10 redraws, each a new frame.
    for (let ms = 0; ms < 1000; ms++) {
      h.engine.print('1.1', [`tick ${ms}`]);
      await advance(1);
    }
    await advance(200);
    const renders = h.engine.screenCalls - rendersBefore;
    expect(renders).toBeGreaterThanOrEqual(9);
    expect(renders).toBeLessThanOrEqual(11);
    expect(h.frames.length - framesBefore).toBe(renders);
    expect(stripVTControlCharacters(h.frames.at(-1) ?? '')).toContain('tick 999');
  });
  test('a key draws at once; output waits 100 ms after that frame, a state change 50 ms (fake clock)', async () => {
    const engine = running();
    h = mount({ engine });
    await h.see('› 1 of 2');
    await waitFor(() => engine.listeners().screen === 1);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const settle = async () => {
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    const advance = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      await settle();
    };
    await advance(500);
    let renders = engine.screenCalls;
    // `k` on the first task moves nowhere but is a key: the App renders at once, no timer involved.
    h.press('k');
    await settle();
    expect(engine.screenCalls).toBe(renders + 1);
    renders = engine.screenCalls;
    engine.print('1.1', ['printed after the key']);
    await advance(99);
    expect(engine.screenCalls).toBe(renders);
    await advance(1);
    expect(engine.screenCalls).toBe(renders + 1);
    expect(stripVTControlCharacters(h.frames.at(-1) ?? '')).toContain('printed after the key');
    // A state change right after that frame waits 50 ms, and takes the output printed meanwhile along.
    renders = engine.screenCalls;
    engine.update('1.1', { reason: 'changed' });
    engine.print('1.1', ['printed with the change']);
    await advance(49);
    expect(engine.screenCalls).toBe(renders);
    await advance(1);
    expect(engine.screenCalls).toBe(renders + 1);
    expect(stripVTControlCharacters(h.frames.at(-1) ?? '')).toContain('printed with the change');
  });
});
