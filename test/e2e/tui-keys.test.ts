/**
 * Keys as people press them, end to end: the built CLI (`mstui demo --fast`) in a private tmux server. `jjj` sent as
 * one chunk moves three rows; `n` to a merge asks first; Ctrl-C asks to quit, a second Ctrl-C quits (exit 130, the
 * state saved); `mstui run` resumes from it.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, GIT_ENV } from '../helpers/repo.js';
import { headerClock, startTmux, type TmuxSession } from '../helpers/tmux.js';

const TITLE = 'M1 Milestone 1: Todo app, the demo';
const QUIT = /Quit\? agents stop, state is saved/;

/** The tree's rows: "› ⚠ 1.1 Todo store …" → id, glyph, selected. */
function rowsOf(screen: string): { id: string; glyph: string; selected: boolean }[] {
  const rows: { id: string; glyph: string; selected: boolean }[] = [];
  for (const line of screen.split('\n')) {
    const m = /^([› ]) (\S) (\d\.\d) /.exec(line.split('│')[0] ?? '');
    if (m?.[2] && m[3]) rows.push({ id: m[3], glyph: m[2], selected: m[1] === '›' });
  }
  return rows;
}

/** The run's screen, ready (not the one that shows while the run is being prepared: `starting: …` in the header). */
const isTui = (s: string): boolean => s.startsWith(TITLE) && rowsOf(s).length === 6 && !s.split('\n')[1]?.startsWith('starting: ');
const selectedRow = (s: string): number => rowsOf(s).findIndex((r) => r.selected);
/** Lines outside the tree/detail split: header, question bar, hint. */
const barOf = (s: string): string =>
  s
    .split('\n')
    .filter((l) => !l.includes('│'))
    .join('\n');

let tmux: TmuxSession | undefined;
let dir: string | undefined;
afterEach(() => {
  tmux?.kill();
  tmux = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  dir = undefined;
});

describe('run-screen keys in tmux', () => {
  it('jjj in one chunk, n to a merge asks first, Ctrl-C twice quits with the state saved', { timeout: 90_000 }, async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'mstui-keys-e2e-')));
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
    const first = await t.waitForScreen(isTui, 30_000, 'the mstui tree');
    expect(selectedRow(first), first).toBe(0);

    // One chunk (send-keys -l): three moves, not one.
    t.type('jjj');
    const moved = await t.waitForScreen((s) => isTui(s) && selectedRow(s) === 3, 5_000, 'the 4th row selected after jjj');
    expect(moved).toMatch(/^› 4 of 6/m);

    // Back on 1.1, whose merge question the bar then shows. It says what n does; n asks before skipping.
    t.sendKeys('g');
    await t.waitForScreen((s) => isTui(s) && selectedRow(s) === 0, 5_000, '1.1 selected');
    const asked = await t.waitForScreen(
      (s) => /^Merge 1\.1 into .*\[n\]o: skip 1\.1 and its \d+ dependents?/m.test(barOf(s)),
      40_000,
      '"Merge 1.1" with its n label',
    );
    // A new question's letters are held back for a moment: press once the header clock has moved on twice (> 1 s).
    const since = headerClock(asked);
    await t.waitForScreen((s) => headerClock(s) >= since + 2, 5_000, 'the clock moving on');
    t.sendKeys('n');
    await t.waitForText(/Skip 1\.1 and its dependents [\d., ]+(and \d+ more)?\? \[y\/n\]/, 5_000);
    t.sendKeys('Escape');
    const kept = await t.waitForScreen((s) => isTui(s) && /^Merge 1\.1 into/m.test(barOf(s)), 5_000, 'the merge question back');
    expect(rowsOf(kept).find((r) => r.id === '1.1')?.glyph, kept).not.toBe('⊘');

    // Ctrl-C asks like q; a second one quits at once: the interrupted exit code, the run saved.
    t.sendKeys('C-c');
    await t.waitForText(QUIT, 5_000);
    t.sendKeys('C-c');
    const [, code] = await t.waitForText(/MSTUI_EXIT=(\d+)/, 15_000);
    expect(code, t.capture()).toBe('130');
    expect(t.capture()).toMatch(/Run stopped/);

    // The same run resumes: 1.1 is still waiting for its merge (not skipped); Ctrl-C twice leaves again.
    t.respawn(['sh', '-c', '"$0" "$1" run plans/M1_todo.md; echo MSTUI_RESUME_EXIT=$?; sleep 600', node, CLI], demo, {
      SCRIPTED_AGENT_SCENARIO: join(demo, '.git/scripted-agent-scenario.json'),
    });
    const resumed = await t.waitForScreen(isTui, 20_000, 'mstui resumed');
    expect(rowsOf(resumed).find((r) => r.id === '1.1')?.glyph, resumed).not.toBe('⊘');
    t.sendKeys('C-c');
    await t.waitForText(QUIT, 5_000);
    t.sendKeys('C-c');
    const [, again] = await t.waitForText(/MSTUI_RESUME_EXIT=(\d+)/, 15_000);
    expect(again, t.capture()).toBe('130');
  });
});
