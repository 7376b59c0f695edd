/** Top three lines: milestone and plan; the paused mark and counts; the progress bar and elapsed time. */
import { Box, Text } from 'ink';
import type { RunState } from '../core/scheduler/types.js';
import { formatElapsed, progressBar, progressFraction, runCounts, truncate } from './run-summary.js';
import type { RunMeta } from './view-model.js';

export interface HeaderProps {
  meta: RunMeta;
  state: RunState;
  elapsedMs: number;
  width: number;
}

export const HEADER_HEIGHT = 3;

export function Header({ meta, state, elapsedMs, width }: HeaderProps) {
  const c = runCounts(state);
  const fraction = progressFraction(state, meta);
  const percent = `${Math.floor(fraction * 100)}%`;
  const clock = `  ${formatElapsed(elapsedMs)}`;
  // The bar gives way to the percentage and the clock on narrow terminals.
  const barWidth = Math.max(0, Math.min(50, width - 1 - percent.length - clock.length));
  const title = `${meta.milestoneId} ${meta.milestoneTitle}`;
  const plan = `  plan ${meta.planPath}`;
  const skipped = c.skipped > 0 ? ` · skipped ${c.skipped}` : '';
  const counts = `done ${c.done}/${c.total} · running ${c.running} · waiting ${c.waiting} · failed ${c.failed}${skipped} · remaining ${c.remaining}`;
  return (
    <Box flexDirection="column" height={HEADER_HEIGHT} width={width}>
      <Text wrap="truncate-end">
        <Text bold>{truncate(title, width)}</Text>
        <Text dimColor>{truncate(plan, Math.max(0, width - title.length))}</Text>
      </Text>
      <Text wrap="truncate-end">
        {state.paused ? (
          <Text color="yellow" bold inverse>
            PAUSED
          </Text>
        ) : null}
        <Text color={c.waiting > 0 ? 'yellow' : undefined}>
          {truncate(`${state.paused ? ' ' : ''}${counts}`, width - (state.paused ? 6 : 0))}
        </Text>
      </Text>
      <Text wrap="truncate-end">
        <Text color="green">{progressBar(fraction, barWidth)}</Text>
        <Text>{` ${percent}`}</Text>
        <Text dimColor>{clock}</Text>
      </Text>
    </Box>
  );
}
