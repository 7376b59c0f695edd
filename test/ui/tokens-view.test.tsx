/** Tokens and the API hold where a TUI user looks: the detail pane, the tree's tokens column, the header. */
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import type { ApiHold, TokenUsage } from '../../src/core/scheduler/types.js';
import { DetailPane } from '../../src/ui/detail-pane.js';
import { Header } from '../../src/ui/header.js';
import { TaskTree } from '../../src/ui/task-tree.js';
import { buildTree } from '../../src/ui/tree-model.js';
import { fakeEngine } from './fake-engine.js';
import { mount } from './harness.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

function frameOf(node: ReactElement): string {
  const r = render(node);
  unmount = r.unmount;
  return stripVTControlCharacters(r.lastFrame() ?? '');
}

const usage = (input: number, output: number, cacheRead: number, cacheWrite: number): TokenUsage => ({
  input,
  output,
  cacheRead,
  cacheWrite,
});

/** 14:05 UTC on 2025-03-01. */
const AT_1405 = Date.UTC(2025, 2, 1, 14, 5);

describe('DetailPane tokens line', () => {
  test('sums the sessions: in · out · cache read · cache write', () => {
    const e = fakeEngine({
      tasks: [
        {
          id: '1.2',
          title: 'Store',
          status: 'running',
          run: {
            agent: 'busy',
            sessionId: 's2',
            tokens: { s1: usage(12_000, 4000, 50_000, 9000), s2: usage(300, 100, 30_000, 0) },
          },
        },
      ],
    });
    const frame = frameOf(
      <DetailPane meta={e.meta} state={e.state} taskId="1.2" screen={null} outputTail={[]} height={7} width={60} nowMs={0} />,
    );
    expect(frame.split('\n')).toEqual([
      '1.2 Store (impl)',
      'status   ● running',
      'worktree .worktrees/M1-1.2',
      'branch   mstui/M1/1.2',
      'agent    busy · session s2',
      'tokens   in 12k · out 4.1k · cache r 80k · w 9.0k',
      '── no agent running ──',
    ]);
  });

  test('no line before any tokens were counted', () => {
    const e = fakeEngine({ tasks: [{ id: '1.1', status: 'running', run: { tokens: { s1: usage(0, 0, 0, 0) } } }] });
    const frame = frameOf(
      <DetailPane meta={e.meta} state={e.state} taskId="1.1" screen={null} outputTail={[]} height={6} width={60} nowMs={0} />,
    );
    expect(frame).not.toContain('tokens');
  });
});

describe('TaskTree tokens column', () => {
  const e = fakeEngine({
    tasks: [
      { id: '1.1', title: 'Model', status: 'merged', run: { tokens: { s1: usage(1000, 200, 14_000, 0) } } },
      { id: '1.2', title: 'Store', status: 'running', run: { agent: 'busy', tokens: { s1: usage(2_000_000, 400_000, 100_000, 0) } } },
      { id: '1.3', title: 'Docs' },
    ],
  });
  const model = buildTree(e.meta, e.state);
  const rows = (width: number) =>
    frameOf(<TaskTree meta={e.meta} state={e.state} model={model} selected={0} scroll={0} height={5} width={width} nowMs={0} />)
      .split('\n')
      .slice(2);

  test('a wide tree shows each task total after the elapsed time, blank before any', () => {
    expect(rows(49)).toEqual([
      '› ✓ 1.1 Model impl                   15k',
      '  ● 1.2 Store impl busy             2.5M',
      '  ○ 1.3 Docs  impl',
    ]);
  });

  test('narrower, the kind column goes first, then the tokens', () => {
    expect(rows(48)).toEqual(['› ✓ 1.1 Model                   15k', '  ● 1.2 Store busy             2.5M', '  ○ 1.3 Docs']);
    expect(rows(43)).toEqual(['› ✓ 1.1 Model', '  ● 1.2 Store busy', '  ○ 1.3 Docs']);
  });

  test('no column while no task has tokens', () => {
    const plain = fakeEngine({ tasks: [{ id: '1.1', title: 'Model' }] });
    const frame = frameOf(
      <TaskTree
        meta={plain.meta}
        state={plain.state}
        model={buildTree(plain.meta, plain.state)}
        selected={0}
        scroll={0}
        height={3}
        width={70}
        nowMs={0}
      />,
    );
    expect(frame.split('\n')[2]).toBe('› ○ 1.1 Model impl');
  });
});

describe('Header hold and tokens', () => {
  const hold = (patch: Partial<ApiHold>): ApiHold => ({
    reason: 'rate_limit',
    untilMs: AT_1405,
    known: true,
    tasks: ['1.2'],
    count: 1,
    ...patch,
  });
  const header = (h: ApiHold | null, paused = false, width = 100) => {
    const e = fakeEngine({
      tasks: [
        { id: '1.1', status: 'merged' },
        { id: '1.2', status: 'running' },
      ],
    });
    e.state.apiHold = h;
    e.state.paused = paused;
    return frameOf(<Header meta={e.meta} state={e.state} elapsedMs={65_000} width={width} timeZone="UTC" />).split('\n')[1];
  };

  test('a rate limit with a known reset time, a guessed one, an overloaded API; the hold comes before the counts', () => {
    expect(header(hold({}))).toBe('rate-limited until 14:05 · done 1/2 · running 1 · waiting 0 · failed 0 · remaining 0');
    expect(header(hold({ known: false }))).toBe(
      'rate-limited: retrying at 14:05 · done 1/2 · running 1 · waiting 0 · failed 0 · remaining 0',
    );
    expect(header(hold({ reason: 'overloaded', known: false }))).toBe(
      'API overloaded: retrying at 14:05 · done 1/2 · running 1 · waiting 0 · failed 0 · remaining 0',
    );
    expect(header(hold({}), true)).toBe('PAUSED rate-limited until 14:05 · done 1/2 · running 1 · waiting 0 · failed 0 · remaining 0');
    // Narrow: the hold stays, the counts give way.
    expect(header(hold({}), false, 32)).toBe('rate-limited until 14:05 · done…');
    expect(header(null)).toBe('done 1/2 · running 1 · waiting 0 · failed 0 · remaining 0');
  });

  test("the run's total tokens follow the clock; the bar makes room", () => {
    const e = fakeEngine({
      tasks: [
        { id: '1.1', status: 'merged', run: { tokens: { a: usage(10_000, 2000, 0, 0), b: usage(1000, 0, 0, 0) } } },
        { id: '1.2', status: 'running', run: { tokens: { c: usage(2000, 200, 0, 0) } } },
      ],
    });
    expect(frameOf(<Header meta={e.meta} state={e.state} elapsedMs={65_000} width={30} />).split('\n')[2]).toBe(
      `${'█'.repeat(4)}${'░'.repeat(3)} 50%  1:05 · 15k tokens`,
    );
  });
});

describe('App', () => {
  test('tokens counted mid-run show in the header, the tree and the detail pane', async () => {
    const h = mount({ columns: 120 });
    unmount = h.unmount;
    await h.see('1.1');
    expect(h.frame()).not.toContain('tokens');
    h.engine.update('1.1', { status: 'running', agent: 'busy', tokens: { s1: usage(12_300, 4100, 80_000, 9000) } });
    const frame = await h.see('tokens   in 12k · out 4.1k · cache r 80k · w 9.0k');
    expect(frame).toContain('0:00 · 105k tokens');
    expect(frame).toMatch(/› ● 1\.1 Task 1\.1 +impl busy +105k /);
  });
});
