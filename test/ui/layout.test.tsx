/**
 * The run screen at the sizes people use (tmux's default 80×24 among them): the layout rules of src/ui/layout.ts as
 * a pure function, and the frames the App draws with them over the fake engine.
 */
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, test } from 'vitest';
import { App } from '../../src/ui/app.js';
import { HEADER_HEIGHT } from '../../src/ui/header.js';
import {
  CHROME_ROWS,
  DETAIL_MIN_WIDTH,
  MIN_AGENT_ROWS,
  MIN_COLUMNS,
  MIN_ROWS,
  screenLayout,
  type TreeColumn,
} from '../../src/ui/layout.js';
import { QUESTION_BAR_HEIGHT } from '../../src/ui/question-bar.js';
import { waitFor } from '../helpers/wait-for.js';
import { type FakeTask, fakeEngine } from './fake-engine.js';
import { type Harness, mount } from './harness.js';

/** The demo's plan (src/cli/demo-fixture.ts) halfway through its run. */
const DEMO: FakeTask[] = [
  {
    id: '1.1',
    title: 'Todo store',
    kind: 'coding',
    status: 'merged',
    run: { agent: 'exited', startedAtMs: 994_000, endedAtMs: 1_000_000 },
  },
  { id: '1.5', title: 'User guide', kind: 'documentation', status: 'awaiting-merge', run: { agent: 'idle', startedAtMs: 994_000 } },
  {
    id: '1.2',
    title: 'Save the store to a file',
    kind: 'coding',
    deps: ['1.1'],
    status: 'running',
    run: { agent: 'busy', startedAtMs: 991_000 },
  },
  {
    id: '1.3',
    title: 'Command-line interface',
    kind: 'coding',
    deps: ['1.1'],
    status: 'running',
    run: { agent: 'busy', startedAtMs: 992_000 },
  },
  { id: '1.4', title: 'Due dates', kind: 'mixed', deps: ['1.2', '1.3'] },
  { id: '1.6', title: 'End-to-end validation', kind: 'validation', deps: ['1.4', '1.5'] },
];
const WAVES = [['1.1', '1.5'], ['1.2', '1.3'], ['1.4'], ['1.6']];
const DEMO_CONTENT = { idWidth: 3, titleWidth: 24, kindWidth: 13, tokens: false };

const shown = (set: ReadonlySet<TreeColumn>): TreeColumn[] => [...set].sort();

