import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { questionFor } from '../../src/core/scheduler/questions.js';
import { DetailPane } from '../../src/ui/detail-pane.js';
import { Header } from '../../src/ui/header.js';
import { keyHint } from '../../src/ui/keymap.js';
import { Overlay } from '../../src/ui/overlay.js';
import { overlayContent, QUIT_QUESTION } from '../../src/ui/overlay-content.js';
import { QuestionBar, questionLine, questionLines, wordWrap } from '../../src/ui/question-bar.js';
import { TaskTree } from '../../src/ui/task-tree.js';
import { buildTree } from '../../src/ui/tree-model.js';
import { fakeEngine, taskOf } from './fake-engine.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

/** Renders once and returns the frame without colours. */
function frameOf(node: ReactElement): string {
  const r = render(node);
  unmount = r.unmount;
  return stripVTControlCharacters(r.lastFrame() ?? '');
}

const task = taskOf;

describe('Header', () => {
  test('milestone, plan, counts, paused mark, elapsed time and progress bar', () => {
    const e = fakeEngine({
      tasks: [
        { id: '1.1', status: 'merged' },
        { id: '1.2', status: 'running' },
        { id: '1.3', status: 'decision' },
        { id: '1.4', status: 'failed' },
      ],
    });
    e.state.paused = true;
    expect(frameOf(<Header meta={e.meta} state={e.state} elapsedMs={3_725_000} width={80} />)).toBe(
      [
        'M1 Todo app  plan docs/M1.md',
        'PAUSED done 1/4 · running 1 · waiting 1 · failed 1 · remaining 0',
        `${'█'.repeat(13)}${'░'.repeat(37)} 25%  1:02:05`,
      ].join('\n'),
    );
  });

  test('while the run is prepared (the screen shows before the checks): what is being checked, in place of the counts', () => {
    const e = fakeEngine({ tasks: [{ id: '1.1' }, { id: '1.2' }] });
    expect(
      frameOf(<Header meta={e.meta} state={e.state} elapsedMs={0} width={60} starting="checking the repository" />).split('\n')[1],
    ).toBe('starting: checking the repository…');
  });

  test('on a narrow terminal the bar shrinks before the percentage and clock go', () => {
    const e = fakeEngine({ tasks: [{ id: '1.1', status: 'merged' }, { id: '1.2' }] });
    expect(
      frameOf(<Header meta={e.meta} state={e.state} elapsedMs={65_000} width={20} />)
        .split('\n')
        .slice(1),
    ).toEqual(['done 1/2 · running…', `${'█'.repeat(5)}${'░'.repeat(5)} 50%  1:05`]);
  });

  test('kiro yaml plans credit partly done tasks', () => {
    const e = fakeEngine({
      format: 'yaml',
      tasks: [
        { id: '1', status: 'verifying' },
        { id: '2', status: 'running' },
      ],
    });
    expect(frameOf(<Header meta={e.meta} state={e.state} elapsedMs={0} width={25} />).split('\n')[2]).toBe(
      `${'█'.repeat(8)}${'░'.repeat(7)} 50%  0:00`,
    );
  });
});

describe('QuestionBar', () => {
  const e = fakeEngine({
    tasks: [
      { id: '1.2', status: 'awaiting-merge' },
      { id: '1.3', status: 'decision', run: { reason: 'Tests failed' } },
      { id: '1.4', status: 'running' },
    ],
  });
  const s = e.state;

  test.each([
    ['merge', questionFor('merge', task(s, '1.2'), s), 'Merge 1.2 into the integration branch? [y]es [n]o: skip 1.2 al[w]ays [d]iff'],
    [
      'gate-failed',
      questionFor('gate-failed', task(s, '1.3'), s),
      'Tests failed for 1.3 (2 of 2 retries left). Retry with the failure sent to the agent? [r]etry [s]kip [f]orce [x] abort [d]iff',
    ],
    [
      'permission',
      questionFor('permission', task(s, '1.4'), s, 'Bash(rm -rf build)'),
      '1.4 asks for permission: Bash(rm -rf build) [y] approve de[n]y [d]iff',
    ],
    [
      'confirm-deps',
      questionFor('confirm-deps', task(s, '1.4'), s),
      'Dependencies were inferred from document order. Run the tasks in that order? [y]es [n]o',
    ],
  ])('%s question', (_kind, q, line) => {
    const hint = keyHint('none', q.answers);
    expect(frameOf(<QuestionBar question={q} pending={1} notice={null} hint={hint} width={140} />)).toBe(`${line}\n\n${hint}`);
  });

  test('other waiting questions are counted', () => {
    expect(questionLine(questionFor('merge', task(s, '1.2'), s), 3)).toBe(
      'Merge 1.2 into the integration branch? [y]es [n]o: skip 1.2 al[w]ays [d]iff (+2 more waiting: Tab)',
    );
  });

  test('a long question wraps to two lines and keeps its answer keys visible', () => {
    const q = questionFor('gate-failed', task(s, '1.3'), s);
    expect(questionLines(q, 1, 70)).toEqual([
      'Tests failed for 1.3 (2 of 2 retries left). Retry with the failure',
      'sent to the agent? [r]etry [s]kip [f]orce [x] abort [d]iff',
    ]);
    expect(questionLines(q, 1, 60)).toEqual([
      'Tests failed for 1.3 (2 of 2 retries left). Retry with the',
      'failure sent to the… [r]etry [s]kip [f]orce [x] abort [d]iff',
    ]);
    expect(questionLines(q, 1, 50)).toEqual([
      'Tests failed for 1.3 (2 of 2 retries left). Retry',
      'with the… [r]etry [s]kip [f]orce [x] abort [d]iff',
    ]);
    expect(wordWrap(['a', 'bb', 'ccc'], 4)).toEqual(['a bb', 'ccc']);
    expect(wordWrap(['abcdefgh', 'x'], 4)).toEqual(['abc…', 'x']);
    expect(wordWrap(['a', '[x] abort'], 8)).toEqual(['a', '[x] abo…']);
  });

  test('no question: says so; a notice replaces the key hint', () => {
    expect(frameOf(<QuestionBar question={null} pending={0} notice={null} hint="q quit" width={40} />)).toBe(
      'No question pending.\n\nq quit',
    );
    expect(frameOf(<QuestionBar question={null} pending={0} notice="Not inside tmux" hint="q quit" width={40} />)).toBe(
      'No question pending.\n\nNot inside tmux',
    );
  });
});

