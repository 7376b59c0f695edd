import { EventEmitter } from 'node:events';
import { render as inkRender } from 'ink';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { questionFor } from '../../src/core/scheduler/questions.js';
import type { TaskStatus } from '../../src/core/scheduler/types.js';
import { App } from '../../src/ui/app.js';
import { type DisplayStatus, GLYPHS } from '../../src/ui/glyphs.js';
import { ANSWER_GUARD_MS, NOT_IN_TMUX } from '../../src/ui/key-effects.js';
import { displayKey, KEYMAP } from '../../src/ui/keymap.js';
import { waitFor } from '../helpers/wait-for.js';
import { type FakeTask, fakeEngine, manyTasks } from './fake-engine.js';
import { type Harness, mount } from './harness.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
  vi.useRealTimers();
});

const task = (id: string, status: TaskStatus, run: FakeTask['run'] = {}, deps: string[] = []): FakeTask => ({ id, status, run, deps });
/** A task whose agent runs: the task keys (diff, attach, tmux) act on it. */
const STARTED: FakeTask['run'] = { agent: 'busy', startedAtMs: 1 };

describe('status glyphs', () => {
  const byStatus: Record<DisplayStatus, FakeTask> = {
    pending: task('p1', 'pending'),
    blocked: task('b1', 'pending', {}, ['r1']),
    running: task('r1', 'running', { agent: 'busy' }),
    waiting: task('w1', 'running', { agent: 'waiting' }),
    verifying: task('v1', 'verifying'),
    ci: task('c1', 'ci'),
    conflict: task('k1', 'conflict'),
    'awaiting-merge': task('a1', 'awaiting-merge'),
    merging: task('g1', 'merging'),
    merged: task('m1', 'merged'),
    failed: task('f1', 'failed'),
    skipped: task('s1', 'skipped'),
    done: task('d1', 'done'),
    excluded: task('x1', 'excluded'),
  };

  test('every status shows its glyph on its task row', async () => {
    h = mount({ rows: 30, plan: { tasks: [...Object.values(byStatus), task('w2', 'decision'), task('w3', 'awaiting-merge')] } });
    const s = h.engine.state;
    const w3 = s.tasks.w3;
    if (w3) h.engine.update('w3', { question: questionFor('merge', w3, s) });
    const frame = await h.see(/⚠ w3 /);
    for (const [status, t] of Object.entries(byStatus)) {
      expect(frame, status).toMatch(new RegExp(`^[› ] ${GLYPHS[status as DisplayStatus].glyph} ${t.id} `, 'm'));
    }
    // A decision and a task with a question wait for a human too.
    expect(frame).toMatch(/^ {2}⚠ w2 /m);
    expect(frame).toMatch(/^ {2}⚠ w3 /m);
  });
});

describe('question bar', () => {
  test('shows the run-level question first and answers it with a null task', async () => {
    h = mount();
    const s = h.engine.state;
    const t = s.tasks['1.1'];
    if (!t) throw new Error('no 1.1');
    h.engine.update('1.1', { status: 'awaiting-merge', question: questionFor('merge', t, s) });
    await h.see('Merge 1.1 into the integration branch? [y]es [n]o: skip 1.1 and its 1 dependent al[w]ays [d]iff');
    expect(h.frame()).toContain('s skip · f force'); // y/n/w leave the list's s and f alone
    s.question = questionFor('confirm-deps', t, s);
    h.engine.emit();
    await h.see('Dependencies were inferred from document order. Run the tasks in that order? [y]es [n]o');
    await h.see('(+1 more waiting: Tab)');
    h.engine.clockMs += ANSWER_GUARD_MS;
    h.press('y');
    await waitFor(() => h?.engine.sent.length);
    expect(h.engine.sent).toEqual([{ type: 'answer', task: null, answer: 'yes', kind: 'confirm-deps' }]);
  });

  test("prefers the selected task's question over the first one", async () => {
    h = mount({ plan: { tasks: [task('1.1', 'decision', { reason: 'Lint failed' }), task('1.2', 'running', { agent: 'waiting' })] } });
    const s = h.engine.state;
    for (const id of ['1.1', '1.2']) {
      const t = s.tasks[id];
      if (t)
        s.tasks[id] = { ...t, question: id === '1.1' ? questionFor('gate-failed', t, s) : questionFor('permission', t, s, 'Bash(ls)') };
    }
    h.engine.emit();
    await h.see('Lint failed for 1.1 (2 of 2 retries left). Retry with the failure sent to the agent? [r]etry [s]kip\n');
    await h.see('\n[f]orce [x] abort [d]iff (+1 more waiting: Tab)\n');
    expect(h.frame()).toContain('enter attach · / filter · p pause · d diff'); // s, f, r answer the question now
    h.press('j');
    await h.see('1.2 asks for permission: Bash(ls) [y] approve de[n]y [d]iff (+1 more waiting: Tab)');
    h.engine.clockMs += ANSWER_GUARD_MS;
    h.press('y');
    await waitFor(() => h?.engine.sent.length);
    expect(h.engine.sent).toEqual([{ type: 'answer', task: '1.2', answer: 'approve', kind: 'permission' }]);
  });
});

