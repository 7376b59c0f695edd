/** The wave tree: a title line, then only the rows that fit (windowed, so plans of hundreds of tasks stay cheap). */
import { Box, Text } from 'ink';
import { activePhase } from '../core/run-view.js';
import { formatTokens, taskTokens } from '../core/scheduler/agent-events.js';
import type { RunState, TaskRun } from '../core/scheduler/types.js';
import { displayStatus, GLYPHS } from './glyphs.js';
import { COLUMN_WIDTH, type TreeColumn, type TreeLayout, treeAlone } from './layout.js';
import { formatElapsed, truncate } from './run-summary.js';
import { type TreeModel, treeContent, visibleRows } from './tree-model.js';
import type { RunMeta } from './view-model.js';

export interface TaskTreeProps {
  meta: RunMeta;
  state: RunState;
  model: TreeModel;
  selected: number;
  /** First visible row; the caller keeps the selected row inside the window. */
  scroll: number;
  /** Lines the tree may use, its title line included. */
  height: number;
  width: number;
  /** Its columns and their widths, from screenLayout (src/ui/layout.ts); by default the tree alone in `width`. */
  layout?: TreeLayout;
  nowMs: number;
}

/** Rows of tasks/headings the tree shows for a given height (one line is the title). */
export const treeRowsFor = (height: number): number => Math.max(1, height - 1);

/** `formatTokens` output up to 99.9M. */
export const TOKENS_WIDTH = COLUMN_WIDTH.tokens;

/** The CI column: running, green, red, forced past red. */
export const CI_MARK: Record<TaskRun['ci']['status'], string> = { none: '', running: 'ci…', passed: 'ci✓', failed: 'ci✗', forced: 'ci!' };

const AGENT_WORD: Record<TaskRun['agent'], string> = {
  none: '',
  starting: 'start',
  busy: 'busy',
  idle: 'idle',
  waiting: 'waiting',
  exited: 'exited',
};

/** The title, then the kiro phase of a task in one (`Title  design`), cut to `width`: the phase stays while the title has room. */
export function titleCell(title: string, phase: string | null, width: number): string {
  if (!phase || width < phase.length + 2 + MIN_PHASE_TITLE) return truncate(title, width).padEnd(width);
  return `${truncate(title, width - phase.length - 2)}  ${phase}`.padEnd(width);
}
const MIN_PHASE_TITLE = 4;

/** A task's total tokens, blank before any were counted. */
const tokensCell = (t: TaskRun): string => {
  const n = taskTokens(t);
  return n > 0 ? formatTokens(n) : '';
};

/** The tree's title: where the selection is ("› 3 of 6"), and how many rows are above and below the window. */
export function treeTitle(selected: number, count: number, above: number, below: number): string {
  const position = count === 0 ? 'no tasks' : `› ${Math.min(selected + 1, count)} of ${count}`;
  return `${position}${above > 0 ? `  ↑${above}` : ''}${below > 0 ? `  ↓${below}` : ''}`;
}

export function TaskTree({ meta, state, model, selected, scroll, height, width, layout, nowMs }: TaskTreeProps) {
  const { columns: shown, idWidth, titleWidth, kindWidth } = layout ?? treeAlone(width, treeContent(meta, state, model));
  const rowsHeight = treeRowsFor(height);
  const { first, rows } = visibleRows(model, scroll, rowsHeight);
  const more = model.rows.length - (first + rows.length);
  const title = treeTitle(selected, model.taskIds.length, first, more);
  const cell = (c: TreeColumn, text: string, pad: 'start' | 'end' = 'end'): string => {
    if (!shown.has(c)) return '';
    const w = c === 'kind' ? kindWidth : COLUMN_WIDTH[c];
    const cut = truncate(text, w);
    return ` ${pad === 'start' ? cut.padStart(w) : cut.padEnd(w)}`;
  };
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text bold wrap="truncate-end">
        {truncate(title, width)}
      </Text>
      {rows.map((row) => {
        if (row.kind === 'wave') {
          return (
            <Text key={`wave:${row.label}`} bold dimColor wrap="truncate-end">
              {truncate(row.label, width)}
            </Text>
          );
        }
        const t = state.tasks[row.id];
        if (!t) return null;
        const status = displayStatus(t, state);
        const g = GLYPHS[status];
        const isSelected = row.index === selected;
        const elapsed = t.startedAtMs === null ? '' : formatElapsed((t.endedAtMs ?? nowMs) - t.startedAtMs);
        const rest = [
          ` ${truncate(t.id, idWidth).padEnd(idWidth)} `,
          titleCell(meta.tasks[row.id]?.title ?? state.info[row.id]?.title ?? '', activePhase(t), titleWidth),
          cell('kind', meta.tasks[row.id]?.kind ?? ''),
          cell('agent', AGENT_WORD[t.agent]),
          cell('elapsed', elapsed, 'start'),
          cell('tokens', tokensCell(t), 'start'),
          cell('retries', t.retries + t.ciRetries > 0 ? `↻${t.retries + t.ciRetries}` : ''),
          cell('ci', CI_MARK[t.ci.status]),
        ].join('');
        const style = {
          inverse: isSelected,
          bold: g.loud || isSelected,
          color: g.loud ? g.color : undefined,
          dimColor: g.dim && status !== 'blocked',
        };
        // Two Texts: the marker and glyph, then the rest, which is plain ASCII as a rule (Ink measures every Text
        // in every frame, and a line with one non-ASCII character takes its slow path).
        return (
          <Box key={row.id} width={width}>
            <Text {...style} wrap="truncate-end">
              {isSelected ? '›' : ' '}{' '}
              <Text color={g.color} dimColor={g.dim} inverse={g.loud && !isSelected}>
                {g.glyph}
              </Text>
            </Text>
            <Text wrap="truncate-end" {...style}>
              {truncate(rest, width - 3)}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}
