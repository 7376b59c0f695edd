/**
 * Every dialog the real Claude Code 2.1 shows becomes a question within seconds (headless: printed, exit 3),
 * and `permissions: approve` gets through the permission dialogs of both modes. Real binary, fake API.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { REAL_AGENTS_REQUIRED } from '../../helpers/agent-clis.js';
import { FAKE_API_KEY } from '../../helpers/real-claude.js';
import { git } from '../../helpers/repo.js';
import { mstui } from '../../helpers/run-cli.js';
import { CLAUDE, expectOk, type Harness, harness, planScenario } from './claude-harness.js';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.cleanup();
});
const make = async (...args: Parameters<typeof harness>) => {
  const h = await harness(...args);
  open.push(h);
  return h;
};

/** Claude 2.1's own default mode (auto), which mstui's default profile replaces with `default`. */
const AUTO_PROFILE = {
  agent: 'claude-auto',
  agents: {
    'claude-auto': {
      command: ['claude', '--permission-mode', 'auto', '--session-id', '{sessionId}', '--settings', '{settings}', '{prompt}'],
      resume: ['claude', '--permission-mode', 'auto', '--resume', '{sessionId}', '--settings', '{settings}', '{prompt}'],
    },
  },
};

const ONE = ['--only', '1.3'];

/** Headless without a terminal: the question is printed and the run exits 3 (state saved), well before the timeout. */
async function asks(h: Harness, extra: string[] = []): Promise<string> {
  const started = Date.now();
  const r = await mstui(h.repo.dir, ['run', 'plans/M1_real.md', '--headless', ...ONE, ...extra], h.env, 90_000);
  expectOk(r, 3);
  const q = /^Question: (.*)$/m.exec(r.stdout)?.[1];
  expect(q, r.stdout).toBeTruthy();
  expect(Date.now() - started).toBeLessThan(60_000);
  return q as string;
}

describe.skipIf(!CLAUDE && !REAL_AGENTS_REQUIRED)('real claude dialogs through mstui', () => {
  it('default mode, permissions ask: the permission prompt is a question naming the tool', async () => {
    const h = await make(planScenario(), {});
    expect(await asks(h)).toMatch(/^1\.3 asks for permission: Write/);
  }, 120_000);

  it('auto mode behind a gateway: the fallback dialog (default No) is approved by its text with permissions approve', async () => {
    const h = await make(planScenario(), { ...AUTO_PROFILE, permissions: 'approve' });
    const r = await mstui(h.repo.dir, ['run', 'plans/M1_real.md', '--headless', '--yes', ...ONE], h.env, 120_000);
    expectOk(r);
    expect(git(h.repo.dir, 'show', 'mstui/M1:work/1.3.txt')).toBe('1.3');
  }, 180_000);

  it('auto mode, permissions ask: the fallback dialog is a question too', async () => {
    const h = await make(planScenario(), AUTO_PROFILE);
    expect(await asks(h)).toMatch(/^1\.3 asks for permission/);
  }, 120_000);

  it('an untrusted repository: the trust dialog is a question, and --yes does not answer it', async () => {
    const h = await make(planScenario(), { permissions: 'approve' }, () => ({ approveKey: FAKE_API_KEY }));
    expect(await asks(h, ['--yes'])).toMatch(/^1\.3: the agent asks whether to trust this repository/);
  }, 120_000);

  it('a first start that never finished onboarding (its theme picker, then sign-in): a sign-in question', async () => {
    const h = await make(planScenario(), { permissions: 'approve' }, (dir) => ({
      trustRoot: dir,
      approveKey: FAKE_API_KEY,
      onboarded: false,
    }));
    expect(await asks(h, ['--yes'])).toMatch(/^1\.3: the agent cannot start work: Let's get started/);
  }, 120_000);

  it('an API key Claude has not been told to use: a question', async () => {
    const h = await make(planScenario(), { permissions: 'approve' }, (dir) => ({ trustRoot: dir }));
    expect(await asks(h, ['--yes'])).toMatch(/^1\.3: the agent found an API key in its environment/);
  }, 120_000);
});
