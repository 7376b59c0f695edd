/**
 * The real Claude Code through mstui when things go wrong: a rate limit (429 → StopFailure rate_limit) holds new
 * work and nudges the agent when the wait is over; a missing API key fails with one clear line; a `kill -9` of
 * mstui mid-task is resumed with `claude --resume` and the conversation's history.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type MessagesBody, rateLimited } from '../../fakes/anthropic-api.js';
import { REAL_AGENTS_REQUIRED } from '../../helpers/agent-clis.js';
import { git } from '../../helpers/repo.js';
import { mstui, spawnMstui } from '../../helpers/run-cli.js';
import { waitFor } from '../../helpers/wait-for.js';
import { CLAUDE, countToolResults, expectOk, type Harness, harness, planScenario } from './claude-harness.js';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.cleanup();
});
const make = async (...args: Parameters<typeof harness>) => {
  const h = await harness(...args);
  open.push(h);
  return h;
};
const RUN = ['run', 'plans/M1_real.md', '--headless', '--yes', '--only', '1.3'];

describe.skipIf(!CLAUDE && !REAL_AGENTS_REQUIRED)('real claude: rate limits, credentials, crashes', () => {
  it('a 429 that outlasts Claude’s retries: the run holds, then nudges the agent, and the task completes', async () => {
    // claudeEnv caps Claude's own retries at 1: the first two requests are refused, then StopFailure fires.
    const scenario = planScenario({ before: (_b, n) => (n < 2 ? rateLimited(Math.floor(Date.now() / 1000) + 3600) : null) });
    const h = await make(scenario, { permissions: 'approve', limits: { apiRetrySeconds: 2 } });
    const r = await mstui(h.repo.dir, RUN, h.env, 150_000);
    expectOk(r);
    expect(r.stdout).toMatch(/^Rate-limited, retrying at \d\d:\d\d: nothing new starts; 1\.3 continues then$/m);
    expect(r.stdout).toContain('Rate limit over: continuing 1.3');
    expect(git(h.repo.dir, 'show', 'mstui/M1:work/1.3.txt')).toBe('1.3');
  }, 180_000);

  it('no API key: the task fails with what Claude said and what to do; nothing new starts', async () => {
    const h = await make(planScenario(), { permissions: 'approve' }, (dir) => ({ trustRoot: dir }), null);
    const r = await mstui(h.repo.dir, ['run', 'plans/M1_real.md', '--headless', '--yes'], h.env, 120_000);
    expectOk(r, 1);
    expect(r.stdout).toMatch(
      /FAILED: 1\.\d \[\d\/3\] - the agent could not authenticate with its model API \("Not logged in · Please run \/login"\): set ANTHROPIC_API_KEY/,
    );
    expect(r.stdout.match(/^Starting /gm)).toHaveLength(1);
  }, 150_000);

  it('kill -9 of mstui mid-task: `mstui run` again resumes the same Claude session with its history and finishes', async () => {
    let hold = true;
    // While `hold`, the reply to the third step (after two tool results) is late: mstui is killed while Claude waits.
    const delayMs = (body: MessagesBody) => (hold && countToolResults(body) >= 2 ? 60_000 : 0);
    const h = await make(planScenario(), { permissions: 'approve' }, undefined, undefined, { delayMs });
    const first = spawnMstui(h.repo.dir, RUN, h.env);
    await waitFor(
      () => h.fake.requests.some((q) => q.kind === 'main' && countToolResults(q.body as MessagesBody) >= 2),
      90_000,
      'the third step',
    );
    const before = h.fake.requests.length;
    first.child.kill('SIGKILL');
    await first.exited;
    hold = false;
    const r = await mstui(h.repo.dir, RUN, h.env, 150_000);
    expectOk(r);
    expect(git(h.repo.dir, 'show', 'mstui/M1:work/1.3.txt')).toBe('1.3');
    // The restarted agent was the same conversation: its first request carries the two tool results before the restart.
    const resumed = h.fake.requests.slice(before).find((q) => q.kind === 'main');
    expect(JSON.stringify(resumed?.body)).toContain('mstui restarted. Continue Task 1.3');
    expect(countToolResults(resumed?.body as MessagesBody)).toBeGreaterThanOrEqual(2);
  }, 240_000);
});
