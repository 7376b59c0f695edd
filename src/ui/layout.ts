/**
 * Where the run screen's parts go for a terminal size. Pure: columns × rows and what the tree has to show in, the
 * widths and heights out.
 *
 * Rules, in order: below MIN_COLUMNS × MIN_ROWS the screen only says it is too small. Otherwise the tree keeps its
 * titles whole (up to TITLE_MAX columns) and the right (detail) pane gets at least DETAIL_MIN_WIDTH: to make room,
 * the tree's columns go first (DROP_ORDER), then the right pane; only a tree alone that is still too narrow cuts
 * titles. The header (3 lines), the question bar (2) and the key hint (1) always keep their full rows.
 */

/** Tree columns besides the glyph, id and title; every one of them can go. */
export type TreeColumn = 'kind' | 'agent' | 'elapsed' | 'tokens' | 'retries' | 'ci';

/** The first to go when the terminal is narrow comes first. */
export const DROP_ORDER: readonly TreeColumn[] = ['kind', 'tokens', 'retries', 'elapsed', 'agent', 'ci'];

/** Widths of the fixed columns (the kind's is the widest kind, at most MAX_KIND_WIDTH). */
export const COLUMN_WIDTH: Readonly<Record<Exclude<TreeColumn, 'kind'>, number>> = { agent: 7, elapsed: 7, tokens: 5, retries: 3, ci: 4 };
export const MAX_ID_WIDTH = 10;
export const MAX_KIND_WIDTH = 10;
/** A title gets at most this many columns while the right pane is shown (the rest goes to the agent's screen). */
export const TITLE_MAX = 48;
/** Narrowest the right pane gets (its content, the separator not counted). */
export const DETAIL_MIN_WIDTH = 50;
/** The separator between the tree and the right pane: a line and a space. */
export const SEPARATOR_WIDTH = 2;
/** Below this the screen says it is too small. */
export const MIN_COLUMNS = 40;
export const MIN_ROWS = 12;
/** Header (3), question bar and key hint (3), and one line spare (Ink redraws the whole screen when a frame fills it). */
export const CHROME_ROWS = 7;
/** Lines of the right pane above the agent's screen: the title, status, worktree, branch, agent, the screen's label. */
export const DETAIL_HEAD_ROWS = 6;
/** An agent's terminal is never smaller than this (dialogs must fit on it for mstui to read them). */
export const MIN_AGENT_COLUMNS = 40;
export const MIN_AGENT_ROWS = 24;

export interface LayoutInput {
  columns: number;
  rows: number;
  /** Widest task id, title (with its kiro phase) and kind in the tree; whether any task has counted tokens. */
  idWidth: number;
  titleWidth: number;
  kindWidth: number;
  tokens: boolean;
}

export interface TreeLayout {
  width: number;
  /** The columns shown, in DROP_ORDER's reverse (what stays longest last is irrelevant: the tree orders them itself). */
  columns: ReadonlySet<TreeColumn>;
  idWidth: number;
  titleWidth: number;
  kindWidth: number;
}

export interface ScreenLayout {
  columns: number;
  rows: number;
  /** "terminal too small: 30×10, need 40×12", or null when the screen fits. */
  tooSmall: string | null;
  /** Lines between the header and the question bar. */
  bodyHeight: number;
  tree: TreeLayout;
  /** The right pane's content width, or null when it is not shown. */
  detailWidth: number | null;
  /** The size agents' terminals get: the right pane's, or the whole terminal's when no pane shows them. */
  agentViewport: { cols: number; rows: number };
}

/** "› ⚠ " + "id " : the glyph, the selection marker and the id, before the title. */
const lead = (idWidth: number): number => 3 + 1 + idWidth + 1;

function columnWidth(c: TreeColumn, kindWidth: number): number {
  return 1 + (c === 'kind' ? kindWidth : COLUMN_WIDTH[c]);
}

/** The tree's width without its title. */
function fixedWidth(columns: ReadonlySet<TreeColumn>, idWidth: number, kindWidth: number): number {
  let w = lead(idWidth);
  for (const c of columns) w += columnWidth(c, kindWidth);
  return w;
}

