/**
 * Top three lines: milestone and plan; the paused mark, the API hold and the counts; the progress bar, the elapsed
 * time and the run's tokens.
 */
import { Box, Text } from 'ink';
import { formatTokens, runTokens } from '../core/scheduler/agent-events.js';
import type { RunState } from '../core/scheduler/types.js';
import { holdText } from '../core/tokens-view.js';
import { formatElapsed, progressBar, progressFraction, runCounts, truncate } from './run-summary.js';
import type { RunMeta } from './view-model.js';

export interface HeaderProps {
  meta: RunMeta;
  state: RunState;
  elapsedMs: number;
  width: number;
  /** What is being done while the run is prepared (UiEngine.starting): shown in place of the counts. */
  starting?: string;
  /** For the hold's clock time (an IANA zone); default: the local zone. Tests pin it. */
  timeZone?: string;
}

export const HEADER_HEIGHT = 3;

export function Header({ meta, state, elapsedMs, width, starting, timeZone }: HeaderProps) {
  const c = runCounts(state);
  const fraction = progressFraction(state, meta);
  const percent = `${Math.floor(fraction * 100)}%`;
  const tokens = runTokens(state);
  const clock = `  ${formatElapsed(elapsedMs)}${tokens > 0 ? ` · ${formatTokens(tokens)} tokens` : ''}`;
  // The bar gives way to the percentage and the clock on narrow terminals.
  const barWidth = Math.max(0, Math.min(50, width - 1 - percent.length - clock.length));
  const title = `${meta.milestoneId} ${meta.milestoneTitle}`;
  const plan = `  plan ${meta.planPath}`;
  const skipped = c.skipped > 0 ? ` · skipped ${c.skipped}` : '';
  const pausedWidth = state.paused ? 6 : 0;
  const hold = state.apiHold ? truncate(`${state.paused ? ' ' : ''}${holdText(state.apiHold, timeZone)}`, width - pausedWidth) : '';
  const countsAt = pausedWidth + hold.length;
  const counts = starting
    ? `starting: ${starting}…`
    : `done ${c.done}/${c.total} · running ${c.running} · waiting ${c.waiting} · failed ${c.failed}${skipped} · remaining ${c.remaining}`;
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
        {hold ? (
          <Text color="yellow" bold>
            {hold}
          </Text>
        ) : null}
        <Text color={c.waiting > 0 ? 'yellow' : undefined}>
          {truncate(`${hold ? ' · ' : state.paused ? ' ' : ''}${counts}`, Math.max(0, width - countsAt))}
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