describe('review questions', () => {
  test('CI failed: retries left, the answers and v for the log; v opens the failed log', async () => {
    h = mount();
    const s = h.engine.state;
    const t = s.tasks['1.1'];
    if (!t) throw new Error('no 1.1');
    const ci = {
      status: 'failed' as const,
      summary: 'PR #3: 1 check: 0 pass, 1 fail (test)',
      log: 'FAIL test/api.test.ts',
      failing: ['test'],
    };
    h.engine.update('1.1', { status: 'decision', ci, ciRetries: 1, question: questionFor('ci-failed', { ...t, ci, ciRetries: 1 }, s) });
    const frame = await h.see('CI failed for 1.1 (1 of 2 retries left): PR #3: 1 check: 0 pass, 1 fail (test).');
    expect(frame).toMatch(/\[r\]etry \[s\]kip\s+\[f\]orce \[x\] abort \[d\]iff \[v\]iew log/);
    expect(frame).toMatch(/ci✗/);
    h.press('v');
    expect(await h.see('── failed log (tail) ──')).toContain('FAIL test/api.test.ts');
  });

  test('a conflict: the task shows as conflict, the answers include resolving by hand', async () => {
    h = mount();
    const s = h.engine.state;
    const t = s.tasks['1.1'];
    if (!t) throw new Error('no 1.1');
    h.engine.update('1.1', { status: 'conflict', question: questionFor('merge-conflict', t, s, 'src/a.ts') });
    const frame = await h.see('1.1 conflicts with the integration branch in src/a.ts.');
    expect(frame).toMatch(/\[h\]and/);
    expect(frame).toMatch(/^› ⚡ 1\.1 /m);
    h.engine.clockMs += ANSWER_GUARD_MS;
    h.press('h');
    await waitFor(() => h?.engine.sent.length);
    expect(h.engine.sent).toEqual([{ type: 'answer', task: '1.1', answer: 'hand', kind: 'merge-conflict' }]);
  });
});

test('the help overlay lists every keymap entry', async () => {
  h = mount({ rows: 80 });
  h.press('?');
  const frame = await h.see('Keys (j/k scroll, Esc close)');
  const lines = frame.split('\n').map((l) => l.replace(/^│\s*/, '').replace(/\s*│$/, ''));
  for (const b of KEYMAP) {
    const keys = b.keys.map(displayKey).join('/');
    expect(
      lines.some((l) => l.startsWith(keys) && l.endsWith(b.help)),
      `${keys}: ${b.help}`,
    ).toBe(true);
  }
});

