/** Serves status and remote attach over the control socket for a running engine. */
import type { Server } from 'node:net';
import { type Connection, closeServer, listen } from '../adapters/control-socket.js';
import { activePhase, progressFraction, runCounts } from '../core/run-view.js';
import type { ApiHold, RunState, TokenUsage } from '../core/scheduler/types.js';
import { runUsage, taskUsage } from '../core/tokens-view.js';
import type { LiveAgent } from '../engine/agents.js';
import type { RunEngine } from '../engine/run-engine.js';

export interface StatusReport {
  milestone: string;
  paused: boolean;
  /** The run screen's header counts (one source: core/run-view.ts); `merged` counts tasks done before the run too. */
  counts: { total: number; merged: number; running: number; waiting: number; failed: number; skipped: number; remaining: number };
  /** Percent complete, 0..100, as the run screen's progress bar (kiro tasks weighted 15/25/20/40 by phase). */
  progress: number;
  tasks: {
    id: string;
    title: string;
    status: string;
    agent: string;
    question: string | null;
    reason: string | null;
    /** CI status and its one-line summary ('none' before CI ran). */
    ci: string;
    ciSummary: string;
    pr: string | null;
    /** Kiro workflow: the phase the working task is in (design, spec, tasks, execute), else null. */
    phase: string | null;
    /** Summed over the task's agent sessions. */
    tokens: TokenUsage;
    /** The task's worktree size in KiB when last measured (after its setup, after each round of gates), else null. */
    worktreeKiB: number | null;
  }[];
  /** Every task's tokens, summed. */
  tokens: TokenUsage;
  /** A rate limit or an overloaded API holding new work, or null. */
  apiHold: ApiHold | null;
}

/**
 * `format`: the plan's format (a YAML milestone credits partly done tasks, as the run screen does). Not given: a
 * plan with kiro tasks is a YAML milestone; others count merged tasks only.
 */
export function statusReport(milestone: string, s: RunState, format?: string): StatusReport {
  const tasks = s.order.map((id) => {
    const t = s.tasks[id];
    return {
      id,
      title: s.info[id]?.title ?? id,
      status: t?.status ?? 'pending',
      agent: t?.agent ?? 'none',
      question: t?.question?.text ?? null,
      reason: t?.reason ?? null,
      ci: t?.ci.status ?? 'none',
      ciSummary: t?.ci.summary ?? '',
      pr: t?.pr?.url ?? null,
      phase: t ? activePhase(t) : null,
      tokens: taskUsage(t),
      worktreeKiB: t?.worktreeKiB ?? null,
    };
  });
  const c = runCounts(s);
  return {
    milestone,
    paused: s.paused,
    counts: {
      total: c.total,
      merged: c.done,
      running: c.running,
      waiting: c.waiting,
      failed: c.failed,
      skipped: c.skipped,
      remaining: c.remaining,
    },
    progress: Math.round(progressFraction(s, { format: format ?? (s.order.some((id) => s.info[id]?.kiro) ? 'yaml' : '') }) * 100),
    tasks,
    tokens: runUsage(s),
    apiHold: s.apiHold ?? null,
  };
}

/** `M1 4/9 ⚠1` for tmux's status-right. */
export function tmuxSegment(r: StatusReport): string {
  const parts = [`${r.milestone} ${r.counts.merged}/${r.counts.total}`];
  if (r.counts.waiting) parts.push(`⚠${r.counts.waiting}`);
  if (r.counts.failed) parts.push(`✗${r.counts.failed}`);
  if (r.paused) parts.push('⏸');
  return parts.join(' ');
}

export async function serveControl(path: string, engine: RunEngine, milestone: string, format?: string): Promise<() => Promise<void>> {
  const server: Server = await listen(path, (c) => handle(c, engine, milestone, format));
  return () => closeServer(server, path);
}

/** What a remote attach window says when its agent ends (the run itself goes on). */
export const agentExitedReason = (task: string): string => `the agent exited (task ${task}); the run goes on`;

/**
 * Resizes an agent's pty and screen for an attached terminal. The agent may have exited (a late resize, the restore
 * after a client left): its pty is then gone and only the screen is resized; nothing here may throw.
 */
function resizeAgent(a: LiveAgent, live: boolean, cols: number, rows: number): void {
  if (cols <= 0 || rows <= 0) return;
  try {
    if (live) a.proc.resize(cols, rows);
    a.screen.resize(cols, rows);
  } catch {
    // the pty closed under us: the agent is ending
  }
}

/**
 * One client: a status request, or a remote attach. Every path here runs inside mstui's supervisor, on a client's
 * schedule (a window closed mid-message, a resize after the agent ended, a late key): none may throw.
 */
function handle(c: Connection, engine: RunEngine, milestone: string, format?: string): void {
  let attached: LiveAgent | null = null;
  let restore: { cols: number; rows: number } | null = null;
  let closed = false;
  const tap = (d: string) => c.send({ op: 'output', data: Buffer.from(d).toString('base64') });
  /** The agent still runs (the engine forgets an agent when it exits, and a retry starts another). */
  const live = (a: LiveAgent) => engine.agents.get(a.task) === a;
  const detach = () => {
    if (!attached) return;
    attached.taps.delete(tap);
    // A live agent takes the size of the pane that shows it now (the terminal may have been resized meanwhile).
    if (live(attached) && attached.taps.size === 0) engine.agents.fit(attached);
    else if (restore) resizeAgent(attached, live(attached), restore.cols, restore.rows);
    attached = null;
    restore = null;
  };
  c.onClose(() => {
    closed = true;
    detach();
  });
  c.onMessage((m) => {
    if (closed) return;
    if (m.op === 'status') {
      c.send({ op: 'status', status: statusReport(milestone, engine.getState(), format) });
      c.close();
    } else if (m.op === 'attach') {
      detach();
      const agent = engine.agents.get(m.task);
      if (!agent) {
        c.send({ op: 'error', message: `no agent is running for task ${m.task}` });
        c.close();
        return;
      }
      attached = agent;
      restore = { cols: agent.screen.cols, rows: agent.screen.rows };
      resizeAgent(agent, true, m.cols, m.rows);
      c.send({ op: 'screen', lines: agent.screen.lines() });
      agent.taps.add(tap);
      void agent.exited.then(() => {
        if (attached !== agent) return; // the client left (or attached elsewhere) first
        detach();
        c.send({ op: 'exit', reason: agentExitedReason(agent.task) });
        c.close();
      });
    } else if (m.op === 'input' && attached) {
      if (live(attached)) attached.proc.write(Buffer.from(m.data, 'base64').toString());
    } else if (m.op === 'resize' && attached) resizeAgent(attached, live(attached), m.cols, m.rows);
  });
}