describe('TaskTree', () => {
  test('wave headings and one row per task: glyph, id, title, kind, agent, elapsed, retries; the selected row is marked', () => {
    const e = fakeEngine({
      waves: [['1.1', '1.2'], ['2.1']],
      tasks: [
        {
          id: '1.1',
          title: 'Model',
          status: 'merged',
          run: { startedAtMs: 0, endedAtMs: 65_000, ci: { status: 'passed', summary: 'local', log: null, failing: [] } },
        },
        {
          id: '1.2',
          title: 'A title far too long for the tree',
          status: 'running',
          run: {
            agent: 'busy',
            startedAtMs: 990_000,
            retries: 1,
            ciRetries: 1,
            ci: { status: 'failed', summary: 'x', log: null, failing: [] },
          },
        },
        { id: '2.1', title: 'UI', kind: 'docs', deps: ['1.2'] },
      ],
    });
    const model = buildTree(e.meta, e.state);
    const frame = frameOf(
      <TaskTree meta={e.meta} state={e.state} model={model} selected={1} scroll={0} height={6} width={80} nowMs={1_000_000} />,
    );
    expect(frame).toBe(
      [
        '› 2 of 3',
        'Wave 1',
        '  ✓ 1.1 Model                             impl            1:05     ci✓',
        '› ● 1.2 A title far too long for the tree impl busy       0:10 ↻2  ci✗',
        'Wave 2',
        '  ◌ 2.1 UI                                docs',
      ].join('\n'),
    );
  });

  test('a narrow tree drops its columns (kind, tokens, retries, elapsed, agent, CI) before it cuts a title', () => {
    const ci = { status: 'passed' as const, summary: 'local', log: null, failing: [] };
    const run = { agent: 'busy' as const, startedAtMs: 0, retries: 1, ci };
    const e = fakeEngine({ tasks: [{ id: '1.1', title: 'Save the store to a file', kind: 'documentation', status: 'running', run }] });
    const model = buildTree(e.meta, e.state);
    const row = (width: number) =>
      frameOf(
        <TaskTree meta={e.meta} state={e.state} model={model} selected={0} scroll={0} height={3} width={width} nowMs={65_000} />,
      ).split('\n')[2];
    // "› ● 1.1 " is 8 wide, the title 24; the columns take 11 (kind), 8 (agent), 8 (elapsed), 4 (retries), 5 (CI).
    expect(row(68)).toBe('› ● 1.1 Save the store to a file documenta… busy       1:05 ↻1  ci✓');
    expect(row(67)).toBe('› ● 1.1 Save the store to a file busy       1:05 ↻1  ci✓');
    expect(row(56)).toBe('› ● 1.1 Save the store to a file busy       1:05 ci✓');
    expect(row(48)).toBe('› ● 1.1 Save the store to a file busy    ci✓');
    expect(row(40)).toBe('› ● 1.1 Save the store to a file ci✓');
    expect(row(36)).toBe('› ● 1.1 Save the store to a file');
    expect(row(30)).toBe('› ● 1.1 Save the store to a f…');
  });

  test('renders only the window and says how much is above and below', () => {
    const e = fakeEngine({ tasks: Array.from({ length: 20 }, (_, i) => ({ id: `t${i}` })) });
    const model = buildTree(e.meta, e.state);
    const frame = frameOf(<TaskTree meta={e.meta} state={e.state} model={model} selected={9} scroll={8} height={4} width={40} nowMs={0} />);
    expect(frame.split('\n').map((l) => l.slice(0, 8))).toEqual(['› 10 of ', '  ○ t7  ', '  ○ t8  ', '› ○ t9  ']);
    expect(frame.split('\n')[0]).toBe('› 10 of 20  ↑8  ↓10');
  });
});

