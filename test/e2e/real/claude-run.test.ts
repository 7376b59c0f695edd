/**
 * mstui with the real Claude Code CLI (pinned 2.1.328) against the fake Messages API, headless, as a user runs
 * it: the default `claude` profile, its own HOME. Runs (fails, not skips) under CI when the CLI is missing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessagesBody } from '../../fakes/anthropic-api.js';
import { REAL_AGENTS_REQUIRED } from '../../helpers/agent-clis.js';
import { git } from '../../helpers/repo.js';
import { mstui } from '../../helpers/run-cli.js';
import { CLAUDE, expectOk, type Harness, harness, planScenario, taskOf, USAGE } from './claude-harness.js';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.cleanup();
});
const make = async (...args: Parameters<typeof harness>) => {
  const h = await harness(...args);
  open.push(h);
  return h;
};

describe.skipIf(!CLAUDE && !REAL_AGENTS_REQUIRED)('mstui run with the real claude', () => {
  it('default profile, permissions approve: three tasks done with tool calls, merged; tokens in the report equal the API’s', async () => {
    // The test command checks 1.1's work: it fails on the base, so no baseline (--skip-baseline).
    const h = await make(planScenario(), { permissions: 'approve', commands: { test: 'test -f work/1.1.txt' } });
    const r = await mstui(
      h.repo.dir,
      ['run', 'plans/M1_real.md', '--headless', '--yes', '--parallel', '2', '--skip-baseline'],
      h.env,
      240_000,
    );
    expectOk(r);
    for (const id of ['1.1', '1.2', '1.3']) expect(git(h.repo.dir, 'show', `mstui/M1:work/${id}.txt`)).toBe(id);
    const handoff = git(h.repo.dir, 'show', 'mstui/M1:plans/HANDOFF_M1.md');
    for (const id of ['1.1', '1.2', '1.3']) expect(handoff).toContain(`## Task ${id} Complete`);
    // Parallel sections share every subheading: none lost.
    expect(handoff.match(/### Gotchas/g)).toHaveLength(3);
    // Tokens per task in the report = what the fake API reported for that task's requests.
    const report = readFileSync(join(h.repo.dir, '.worktrees/.mstui/report-M1.md'), 'utf8');
    for (const id of ['1.1', '1.2', '1.3']) {
      const n = h.fake.requests.filter((q) => q.kind === 'main' && taskOf(q.body as MessagesBody)?.id === id).length;
      expect(n).toBeGreaterThan(0);
      const u = USAGE;
      const row = `| ${id} | ${n * u.input_tokens} | ${n * u.output_tokens} | ${n * u.cache_read_input_tokens} | ${n * u.cache_creation_input_tokens} |`;
      expect(report, report).toContain(row);
    }
  }, 300_000);
});