describe('task tree', () => {
  test('with 300 tasks it draws only what fits and keeps the selected row visible', async () => {
    const plan = manyTasks(300, 30);
    h = mount({ engine: fakeEngine(plan) });
    const ids = plan.waves.flat();
    let frame = await h.see('› 1 of 300');
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
    expect(frame).toMatch(/^Wave 1 /m);
    expect(frame).not.toMatch(/ 1\.17 /);
    for (let i = 1; i <= 45; i++) {
      h.press('j');
      frame = await h.see(`› ${i + 1} of 300`);
      expect(frame, `row of ${ids[i]}`).toMatch(new RegExp(`^› . ${ids[i]?.replace('.', '\\.')} `, 'm'));
      expect(frame.split('\n').length).toBeLessThanOrEqual(23);
    }
    expect(frame).not.toMatch(/ 1\.1 /);
    h.press('G');
    frame = await h.see('› 300 of 300');
    expect(frame).toMatch(/^› ◌ 10\.30 /m);
    h.press('g');
    frame = await h.see('› 1 of 300');
    expect(frame).toMatch(/^Wave 1 .*\n› ○ 1\.1 /m);
  });

  test('follows engine state changes and unsubscribes on unmount', async () => {
    const engine = fakeEngine({ tasks: [{ id: '1.1' }] });
    h = mount({ engine });
    await h.see('○ 1.1');
    engine.update('1.1', { status: 'merged' });
    await h.see('✓ 1.1');
    expect(engine.listeners()).toEqual({ state: 1, screen: 1 });
    h.unmount();
    h = undefined;
    expect(engine.listeners()).toEqual({ state: 0, screen: 0 });
  });

  test('elapsed times tick with the clock', async () => {
    const engine = fakeEngine({ tasks: [task('1.1', 'running', { agent: 'busy', startedAtMs: 1_000_000 })] });
    h = mount({ engine, tickMs: 20 });
    await h.see('0:00');
    engine.clockMs += 65_000;
    const frame = await h.see('1:05');
    expect(frame).toMatch(/● 1\.1 .* 1:05/);
  });
});

describe('callbacks and failures', () => {
  test('skip asks first, then sends skip for the task', async () => {
    h = mount();
    h.press('s');
    await h.see('Skip 1.1 and its dependents 1.2? [y/n]');
    expect(h.engine.sent).toEqual([]);
    h.press('y');
    await waitFor(() => h?.engine.sent.length);
    expect(h.engine.sent).toEqual([{ type: 'skip', task: '1.1' }]);
    await h.see('› 1 of 2');
  });

  test('a diff that fails to load says so in the overlay', async () => {
    h = mount({ loadDiff: () => Promise.reject(new Error('git diff exited 128')), plan: { tasks: [task('1.1', 'running', STARTED)] } });
    h.press('d');
    await h.see('Could not load the diff: git diff exited 128');
  });

  test('t outside tmux explains instead of doing nothing', async () => {
    h = mount({ openInTmux: undefined, plan: { tasks: [task('1.1', 'running', STARTED), task('1.2', 'pending')] } });
    h.press('t');
    await h.see(NOT_IN_TMUX);
    h.press('j');
    await h.see('? help');
  });

  test('a throwing callback becomes a notice instead of killing the UI', async () => {
    h = mount({
      onAttach: () => {
        throw new Error('no such session');
      },
      plan: { tasks: [task('1.1', 'running', STARTED)] },
    });
    h.press('a');
    await h.see('attach: no such session');
  });
});

test('without a TTY on stdin the UI renders and never asks for raw mode', async () => {
  class Out extends EventEmitter {
    columns = 100;
    frames: string[] = [];
    write = (f: string) => this.frames.push(f);
  }
  class In extends EventEmitter {
    isTTY = false;
    setRawMode = () => {
      throw new Error('setRawMode called without a TTY');
    };
    setEncoding() {}
    resume() {}
    pause() {}
    ref() {}
    unref() {}
    read = () => null;
  }
  const stdout = new Out();
  const engine = fakeEngine({ tasks: [{ id: '1.1' }] });
  const noop = () => {};
  const load = async () => '';
  const instance = inkRender(<App engine={engine} onAttach={noop} loadDiff={load} loadLog={load} onExit={noop} tickMs={0} />, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new Out() as unknown as NodeJS.WriteStream,
    stdin: new In() as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  try {
    await waitFor(() => stdout.frames.some((f) => f.includes('› 1 of 1')));
  } finally {
    instance.unmount();
  }
});
