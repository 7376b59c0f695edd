/** Headless output: progress lines (seed 001 style) or JSON lines, and a stdin/exit-3 asker. */
import { createInterface } from 'node:readline';
import { checklistText } from '../core/gate-checks.js';
import { cleanLine, cleanText } from '../core/plan/clean-text.js';
import { notMergedText } from '../core/report-quality.js';
import { progressFraction } from '../core/run-view.js';
import { formatTokens, taskTokens } from '../core/scheduler/agent-events.js';
import { answerFor, answerLabel } from '../core/scheduler/answer-keys.js';
import { findingText } from '../core/scheduler/findings.js';
import { CI_GATE } from '../core/scheduler/forced.js';
import type { Event, Question, RunState, TaskRun } from '../core/scheduler/types.js';
import { holdText, idList } from '../core/tokens-view.js';
import type { RunControl } from '../engine/setup.js';
import { baselineLines, noTerminalHint } from './before-start-lines.js';

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}h${m}m${sec}s` : m > 0 ? `${m}m${sec}s` : `${sec}s`;
}

/**
 * Progress lines for the status changes an event caused (any task may change: starts, skips), and for an API hold
 * starting, moving and ending. `timeZone` (IANA) writes the hold's clock time; default: the local zone.
 */
export function progressLine(
  event: Event,
  prev: RunState,
  next: RunState,
  position: (id: string) => string,
  timeZone?: string,
): string | null {
  const lines: string[] = [];
  const hold = holdLine(prev, next, timeZone);
  if (hold) lines.push(hold);
  lines.push(...baselineLines(prev, next));
  for (const id of next.order) {
    const before = prev.tasks[id];
    const after = next.tasks[id];
    if (!after || !before) continue;
    const pos = position(id);
    if (after.findingCheck && !before.findingCheck)
      lines.push(`Double-checking ${id} ${pos} - it reported ${findingText(after.findingCheck)}`);
    for (const f of after.findings?.slice(before.findings?.length ?? 0) ?? []) lines.push(`Finding ${id} - ${findingText(f)}`);
    const checks = checklist(event, before, after);
    if (checks) lines.push(`Checks ${id} ${pos} - ${checks}`);
    if (before.status !== after.status) {
      if (before.status === 'pending' && after.status === 'running') lines.push(`Starting ${id} ${pos}`);
      else if (after.status === 'verifying') lines.push(`Verifying ${id} ${pos}`);
      else if (after.status === 'merged') {
        const took =
          after.endedAtMs !== null && after.startedAtMs !== null ? ` in ${formatDuration(after.endedAtMs - after.startedAtMs)}` : '';
        const tokens = taskTokens(after);
        lines.push(`Completed ${id} ${pos}${took}${tokens > 0 ? ` · ${formatTokens(tokens)} tokens` : ''}`);
      } else if (after.status === 'failed') lines.push(`FAILED: ${id} ${pos} - ${after.reason ?? 'failed'}`);
      else if (after.status === 'skipped') lines.push(`Skipped ${id} ${pos} - ${after.reason ?? ''}`);
      else if (before.status === 'verifying' && after.status === 'running' && after.findingCheck === before.findingCheck)
        lines.push(`Retrying ${id} ${pos} - ${after.reason ?? 'a check failed'} (retry ${after.retries})`);
      else if (before.status === 'ci' && after.status === 'running')
        lines.push(`Retrying ${id} ${pos} - ${after.reason ?? 'CI failed'} (CI retry ${after.ciRetries})`);
    }
    // Kiro phases only come from YAML milestones: the progress is weighted as the run screen's (15/25/20/40 by phase).
    if (after.phase && after.phase !== before.phase && after.status === 'running')
      lines.push(`Phase ${id} ${pos} - ${after.phase} (milestone ${Math.round(progressFraction(next, { format: 'yaml' }) * 100)}%)`);
    if (after.status === 'ci' && after.ci.summary !== before.ci.summary && after.ci.summary !== 'starting')
      lines.push(`CI ${id} ${pos} - ${after.ci.summary}`);
    if (after.ci.status === 'failed' && before.ci.status !== 'failed') lines.push(`CI failed for ${id} ${pos} - ${after.ci.summary}`);
    if (after.ci.status === 'forced' && before.ci.status !== 'forced') lines.push(`CI ✗ forced for ${id} ${pos} - ${after.ci.summary}`);
    if (after.conflicts && after.conflicts !== before.conflicts) lines.push(`Conflict ${id} ${pos} - ${after.reason ?? 'merge conflict'}`);
    if (after.question && after.question !== before.question && after.status !== 'decision' && after.status !== 'awaiting-merge') {
      lines.push(`Waiting: ${after.question.text}`);
    }
  }
  if (next.integration !== prev.integration) {
    if (next.integration === 'running') {
      const missing = notMergedText(next);
      lines.push(`Integration test running on the integration branch${missing ? ` (${missing})` : ''}`);
    } else if (next.integration === 'passed') lines.push('Integration test passed');
    else if (next.integration === 'failed')
      lines.push(`Integration test FAILED: ${next.integrationOutput?.trim().split('\n').pop() ?? ''}`);
    else if (next.integration === 'accepted') lines.push('Integration test failure accepted');
  }
  // Reasons, questions and CI summaries carry agents' and tools' text: never terminal commands.
  return lines.length ? cleanText(lines.join('\n')) : null;
}

/**
 * Seed 000's checklist (`handoff ✓ · tests ✓ · quality ✓ · committed ✓`) when the gates of the event's task ran, or
 * when the task was just forced past its failed gate (`tests ✗ forced`); null otherwise.
 */
function checklist(event: Event, before: TaskRun, after: TaskRun): string | null {
  const ran = (event.type === 'GatesPassed' || event.type === 'GatesFailed') && event.task === after.id ? event.checks : undefined;
  if (ran && before.status === 'verifying') return checklistText(ran);
  const forced = after.forced?.at(-1);
  if (!forced || forced.gate === CI_GATE || (after.forced?.length ?? 0) <= (before.forced?.length ?? 0)) return null;
  return checklistText(after.gateChecks ?? [{ name: forced.gate, ok: false }], forced.gate);
}

/** `Rate-limited until 14:05: nothing new starts; 1.2 continues then` as a hold starts or moves; `Rate limit over: ...` as it ends. */
function holdLine(prev: RunState, next: RunState, timeZone: string | undefined): string | null {
  const was = prev.apiHold ?? null;
  const now = next.apiHold ?? null;
  if (now) {
    if (was && was.reason === now.reason && was.untilMs === now.untilMs && was.tasks.length === now.tasks.length) return null;
    const text = holdText(now, timeZone, ', ');
    const who = now.tasks.length === 0 ? '' : `; ${idList(now.tasks)} ${now.tasks.length === 1 ? 'continues' : 'continue'} then`;
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}: nothing new starts${who}`;
  }
  if (!was) return null;
  const nudged = was.tasks.filter((id) => next.tasks[id]?.status === 'running');
  const over = was.reason === 'rate_limit' ? 'Rate limit over' : 'API available again';
  return nudged.length > 0 ? `${over}: continuing ${idList(nudged)}` : over;
}