describe('screenLayout', () => {
  test('the chrome it keeps is the header, the question bar with the key hint, and one spare line', () => {
    expect(CHROME_ROWS).toBe(HEADER_HEIGHT + QUESTION_BAR_HEIGHT + 1);
  });

  test('200×50 and 120×40: every column and the right pane; the pane gets what the tree does not need', () => {
    const wide = screenLayout({ columns: 200, rows: 50, ...DEMO_CONTENT });
    expect(wide.tooSmall).toBeNull();
    expect(shown(wide.tree.columns)).toEqual(['agent', 'ci', 'elapsed', 'kind', 'retries']);
    expect(wide.tree).toMatchObject({ width: 68, titleWidth: 24, kindWidth: 10 });
    expect(wide.detailWidth).toBe(130);
    expect(wide.agentViewport).toEqual({ cols: 130, rows: 43 - 6 });
    const mid = screenLayout({ columns: 120, rows: 40, ...DEMO_CONTENT });
    expect(mid.tree.width + 2 + (mid.detailWidth ?? 0)).toBe(120);
    expect(mid.detailWidth).toBe(DETAIL_MIN_WIDTH);
    expect(mid.agentViewport).toEqual({ cols: 50, rows: 33 - 6 });
  });

  test('narrower: columns go first (kind, tokens, retries, elapsed, agent, CI) to keep the pane', () => {
    const withTokens = { ...DEMO_CONTENT, tokens: true };
    const steps = [126, 125, 114, 110, 102, 94, 84, 83].map((columns) => {
      const l = screenLayout({ columns, rows: 30, ...withTokens });
      return [columns, shown(l.tree.columns).join(','), l.detailWidth];
    });
    expect(steps).toEqual([
      [126, 'agent,ci,elapsed,kind,retries,tokens', 50],
      [125, 'agent,ci,elapsed,retries,tokens', 60],
      [114, 'agent,ci,elapsed,retries', 55],
      [110, 'agent,ci,elapsed,retries', 51],
      [102, 'agent,ci', 55],
      [94, 'ci', 55],
      [84, '', 50],
      [83, 'agent,ci,elapsed,kind,retries,tokens', null],
    ]);
  });

  test('then the right pane, and only a tree alone too narrow for its titles cuts them', () => {
    const at80 = screenLayout({ columns: 80, rows: 24, ...DEMO_CONTENT });
    expect(at80.detailWidth).toBeNull();
    expect(shown(at80.tree.columns)).toEqual(['agent', 'ci', 'elapsed', 'kind', 'retries']);
    // Without a pane, the agents' terminals get the whole terminal's size (what an attach shows), at least 24 rows.
    expect(at80.agentViewport).toEqual({ cols: 80, rows: MIN_AGENT_ROWS });
    const at60 = screenLayout({ columns: 60, rows: 20, ...DEMO_CONTENT });
    expect(shown(at60.tree.columns)).toEqual(['agent', 'ci', 'elapsed', 'retries']);
    expect(at60.tree.titleWidth).toBe(24);
    const at40 = screenLayout({ columns: 40, rows: 12, ...DEMO_CONTENT });
    expect(shown(at40.tree.columns)).toEqual(['ci']);
    const long = screenLayout({ columns: 40, rows: 12, ...DEMO_CONTENT, titleWidth: 60 });
    expect(shown(long.tree.columns)).toEqual([]);
    expect(long.tree.titleWidth).toBe(40 - 8);
  });

  test(`below ${MIN_COLUMNS}×${MIN_ROWS} it only says so`, () => {
    expect(screenLayout({ columns: 39, rows: 30, ...DEMO_CONTENT }).tooSmall).toBe('terminal too small: 39×30, need 40×12');
    expect(screenLayout({ columns: 100, rows: 11, ...DEMO_CONTENT }).tooSmall).toBe('terminal too small: 100×11, need 40×12');
    expect(screenLayout({ columns: 40, rows: 12, ...DEMO_CONTENT }).tooSmall).toBeNull();
  });
});

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const demo = (columns: number, rows: number): Harness => {
  const x = mount({ columns, rows, plan: { tasks: DEMO, waves: WAVES } });
  x.engine.print('1.1', ['● The store keeps todos in memory; it is done.', '', '❯ ']);
  return x;
};

describe('the run screen at four sizes', () => {
  test('60×20: the tree alone, whole titles, wave headings; the key hint keeps ? help', async () => {
    h = demo(60, 20);
    const frame = await h.see('Wave 4');
    expect(frame).toBe(FRAME_60);
    expect(h.engine.viewports.at(-1)).toEqual({ cols: 60, rows: 24 });
  });

  test('80×24 (tmux default): the tree alone with every column; the key hint keeps q quit and ? help', async () => {
    h = demo(80, 24);
    const frame = await h.see('Wave 4');
    expect(frame).toBe(FRAME_80);
  });

  test('120×40: the tree with its columns and the right pane with the last agent screen', async () => {
    h = demo(120, 40);
    const frame = await h.see('last agent screen');
    const lines = frame.split('\n');
    expect(lines).toHaveLength(39);
    expect(lines.every((l) => l.length <= 120)).toBe(true);
    expect(lines[3]).toBe(`${'› 1 of 6'.padEnd(68)}│ 1.1 Todo store (coding)`);
    expect(lines.slice(4, 14).map((l) => l.slice(0, 68).trimEnd())).toEqual(TREE_ROWS);
    expect(lines[38]).toBe('enter attach · / filter · p pause · s skip · f force · r retry · d diff · l log · t tmux · q quit · ? help');
    expect(h.engine.viewports.at(-1)).toEqual({ cols: 50, rows: 27 });
  });

  test('200×50: the same tree; the pane takes the rest, and the agents get its size', async () => {
    h = demo(200, 50);
    const frame = await h.see('last agent screen');
    const lines = frame.split('\n');
    expect(lines).toHaveLength(49);
    expect(lines.slice(4, 14).map((l) => l.slice(0, 68).trimEnd())).toEqual(TREE_ROWS);
    expect(lines[9]).toMatch(/│ ● The store keeps todos in memory; it is done\.$/);
    expect(h.engine.viewports.at(-1)).toEqual({ cols: 130, rows: 37 });
  });

  test('30×10: only "terminal too small", and the agents keep their size', async () => {
    h = demo(30, 10);
    expect((await h.see('terminal too small')).replace(/\s+/g, ' ').trim()).toBe('terminal too small: 30×10, need 40×12');
    expect(h.engine.viewports).toEqual([]);
  });
});

