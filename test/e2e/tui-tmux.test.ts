/**
 * The interactive screen end to end: the built CLI in a private tmux server, driven by keys, read with capture-pane.
 * One user story: `mstui demo --fast` → merge a task → attach to an agent and type into it → detach → pause (nothing
 * new starts, the permission prompt and merges are still answered) → quit → `mstui run` again resumes and finishes.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, GIT_ENV, git } from '../helpers/repo.js';
import { headerClock, pressAnswer, startTmux, type TmuxSession } from '../helpers/tmux.js';

const TASKS = ['1.1', '1.5', '1.2', '1.3', '1.4', '1.6'];
const TITLE = 'M1 Milestone 1: Todo app, the demo';
/** Tasks that have not started: pending (○) or blocked (◌). */
const NOT_STARTED = new Set(['○', '◌']);

interface Row {
  id: string;
  glyph: string;
  selected: boolean;
}

const linesOf = (screen: string): string[] => screen.split('\n');

/** The tree rows (left of the │ separator): "› ⚠ 1.1 Todo store …". */
function rowsOf(screen: string): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const line of linesOf(screen)) {
    const m = /^([› ]) (\S) (\d\.\d) /.exec(line.split('│')[0] ?? '');
    if (m?.[2] && m[3]) rows.set(m[3], { id: m[3], glyph: m[2], selected: m[1] === '›' });
  }
  return rows;
}

const glyphOf = (screen: string, id: string): string | undefined => rowsOf(screen).get(id)?.glyph;

/** The mstui screen is up: its header on top, all six task rows in the tree. */
/** The run's screen, ready (not the one that shows while the run is being prepared: `starting: …` in the header). */
const isTui = (screen: string): boolean =>
  screen.startsWith(TITLE) && rowsOf(screen).size === TASKS.length && !linesOf(screen)[1]?.startsWith('starting: ');

/** Header, question bar and key hint: the lines without the tree/detail separator (agent text stays out). */
const barOf = (screen: string): string =>
  linesOf(screen)
    .filter((l) => !l.includes('│'))
    .join('\n');

/** The question the bar shows and the key this story answers it with. */
function questionOf(screen: string): { text: string; key: string } | null {
  if (!isTui(screen)) return null;
  const bar = barOf(screen);
  const merge = /^Merge \d\.\d into .*$/m.exec(bar);
  if (merge) return { text: merge[0], key: 'w' };
  const failed = /^tests failed .*\[r\]etry.*$/m.exec(bar);
  if (failed) return { text: failed[0], key: 'r' };
  const permission = /^\d\.\d asks for permission.*\[y\] approve.*$/m.exec(bar);
  if (permission) return { text: permission[0], key: 'y' };
  return null;
}

/** Presses an answer key once its question has been on screen over a second, and waits until `done`. */
async function answer(t: TmuxSession, key: string, done: (s: string) => boolean, timeoutMs: number, what: string): Promise<string> {
  await pressAnswer(t, key);
  return t.waitForScreen(done, timeoutMs, what);
}

/** The agent owns the whole terminal: its prompt box at column 0, no mstui header or tree anywhere. */
const isAgentScreen = (screen: string): boolean =>
  !screen.includes('Milestone 1') &&
  !/Wave \d/.test(screen) &&
  /^❯/m.test(screen) &&
  /^\s+(?:\? for shortcuts|⏸ manual mode on|⏵⏵ auto mode on)/m.test(screen);

/** Moves the selection with j/k until `id` is selected, waiting for each move to show. */
async function selectTask(tmux: TmuxSession, id: string): Promise<void> {
  for (let moves = 0; moves < TASKS.length; moves++) {
    const screen = tmux.capture();
    const rows = [...rowsOf(screen).values()];
    const at = rows.findIndex((r) => r.selected);
    const want = rows.findIndex((r) => r.id === id);
    expect(want, screen).toBeGreaterThanOrEqual(0);
    if (at === want) return;
    tmux.sendKeys(at < want ? 'j' : 'k');
    const before = rows[at]?.id;
    await tmux.waitForScreen((s) => [...rowsOf(s).values()].find((r) => r.selected)?.id !== before, 5_000, `moving off ${before}`);
  }
  throw new Error(`could not select ${id}`);
}

let tmux: TmuxSession | undefined;
let dir: string | undefined;
afterEach(() => {
  tmux?.kill();
  tmux = undefined;
  // The pane's processes get SIGHUP from kill-server and may still be writing for a moment.
  if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  dir = undefined;
});

