/** The selected task: where it runs, its status, the gate output tail and the agent's live screen. */

import { Box, Text } from 'ink';
import { cleanLine, cleanText } from '../core/plan/clean-text.js';
import { activePhase, statusWords } from '../core/run-view.js';
import { deliverablePath, KIRO_PHASES, PHASE_NAME } from '../core/scheduler/kiro-text.js';
import type { RunState } from '../core/scheduler/types.js';
import { taskUsage, usageLine, usageTotal } from '../core/tokens-view.js';
import { mib } from '../core/worktree-space.js';
import { displayStatus, GLYPH_LABELS, GLYPHS } from './glyphs.js';
import { expandTabs } from './overlay-content.js';
import { formatElapsed, truncate } from './run-summary.js';
import { ScreenRows } from './screen-rows.js';
import type { RunMeta } from './view-model.js';

export interface DetailPaneProps {
  meta: RunMeta;
  state: RunState;
  taskId: string | undefined;
  /** engine.screen(task): the agent's screen rows, null when no agent runs. */
  screen: string[] | null;
  /** engine.outputTail(task). */
  outputTail: string[];
  height: number;
  width: number;
  nowMs: number;
}

/** Lines of gate output shown at most; the rest of the pane goes to the agent's screen. */
export const MAX_TAIL_LINES = 8;

/** The screen without the blank rows below the cursor area (terminals keep a full grid). */
export function trimScreen(rows: readonly string[]): string[] {
  let end = rows.length;
  while (end > 0 && (rows[end - 1] ?? '').trim() === '') end--;
  return rows.slice(0, end).map((r) => r.trimEnd());
}

export function DetailPane({ meta, state, taskId, screen, outputTail, height, width, nowMs }: DetailPaneProps) {
  const t = taskId === undefined ? undefined : state.tasks[taskId];
  if (taskId === undefined || !t) {
    return (
      <Box width={width} height={height}>
        <Text dimColor>No task selected.</Text>
      </Box>
    );
  }
  const m = meta.tasks[taskId];
  const status = GLYPHS[displayStatus(t, state)];
  const elapsed = t.startedAtMs === null ? '' : ` · ${formatElapsed((t.endedAtMs ?? nowMs) - t.startedAtMs)}`;
  const facts: [string, string][] = [
    // "waiting for you" says on what: "(permission: Bash)", "(merge approval)".
    ['status', `${status.glyph} ${statusWords(t, state, GLYPH_LABELS)}${elapsed}${t.reason ? ` — ${t.reason}` : ''}`],
    // Its size once measured (after setup and each round of gates).
    ['worktree', `${m?.worktree ?? ''}${t.worktreeKiB === undefined ? '' : ` · ${mib(t.worktreeKiB * 1024)}`}`],
    ['branch', m?.branch ?? ''],
    ['agent', `${t.agent}${t.sessionId ? ` · session ${t.sessionId}` : ''}`],
  ];
  const phase = activePhase(t);
  if (phase) {
    const file = phase === 'execute' ? '' : ` · ${deliverablePath(taskId, phase)}`;
    facts.push(['phase', `${PHASE_NAME[phase]} (${KIRO_PHASES.indexOf(phase) + 1}/4: Design → Spec → Task → Execute)${file}`]);
  }
  const tokens = taskUsage(t);
  if (usageTotal(tokens) > 0) facts.push(['tokens', usageLine(tokens)]);
  if (t.retries > 0 || t.followUps > 0 || t.ciRetries > 0)
    facts.push(['retries', `${t.retries}${t.ciRetries > 0 ? ` · CI ${t.ciRetries}` : ''} · follow-ups ${t.followUps}`]);
  if (t.ci.status !== 'none') facts.push(['ci', `${t.ci.status} · ${t.ci.summary}${t.pr ? ` · ${t.pr.url}` : ''} (v: log)`]);
  const tailSource = outputTail.length > 0 ? outputTail : t.gateOutput ? t.gateOutput.split('\n') : [];
  const tail = trimScreen(tailSource.map((l) => expandTabs(cleanText(l)))).slice(-MAX_TAIL_LINES);
  const used = 1 + facts.length + (tail.length > 0 ? tail.length + 1 : 0) + 1;
  const ended = t.agent === 'exited' || t.agent === 'none';
  const screenRows = screen ? trimScreen(screen).slice(-Math.max(0, height - used)) : [];
  // An empty <Text> takes no line in Ink: keep blank rows one space wide.
  const line = (text: string) => truncate(cleanText(text), width) || ' ';
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text bold wrap="truncate-end">
        {line(`${taskId} ${m?.title ?? state.info[taskId]?.title ?? ''}${m?.kind ? ` (${m.kind})` : ''}`)}
      </Text>
      {facts.map(([k, v]) => (
        <Text key={k} wrap="truncate-end">
          <Text dimColor>{k.padEnd(9)}</Text>
          {truncate(cleanLine(v), Math.max(0, width - 9))}
        </Text>
      ))}
      {tail.length > 0 ? (
        <Text color="red" wrap="truncate-end">
          {line('── gate output ──')}
        </Text>
      ) : null}
      {tail.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: output lines have no identity but their position
        <Text key={`tail:${i}`} wrap="truncate-end">
          {line(l)}
        </Text>
      ))}
      <Text dimColor wrap="truncate-end">
        {line(screen ? (ended ? '── last agent screen (the agent ended) ──' : '── agent screen ──') : '── no agent running ──')}
      </Text>
      <ScreenRows rows={screenRows} width={width} />
    </Box>
  );
}