test('a resize lays the screen out again and gives the agents the new pane size, once per size', async () => {
  const engine = fakeEngine({ tasks: DEMO, waves: WAVES });
  const app = (columns: number, rows: number) => (
    <App engine={engine} onAttach={noop} loadDiff={load} loadLog={load} onExit={noop} columns={columns} rows={rows} tickMs={0} />
  );
  const r = render(app(200, 50));
  try {
    await waitFor(() => engine.viewports.length === 1);
    r.rerender(app(120, 40));
    await waitFor(() => engine.viewports.length === 2);
    r.rerender(app(80, 24));
    await waitFor(() => engine.viewports.length === 3);
    r.rerender(app(80, 24));
    r.rerender(app(30, 10));
    await waitFor(() => stripVTControlCharacters(r.lastFrame() ?? '').includes('terminal too small'));
    expect(engine.viewports).toEqual([
      { cols: 130, rows: 37 },
      { cols: 50, rows: 27 },
      { cols: 80, rows: 24 },
    ]);
    expect(stripVTControlCharacters(r.lastFrame() ?? '')).not.toContain('Wave');
  } finally {
    r.unmount();
  }
});

const noop = () => {};
const load = async () => '';

const TREE_ROWS = [
  'Wave 1',
  '› ✓ 1.1 Todo store               coding     exited     0:06',
  '  ⇡ 1.5 User guide               documenta… idle       0:06',
  'Wave 2',
  '  ● 1.2 Save the store to a file coding     busy       0:09',
  '  ● 1.3 Command-line interface   coding     busy       0:08',
  'Wave 3',
  '  ◌ 1.4 Due dates                mixed',
  'Wave 4',
  '  ◌ 1.6 End-to-end validation    validation',
];

const FRAME_60 = [
  'M1 Todo app  plan docs/M1.md',
  'done 1/6 · running 3 · waiting 0 · failed 0 · remaining 2',
  '████████░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 16%  0:00',
  '› 1 of 6',
  'Wave 1',
  '› ✓ 1.1 Todo store               exited     0:06',
  '  ⇡ 1.5 User guide               idle       0:06',
  'Wave 2',
  '  ● 1.2 Save the store to a file busy       0:09',
  '  ● 1.3 Command-line interface   busy       0:08',
  'Wave 3',
  '  ◌ 1.4 Due dates',
  'Wave 4',
  '  ◌ 1.6 End-to-end validation',
  '',
  '',
  'No question pending.',
  '',
  'enter attach · / filter · p pause · s skip · q quit · ? help',
].join('\n');

const FRAME_80 = [
  'M1 Todo app  plan docs/M1.md',
  'done 1/6 · running 3 · waiting 0 · failed 0 · remaining 2',
  '████████░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 16%  0:00',
  '› 1 of 6',
  ...TREE_ROWS,
  ...Array.from({ length: 6 }, () => ''),
  'No question pending.',
  '',
  'enter attach · / filter · p pause · s skip · f force · r retry · q quit · ? help',
].join('\n');