describe('mstui TUI in tmux', () => {
  it('demo: merge, attach and type, detach, pause, quit; run again resumes and finishes', { timeout: 180_000 }, async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'mstui-tui-e2e-')));
    const demo = join(dir, 'demo');
    const node = process.execPath;
    const t = startTmux({
      command: ['sh', '-c', '"$0" "$1" demo --dir "$2" --fast; echo MSTUI_EXIT=$?; sleep 600', node, CLI, demo],
      cwd: dir,
      cols: 160,
      rows: 45,
      env: GIT_ENV,
    });
    tmux = t;

    // The tree comes up, and agents run.
    await t.waitForScreen(isTui, 30_000, 'the mstui tree');
    expect(t.capture()).toMatch(/^Wave 1/m);
    await t.waitForScreen((s) => [...rowsOf(s).values()].some((r) => r.glyph === '●'), 20_000, 'a running (●) task');

    // Both wave-1 tasks finish; the selected one's merge question is on the bar. Merge it.
    await t.waitForScreen(
      (s) => glyphOf(s, '1.1') === '⚠' && glyphOf(s, '1.5') === '⚠' && /^Merge 1\.1 into/m.test(barOf(s)),
      30_000,
      '1.1 and 1.5 awaiting merge, "Merge 1.1" asked',
    );
    await answer(t, 'y', (s) => glyphOf(s, '1.1') === '✓', 15_000, '1.1 merged (✓)');

    // Attach to 1.5 (idle, awaiting its merge): the agent's own screen fills the terminal, and keys reach it.
    await selectTask(t, '1.5');
    t.sendKeys('Enter');
    await t.waitForScreen(isAgentScreen, 10_000, "the agent's own screen, without mstui");
    t.type('typed through mstui');
    await t.waitForText(/^❯ typed through mstui/m);

    // Ctrl-] gives the terminal back to mstui, cleanly redrawn, with 1.5 still selected.
    t.sendKeys('C-]');
    const back = await t.waitForScreen(isTui, 10_000, 'mstui back after Ctrl-]');
    const lines = linesOf(back);
    expect(lines[0], back).toMatch(/^M1 Milestone 1: Todo app, the demo {2}plan plans\/M1_todo\.md/);
    expect(lines[1], back).toMatch(/^done \d\/6 · running \d · waiting \d/);
    expect(lines[3], back).toMatch(/^› 2 of 6/);
    expect(lines[4], back).toMatch(/^Wave 1/);
    expect(rowsOf(back).get('1.5')?.selected, back).toBe(true);
    // No agent line left at column 0 (the agent's screen shows only inside the detail pane now).
    expect(
      lines.filter((l) => /^(❯|⏺|\s*⎿|\s+\? for shortcuts)/.test(l)),
      back,
    ).toEqual([]);
    expect(barOf(back), back).toMatch(/^Merge 1\.5 into/m);

    // Pause. `p` always means pause: no answer uses it.
    t.sendKeys('p');
    const paused = await t.waitForScreen((s) => isTui(s) && linesOf(s)[1]?.startsWith('PAUSED ') === true, 5_000, 'PAUSED');
    // Two slots: 1.5 (awaiting merge) and 1.2 (its agent) hold them, so 1.3 — unblocked by 1.1 — has not started.
    expect(glyphOf(paused, '1.3'), paused).toBe('○');
    const started = new Set([...rowsOf(paused).values()].filter((r) => !NOT_STARTED.has(r.glyph)).map((r) => r.id));
    const violations: string[] = [];
    /** While paused: still PAUSED, and no task outside `started` leaves ○/◌. Records instead of throwing (waitFor retries throws). */
    const pausedAnd = (cond: (s: string) => boolean) => (s: string) => {
      if (!isTui(s)) return false;
      if (!linesOf(s)[1]?.startsWith('PAUSED ')) violations.push(`not paused any more:\n${s}`);
      for (const r of rowsOf(s).values())
        if (!started.has(r.id) && !NOT_STARTED.has(r.glyph)) violations.push(`${r.id} started while paused:\n${s}`);
      return violations.length > 0 || cond(s);
    };

    // Questions are still answered while paused: merge 1.5 (frees a slot), approve 1.2's permission, merge 1.2.
    await answer(
      t,
      'y',
      pausedAnd((s) => glyphOf(s, '1.5') === '✓'),
      15_000,
      '1.5 merged while paused',
    );
    expect(violations).toEqual([]);
    await t.waitForScreen(
      pausedAnd((s) => /^1\.2 asks for permission.*\[y\] approve de\[n\]y/m.test(barOf(s))),
      20_000,
      "1.2's permission prompt",
    );
    await answer(
      t,
      'y',
      pausedAnd((s) => !/asks for permission/.test(barOf(s))),
      10_000,
      'the permission answered',
    );
    await t.waitForScreen(
      pausedAnd((s) => /^Merge 1\.2 into/m.test(barOf(s))),
      30_000,
      '"Merge 1.2" asked',
    );
    expect(violations).toEqual([]);
    const idle = await answer(
      t,
      'y',
      pausedAnd((s) => glyphOf(s, '1.2') === '✓'),
      15_000,
      '1.2 merged while paused',
    );
    // Slots are free and 1.3 is ready, yet it stays pending while the clock moves on.
    const clock = headerClock(idle);
    const still = await t.waitForScreen(
      pausedAnd((s) => headerClock(s) >= clock + 2),
      10_000,
      'the clock ticking while paused',
    );
    expect(violations).toEqual([]);
    expect(linesOf(still)[1], still).toMatch(/^PAUSED done 3\/6 · running 0 /);
    expect(glyphOf(still, '1.3'), still).toBe('○');

    // Quit (asks first): the run stops with the interrupted code, 3 tasks merged.
    t.sendKeys('q');
    await t.waitForText(/Quit\? agents stop, state is saved/);
    t.sendKeys('y');
    const [, quitCode] = await t.waitForText(/MSTUI_EXIT=(\d+)/, 15_000);
    expect(quitCode, t.capture()).toBe('130');
    expect(t.capture()).toMatch(/Run stopped: 3 merged/);

    // Run again in the same window: it resumes from the saved state.
    t.respawn(['sh', '-c', '"$0" "$1" run plans/M1_todo.md; echo MSTUI_RESUME_EXIT=$?; sleep 600', node, CLI], demo, {
      SCRIPTED_AGENT_SCENARIO: join(demo, '.git/scripted-agent-scenario.json'),
    });
    const resumed = await t.waitForScreen(isTui, 20_000, 'mstui resumed');
    for (const id of ['1.1', '1.5', '1.2']) expect(glyphOf(resumed, id), resumed).toBe('✓');
    if (linesOf(resumed)[1]?.startsWith('PAUSED ')) {
      // The pause was saved with the run; lift it.
      t.sendKeys('p');
      await t.waitForScreen((s) => isTui(s) && !linesOf(s)[1]?.startsWith('PAUSED'), 5_000, 'unpaused');
    }

    // Answer until the run ends: al`w`ays merge, `r`etry 1.3's failing tests (the demo breaks them once).
    const merged = new Set<string>();
    const track = (s: string) => {
      if (isTui(s)) for (const r of rowsOf(s).values()) if (r.glyph === '✓') merged.add(r.id);
    };
    const exit = /MSTUI_RESUME_EXIT=(\d+)/;
    const answered: string[] = [];
    for (let turns = 0; ; turns++) {
      expect(turns, `answered: ${answered.join(' | ')}`).toBeLessThan(10);
      const s = await t.waitForScreen(
        (s) => {
          track(s);
          return exit.test(s) || questionOf(s) !== null;
        },
        60_000,
        'a question or the end of the run',
      );
      const q = questionOf(s);
      if (exit.test(s) || !q) break;
      answered.push(`${q.key}: ${q.text}`);
      // One key per question (held back only while the question is new).
      await answer(
        t,
        q.key,
        (s2) => {
          track(s2);
          return exit.test(s2) || questionOf(s2)?.text !== q.text;
        },
        10_000,
        `"${q.text}" answered`,
      );
    }
    const end = t.capture();
    expect(end.match(exit)?.[1], end).toBe('0');
    expect(end).toMatch(/Run done: 6 merged/);
    expect(
      answered.some((a) => a.startsWith('w: Merge')),
      answered.join('\n'),
    ).toBe(true);
    // Every task showed ✓ in the tree; the last merge (1.6) may land after the final frame, so the summary line
    // and the branch vouch for it.
    expect([...merged]).toEqual(expect.arrayContaining(TASKS.filter((id) => id !== '1.6')));
    const subjects = git(demo, 'log', '--format=%s', 'main..mstui/M1');
    for (const id of TASKS) expect(subjects).toMatch(new RegExp(`^Task ${id.replace('.', '\\.')}:`, 'm'));
  });
});
