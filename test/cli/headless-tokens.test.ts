/** Headless progress lines for the API hold and a merged task's tokens: real reducer steps in, exact lines out. */
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/headless.js';
import { reduce } from '../../src/core/scheduler/reduce.js';
import type { Event, RunState, TokenUsage } from '../../src/core/scheduler/types.js';
import { ev, Script, t } from '../core/scheduler-helpers.js';

/** 14:05 UTC on 2025-03-01. */
const AT_1405 = Date.UTC(2025, 2, 1, 14, 5);
const T = AT_1405 - 10 * 60_000;

const position = (id: string) => `[${['1.1', '1.2', '1.3'].indexOf(id) + 1}/3]`;

/** Each event through the real reducer; the progress line it printed (null: none). */
function lines(s: Script, ...events: Event[]): (string | null)[] {
  return events.map((e) => {
    const prev: RunState = s.state;
    s.state = reduce(prev, e).state;
    return progressLine(e, prev, s.state, position, 'UTC');
  });
}

const apiError = (task: string, error: string, resetAtMs: number | null, atMs = T): Event => ({
  type: 'AgentApiError',
  task,
  error,
  resetAtMs,
  atMs,
});
const tokens = (task: string, session: string, usage: TokenUsage): Event => ({ type: 'TokensCounted', task, session, usage });

function running(): Script {
  const s = new Script([t('1.1'), t('1.2'), t('1.3')], { parallel: 3 });
  s.send(ev.resumed());
  return s;
}

describe('progressLine: the API hold', () => {
  it('a rate limit with a reset time: a line as it starts, none while it stands, one as it ends', () => {
    const s = running();
    expect(lines(s, apiError('1.2', 'rate_limit', AT_1405), ev.busy('1.1'), { type: 'ApiHoldEnded', atMs: AT_1405 })).toEqual([
      'Rate-limited until 14:05: nothing new starts; 1.2 continues then',
      null,
      'Rate limit over: continuing 1.2',
    ]);
  });

  it('without a reset time mstui retries after its backoff; a second task joins the hold', () => {
    const s = running();
    expect(lines(s, apiError('1.2', 'rate_limit', null, AT_1405 - 60_000), apiError('1.3', 'rate_limit', null, AT_1405 - 60_000))).toEqual([
      'Rate-limited, retrying at 14:05: nothing new starts; 1.2 continues then',
      'Rate-limited, retrying at 14:06: nothing new starts; 1.2 and 1.3 continue then',
    ]);
    expect(lines(s, { type: 'ApiHoldEnded', atMs: AT_1405 + 60_000 })).toEqual(['Rate limit over: continuing 1.2 and 1.3']);
  });

  it('an overloaded API', () => {
    const s = running();
    expect(lines(s, apiError('1.1', 'overloaded', null, AT_1405 - 60_000), { type: 'ApiHoldEnded', atMs: AT_1405 })).toEqual([
      'API overloaded, retrying at 14:05: nothing new starts; 1.1 continues then',
      'API available again: continuing 1.1',
    ]);
  });

  it('the clock time is in the zone given', () => {
    const s = running();
    const prev = s.state;
    s.send(apiError('1.2', 'rate_limit', AT_1405));
    expect(progressLine(ev.resumed(), prev, s.state, position, 'Asia/Kolkata')).toBe(
      'Rate-limited until 19:35: nothing new starts; 1.2 continues then',
    );
  });
});

describe('progressLine: Completed', () => {
  it("a merged task's tokens (all sessions) follow its duration", () => {
    const s = new Script([t('1.1'), t('1.2'), t('1.3')], { autoYes: true });
    s.send(ev.resumed(), ev.started('1.1'));
    s.send(tokens('1.1', 'a', { input: 10_000, output: 3000, cacheRead: 2000, cacheWrite: 0 }));
    s.send(tokens('1.1', 'b', { input: 200, output: 0, cacheRead: 0, cacheWrite: 0 }));
    s.send(ev.handoff('1.1'), ev.idle('1.1'), ev.passed('1.1'), ev.ciPassed('1.1'));
    expect(lines(s, ev.merged('1.1'))).toEqual(['Completed 1.1 [1/3] in 1s · 15k tokens\nStarting 1.2 [2/3]']);
  });

  it('no tokens counted: the line is as before', () => {
    const s = new Script([t('1.1'), t('1.2'), t('1.3')], { autoYes: true });
    s.send(ev.resumed(), ev.started('1.1'), ev.handoff('1.1'), ev.idle('1.1'), ev.passed('1.1'), ev.ciPassed('1.1'));
    expect(lines(s, ev.merged('1.1'))).toEqual(['Completed 1.1 [1/3] in 1s\nStarting 1.2 [2/3]']);
  });
});