export function jsonLine(event: Event, next: RunState, atMs: number): string {
  const id = 'task' in event ? event.task : null;
  const status = id ? (next.tasks[id]?.status ?? null) : null;
  return JSON.stringify({ ...event, at: new Date(atMs).toISOString(), status });
}

/** The question with its answers labelled as on the run screen (one table of keys for both): `[r]etry [x] abort`. */
export function questionLine(q: Question): string {
  return `${cleanLine(q.text)} ${q.answers.map(answerLabel).join(' ')}`;
}

/**
 * Questions in headless mode: on a terminal, read the answer from stdin; without one, save the
 * state, print the question and exit 3 so a script can tell "needs a human" from "failed".
 */
export function headlessAsker(out: (line: string) => void, interactive: boolean) {
  const pending: { q: Question; engine: RunControl }[] = [];
  let asking = false;
  const next = () => {
    const item = pending.shift();
    if (!item) {
      asking = false;
      return;
    }
    asking = true;
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    rl.question(`? ${questionLine(item.q)} `, (text) => {
      rl.close();
      const answer = answerFor(item.q.answers, text);
      if (answer) item.engine.dispatch({ type: 'Answered', task: item.q.task, answer });
      else pending.unshift(item);
      next();
    });
  };
  return (q: Question, engine: RunControl) => {
    // "view log": the failed CI log's tail comes with the question.
    const log = q.kind === 'ci-failed' && q.task ? engine.getState().tasks[q.task]?.ci.log : null;
    if (log)
      out(
        `CI log of ${q.task} (last lines):\n${cleanText(log)
          .trimEnd()
          .split('\n')
          .slice(-20)
          .map((l) => `  ${l}`)
          .join('\n')}`,
      );
    if (!interactive) {
      out(`Question: ${questionLine(q)}`);
      out(noTerminalHint(q));
      void engine.shutdown(3);
      return;
    }
    pending.push({ q, engine });
    if (!asking) next();
  };
}
