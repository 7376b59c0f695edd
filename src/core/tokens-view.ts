/**
 * Token usage and the API hold as the TUI, the headless lines, `mstui status` and the report show them: sums over a
 * task's agent sessions, one way of writing them, and the hold's wall-clock time. Pure (the time zone comes in).
 */
import { formatTokens } from './scheduler/agent-events.js';
import type { ApiHold, RunState, TaskRun, TokenUsage } from './scheduler/types.js';

export const NO_TOKENS: Readonly<TokenUsage> = Object.freeze({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite: a.cacheWrite + b.cacheWrite,
  };
}

/** All four kinds together. */
export const usageTotal = (u: TokenUsage): number => u.input + u.output + u.cacheRead + u.cacheWrite;

/** A task's usage summed over its agent sessions (every retry and follow-up is a session). */
export function taskUsage(t: Pick<TaskRun, 'tokens'> | undefined): TokenUsage {
  return Object.values(t?.tokens ?? {}).reduce(addUsage, { ...NO_TOKENS });
}

/** The run's usage: every task's, summed. */
export function runUsage(s: Pick<RunState, 'tasks'>): TokenUsage {
  return Object.values(s.tasks).reduce((sum, t) => addUsage(sum, taskUsage(t)), { ...NO_TOKENS });
}

/** `in 12.3k · out 4.1k · cache r 80k · w 9k`. */
export function usageLine(u: TokenUsage): string {
  return `in ${formatTokens(u.input)} · out ${formatTokens(u.output)} · cache r ${formatTokens(u.cacheRead)} · w ${formatTokens(u.cacheWrite)}`;
}

/** `14:05` in `timeZone` (an IANA name; undefined: the process's local zone). */
export function clockTime(ms: number, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(ms));
}

/**
 * What holds the run, lower case: `rate-limited until 14:05` when the API gave the reset time, else
 * `rate-limited: retrying at 14:05` / `API overloaded: retrying at 14:05` (mstui's own backoff). `sep` joins
 * the cause and the retry time.
 */
export function holdText(hold: ApiHold, timeZone?: string, sep = ': '): string {
  const at = clockTime(hold.untilMs, timeZone);
  if (hold.reason === 'rate_limit' && hold.known) return `rate-limited until ${at}`;
  return `${hold.reason === 'rate_limit' ? 'rate-limited' : 'API overloaded'}${sep}retrying at ${at}`;
}

/** `1.2`, `1.2 and 1.3`, `1.2, 1.3 and 1.4`. */
export function idList(ids: readonly string[]): string {
  if (ids.length <= 1) return ids.join('');
  return `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}