describe('DetailPane', () => {
  test('worktree, branch, session, gate output tail and the live screen without trailing blank rows', () => {
    const e = fakeEngine({
      tasks: [
        {
          id: '1.3',
          title: 'Store',
          status: 'decision',
          run: { agent: 'idle', sessionId: 'sess-42', startedAtMs: 0, reason: 'Tests failed', retries: 1 },
        },
      ],
    });
    const frame = frameOf(
      <DetailPane
        meta={e.meta}
        state={e.state}
        taskId="1.3"
        screen={['> fixing the test', '', 'done   ', '', '']}
        outputTail={['FAIL store.test.ts', '  expected 2, got 3']}
        height={13}
        width={60}
        nowMs={125_000}
      />,
    );
    expect(frame).toBe(
      [
        '1.3 Store (impl)',
        'status   ⚠ waiting for you (decision) · 2:05 — Tests failed',
        'worktree .worktrees/M1-1.3',
        'branch   mstui/M1/1.3',
        'agent    idle · session sess-42',
        'retries  1 · follow-ups 0',
        '── gate output ──',
        'FAIL store.test.ts',
        '  expected 2, got 3',
        '── agent screen ──',
        '> fixing the test',
        '',
        'done',
      ].join('\n'),
    );
  });

  test('agent rows keep their colours and are cut to the pane, wide characters counted twice', () => {
    const e = fakeEngine({ tasks: [{ id: '1', status: 'running', run: { agent: 'busy' } }] });
    const red = '\u001b[0;31m';
    const rows = [`${red}${'x'.repeat(50)}\u001b[0m`, `ab${'日'.repeat(30)}`, 'short'];
    const r = render(
      <DetailPane meta={e.meta} state={e.state} taskId="1" screen={rows} outputTail={[]} height={10} width={20} nowMs={0} />,
    );
    unmount = r.unmount;
    const raw = r.lastFrame() ?? '';
    const lines = stripVTControlCharacters(raw).split('\n');
    expect(lines.slice(-4)).toEqual(['x'.repeat(20), `ab${'日'.repeat(9)}`, 'short', '']);
    // The red row is still red (Ink re-encodes the colour).
    expect(raw).toContain(`\u001b[31m${'x'.repeat(20)}`);
  });

  test("the worktree's size once measured (issue 13): KiB under a MiB, then MiB", () => {
    const e = fakeEngine({
      tasks: [
        { id: '1', status: 'running', run: { worktreeKiB: 2_560 } },
        { id: '2', status: 'running' },
      ],
    });
    const line = (id: string) =>
      frameOf(<DetailPane meta={e.meta} state={e.state} taskId={id} screen={null} outputTail={[]} height={8} width={50} nowMs={0} />)
        .split('\n')
        .find((l) => l.startsWith('worktree'));
    expect(line('1')).toBe('worktree .worktrees/M1-1 · 2.5 MiB');
    expect(line('2')).toBe('worktree .worktrees/M1-2');
  });

  test('falls back to the task gate output; says when no agent runs', () => {
    const e = fakeEngine({ tasks: [{ id: '1', status: 'failed', run: { gateOutput: 'line a\nline b\n' } }] });
    const frame = frameOf(
      <DetailPane meta={e.meta} state={e.state} taskId="1" screen={null} outputTail={[]} height={10} width={40} nowMs={0} />,
    );
    expect(frame.trimEnd().split('\n').slice(-4)).toEqual(['── gate output ──', 'line a', 'line b', '── no agent running ──']);
  });
});

describe('Overlay', () => {
  test('a confirmation box', () => {
    const e = fakeEngine({ tasks: [{ id: '1' }] });
    const content = overlayContent({ kind: 'confirm-quit' }, e.state, e.meta);
    const w = QUIT_QUESTION.length + 4;
    expect(frameOf(<Overlay content={content} scroll={0} height={10} width={w} confirm />)).toBe(
      [`╭${'─'.repeat(w - 2)}╮`, `│ Quit${' '.repeat(w - 7)}│`, `│ ${QUIT_QUESTION} │`, `╰${'─'.repeat(w - 2)}╯`].join('\n'),
    );
  });

  test('scrolls a long text and shows the position', () => {
    const e = fakeEngine({ tasks: [{ id: '1' }] });
    const text = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n');
    const content = overlayContent({ kind: 'log', task: '1', text, error: null }, e.state, e.meta);
    const lines = frameOf(<Overlay content={content} scroll={5} height={7} width={60} />).split('\n');
    expect(lines[1]).toContain('Log of 1 (j/k scroll, g/G, Esc close)  6–9/30');
    expect(lines.slice(2, 6).map((l) => l.slice(2).trimEnd().replace(/│$/, '').trimEnd())).toEqual([
      'line 6',
      'line 7',
      'line 8',
      'line 9',
    ]);
  });
});