/** Every column set from all of them to none, dropping in DROP_ORDER. */
function columnSets(all: ReadonlySet<TreeColumn>): ReadonlySet<TreeColumn>[] {
  const sets: ReadonlySet<TreeColumn>[] = [all];
  let current = new Set(all);
  for (const c of DROP_ORDER) {
    if (!current.has(c)) continue;
    current = new Set(current);
    current.delete(c);
    sets.push(current);
  }
  return sets;
}

/** The columns the tree could show: the kind only when tasks have one, the tokens once an agent reported some. */
function allColumns(input: Pick<LayoutInput, 'kindWidth' | 'tokens'>): Set<TreeColumn> {
  const all = new Set<TreeColumn>(['agent', 'elapsed', 'retries', 'ci']);
  if (input.kindWidth > 0) all.add('kind');
  if (input.tokens) all.add('tokens');
  return all;
}

/** A tree of `width` columns alone: whole titles with as many columns as fit; else no columns, and the titles cut. */
export function treeAlone(width: number, input: Omit<LayoutInput, 'columns' | 'rows'>): TreeLayout {
  const idWidth = Math.min(MAX_ID_WIDTH, Math.max(2, input.idWidth));
  const kindWidth = Math.min(MAX_KIND_WIDTH, Math.max(0, input.kindWidth));
  const sets = columnSets(allColumns(input));
  const fullTitle = Math.max(1, input.titleWidth);
  const set = sets.find((s) => fixedWidth(s, idWidth, kindWidth) + fullTitle <= width) ?? sets[sets.length - 1] ?? new Set();
  const titleWidth = Math.max(0, Math.min(fullTitle, width - fixedWidth(set, idWidth, kindWidth)));
  return { width, columns: set, idWidth, titleWidth, kindWidth: set.has('kind') ? kindWidth : 0 };
}

export function screenLayout(input: LayoutInput): ScreenLayout {
  const columns = Math.max(0, Math.floor(input.columns));
  const rows = Math.max(0, Math.floor(input.rows));
  const idWidth = Math.min(MAX_ID_WIDTH, Math.max(2, input.idWidth));
  const kindWidth = Math.min(MAX_KIND_WIDTH, Math.max(0, input.kindWidth));
  const bodyHeight = Math.max(1, rows - CHROME_ROWS);
  const sets = columnSets(allColumns(input));
  const wantTitle = Math.max(1, Math.min(TITLE_MAX, input.titleWidth));
  const whole = { cols: Math.max(MIN_AGENT_COLUMNS, columns), rows: Math.max(MIN_AGENT_ROWS, rows) };
  const tree = (width: number, set: ReadonlySet<TreeColumn>, titleWidth: number): TreeLayout => ({
    width,
    columns: set,
    idWidth,
    titleWidth,
    kindWidth: set.has('kind') ? kindWidth : 0,
  });

  if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
    return {
      columns,
      rows,
      tooSmall: `terminal too small: ${columns}×${rows}, need ${MIN_COLUMNS}×${MIN_ROWS}`,
      bodyHeight,
      tree: tree(columns, new Set(), 0),
      detailWidth: null,
      agentViewport: whole,
    };
  }
  // With the right pane: whole titles, as many columns as leave the pane its least width.
  for (const set of sets) {
    const width = fixedWidth(set, idWidth, kindWidth) + wantTitle;
    const detailWidth = columns - width - SEPARATOR_WIDTH;
    if (detailWidth >= DETAIL_MIN_WIDTH) {
      const agentRows = Math.max(MIN_AGENT_ROWS, bodyHeight - DETAIL_HEAD_ROWS);
      return {
        columns,
        rows,
        tooSmall: null,
        bodyHeight,
        tree: tree(width, set, wantTitle),
        detailWidth,
        agentViewport: { cols: Math.max(MIN_AGENT_COLUMNS, detailWidth), rows: agentRows },
      };
    }
  }
  return { columns, rows, tooSmall: null, bodyHeight, tree: treeAlone(columns, input), detailWidth: null, agentViewport: whole };
}
