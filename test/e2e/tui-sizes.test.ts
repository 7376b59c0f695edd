/**
 * The run screen at the sizes people use, end to end: the built CLI's demo in a private tmux server, resized from
 * 200×50 to 120×40, 80×24 and 60×20. At each size the titles are whole, the wave headings right and `? help` shown;
 * the agent's terminal has the width of the pane that shows it (its prompt box's rule is exactly that wide); with
 * NO_COLOR set, nothing on the screen has a colour or a style.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, GIT_ENV } from '../helpers/repo.js';
import { startTmux, type TmuxSession } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait-for.js';

/** The demo's tasks (src/cli/demo-fixture.ts), in tree order, with their titles. */
const TITLES: Record<string, string> = {
  '1.1': 'Todo store',
  '1.5': 'User guide',
  '1.2': 'Save the store to a file',
  '1.3': 'Command-line interface',
  '1.4': 'Due dates',
  '1.6': 'End-to-end validation',
};
const WAVES = ['Wave 1', 'Wave 2', 'Wave 3', 'Wave 4'];

const lines = (screen: string): string[] => screen.replace(/\n$/, '').split('\n');
/** The tree's part of a line: left of the separator when the right pane shows. */
const treePart = (line: string): string => line.split('│')[0] ?? '';

/** The tree's task rows ("› ⚠ 1.1 Todo store  coding …"), in order. */
const taskRows = (screen: string): string[] =>
  lines(screen)
    .map((l) => treePart(l).trimEnd())
    .filter((l) => /^[› ] \S \d\.\d /.test(l));

/** Every task in its place, with its whole title (followed by a column, or nothing). */
const wholeTitles = (screen: string): boolean => {
  const rows = taskRows(screen);
  return (
    rows.length === Object.keys(TITLES).length &&
    Object.entries(TITLES).every(
      ([id, title], i) =>
        rows[i]?.slice(4).startsWith(`${id} ${title}`) && /^(?: |$)/.test(rows[i]?.slice(4 + id.length + 1 + title.length) ?? ''),
    )
  );
};

const waveHeadings = (screen: string): string[] =>
  lines(screen)
    .map((l) => treePart(l).trimEnd())
    .filter((l) => l.startsWith('Wave'));

/** The screen fits the terminal, with every task's whole title, the right wave headings and `? help`. */
function readable(screen: string, cols: number): boolean {
  return (
    screen.startsWith('M1 Milestone 1') &&
    lines(screen).every((l) => [...l].length <= cols) &&
    wholeTitles(screen) &&
    JSON.stringify(waveHeadings(screen)) === JSON.stringify(WAVES) &&
    /\? help\s*$/m.test(screen)
  );
}

/** Width of the right pane (null: not shown): from its separator's column to the edge. */
function paneWidth(screen: string, cols: number): number | null {
  const at = lines(screen)[3]?.indexOf('│') ?? -1;
  return at < 0 ? null : cols - [...(lines(screen)[3] ?? '').slice(0, at)].length - 2;
}

/** The agent's prompt-box rules ('─' × its terminal's width) inside the right pane. */
function paneRules(screen: string): number[] {
  return lines(screen)
    .map((l) => l.split('│')[1] ?? '')
    .map((p) => p.trim())
    .filter((p) => /^─{10,}$/.test(p))
    .map((p) => p.length);
}

let tmux: TmuxSession | undefined;
let dir: string | undefined;
afterEach(async () => {
  tmux?.kill();
  tmux = undefined;
  const remove = dir;
  dir = undefined;
  if (!remove) return;
  // The pane's agents get SIGHUP from kill-server and may still write their files for a moment.
  await waitFor(
    () => {
      try {
        rmSync(remove, { recursive: true, force: true });
        return true;
      } catch {
        return false;
      }
    },
    10_000,
    `removing ${remove}`,
  );
});

describe('the run screen at 200×50, 120×40, 80×24 and 60×20', () => {
  it('whole titles, wave headings, ? help; agents as wide as their pane; no colour with NO_COLOR', { timeout: 180_000 }, async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'mstui-tui-sizes-')));
    const t = startTmux({
      command: ['sh', '-c', '"$0" "$1" demo --dir "$2" --fast; echo MSTUI_EXIT=$?; sleep 600', process.execPath, CLI, join(dir, 'demo')],
      cwd: dir,
      cols: 200,
      rows: 50,
      env: { ...GIT_ENV, NO_COLOR: '1' },
    });
    tmux = t;
    const tmuxCmd = (...args: string[]) => execFileSync('tmux', ['-L', t.socket, ...args], { encoding: 'utf8' });

    for (const [cols, rows] of [
      [200, 50],
      [120, 40],
      [80, 24],
      [60, 20],
    ] as const) {
      if (cols !== 200) tmuxCmd('resize-window', '-t', 'e2e', '-x', String(cols), '-y', String(rows));
      const what = `the run screen at ${cols}×${rows}`;
      const screen = await t.waitForScreen((s) => readable(s, cols), 30_000, what);
      expect(lines(screen).length, what).toBeLessThanOrEqual(rows);
      const pane = paneWidth(screen, cols);
      if (cols >= 120) {
        expect(pane, `${what}: the right pane`).not.toBeNull();
        // The selected agent redraws its prompt box at its new width: exactly the pane's.
        await t.waitForScreen((s) => paneRules(s).includes(paneWidth(s, cols) ?? -1), 20_000, `${what}: a prompt box ${pane} wide`);
      } else expect(pane, `${what}: no right pane`).toBeNull();
      // NO_COLOR: not one SGR sequence on the screen (capture-pane -e shows every attribute a cell has).
      const styled = tmuxCmd('capture-pane', '-p', '-e', '-t', 'e2e');
      // biome-ignore lint/suspicious/noControlCharactersInRegex: SGR sequences are what we look for
      expect(styled.match(/\u001b\[[0-9;]*m/g) ?? [], `${what}: colours under NO_COLOR`).toEqual([]);
    }
  });
});
