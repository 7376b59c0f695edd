/** The wave tree: a title line, then only the rows that fit (windowed, so plans of hundreds of tasks stay cheap). */
import { Box, Text } from 'ink';
import { activePhase } from '../core/run-view.js';
import { formatTokens, taskTokens } from '../core/scheduler/agent-events.js';
import type { RunState, TaskRun } from '../core/scheduler/types.js';
import { displayStatus, GLYPHS } from './glyphs.js';
import { formatElapsed, truncate } from './run-summary.js';
import { type TreeModel, visibleRows } from './tree-model.js';
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
  nowMs: number;
}

/** Rows of tasks/headings the tree shows for a given height (one line is the title). */
export const treeRowsFor = (height: number): number => Math.max(1, height - 1);

const AGENT_WIDTH = 7;
const ELAPSED_WIDTH = 7;
const RETRY_WIDTH = 3;
const CI_WIDTH = 4;
/** `formatTokens` output up to 99.9M. */
export const TOKENS_WIDTH = 5;

/** The CI column: running, green, red, forced past red. */
export const CI_MARK: Record<TaskRun['ci']['status'], string> = { none: '', running: 'ci…', passed: 'ci✓', failed: 'ci✗', forced: 'ci!' };
const MAX_ID_WIDTH = 10;
const MAX_KIND_WIDTH = 10;
/** Below this the tokens column goes, then the kind column. */
export const MIN_TITLE_WIDTH = 12;

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

export function TaskTree({ meta, state, model, selected, scroll, height, width, nowMs }: TaskTreeProps) {
  const rowsHeight = treeRowsFor(height);
  const { first, rows } = visibleRows(model, scroll, rowsHeight);
  const idWidth = Math.min(MAX_ID_WIDTH, Math.max(2, ...model.taskIds.map((id) => id.length)));
  const widestKind = Math.min(MAX_KIND_WIDTH, Math.max(0, ...model.taskIds.map((id) => meta.tasks[id]?.kind.length ?? 0)));
  // "› ⚠ " + "id " + title + " agent" + " elapsed" + " retries" + " ci" (+ " kind", " tokens" when the title keeps room)
  const fixed = 3 + (1 + idWidth + 1) + (1 + AGENT_WIDTH) + (1 + ELAPSED_WIDTH) + (1 + RETRY_WIDTH) + (1 + CI_WIDTH);
  // A narrow tree drops the kind (the detail pane shows it) before the title becomes unreadable.
  const kindWidth = widestKind > 0 && width - fixed - (1 + widestKind) >= MIN_TITLE_WIDTH ? widestKind : 0;
  const kindCols = kindWidth > 0 ? 1 + kindWidth : 0;
  // Token totals only once an agent reported some, and first to go when the tree narrows.
  const anyTokens = model.taskIds.some((id) => {
    const t = state.tasks[id];
    return t !== undefined && taskTokens(t) > 0;
  });
  const tokensWidth = anyTokens && width - fixed - kindCols - (1 + TOKENS_WIDTH) >= MIN_TITLE_WIDTH ? TOKENS_WIDTH : 0;
  const titleWidth = Math.max(0, width - fixed - kindCols - (tokensWidth > 0 ? 1 + tokensWidth : 0));
  const count = model.taskIds.length;
  const position = count === 0 ? 'no tasks' : `${Math.min(selected + 1, count)}/${count}`;
  const more = model.rows.length - (first + rows.length);
  const title = `Tasks ${position}${first > 0 ? `  ↑${first}` : ''}${more > 0 ? `  ↓${more}` : ''}`;
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
        const kind = kindWidth > 0 ? ` ${truncate(meta.tasks[row.id]?.kind ?? '', kindWidth).padEnd(kindWidth)}` : '';
        const rest = [
          ` ${truncate(t.id, idWidth).padEnd(idWidth)} `,
          titleCell(meta.tasks[row.id]?.title ?? state.info[row.id]?.title ?? '', activePhase(t), titleWidth),
          kind,
          ` ${AGENT_WORD[t.agent].padEnd(AGENT_WIDTH)}`,
          ` ${elapsed.padStart(ELAPSED_WIDTH)}`,
          tokensWidth > 0 ? ` ${tokensCell(t).padStart(tokensWidth)}` : '',
          ` ${(t.retries + t.ciRetries > 0 ? `↻${t.retries + t.ciRetries}` : '').padEnd(RETRY_WIDTH)}`,
          ` ${CI_MARK[t.ci.status].padEnd(CI_WIDTH)}`,
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
          <Box key={row.id}>
            <Text {...style}>
              {isSelected ? '›' : ' '}{' '}
              <Text color={g.color} dimColor={g.dim} inverse={g.loud && !isSelected}>
                {g.glyph}
              </Text>
            </Text>
            <Text wrap="truncate-end" {...style}>
              {rest}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}
