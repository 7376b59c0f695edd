/**
 * The TUI with the real Claude Code: an untrusted repository's trust dialog shows on the question bar within
 * seconds of appearing on the agent's screen; `y` trusts it by the option's text, the next dialog (a permission
 * prompt in default mode) is a question too, and `y` approves it. The built CLI in a private tmux server.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REAL_AGENTS_REQUIRED } from '../../helpers/agent-clis.js';
import { FAKE_API_KEY } from '../../helpers/real-claude.js';
import { CLI } from '../../helpers/repo.js';
import { pressAnswer, startTmux, type TmuxSession } from '../../helpers/tmux.js';
import { waitFor } from '../../helpers/wait-for.js';
import { CLAUDE, type Harness, harness, planScenario } from './claude-harness.js';

let tmux: TmuxSession | undefined;
let h: Harness | undefined;
afterEach(async () => {
  tmux?.kill();
  tmux = undefined;
  await h?.cleanup();
  h = undefined;
});

const bar = (screen: string) =>
  screen
    .split('\n')
    .filter((l) => !l.includes('│'))
    .join('\n');

describe.skipIf(!CLAUDE && !REAL_AGENTS_REQUIRED)('mstui TUI with the real claude', () => {
  it('trust and permission dialogs are questions on the bar within 5 s, answered by their option text', { timeout: 120_000 }, async () => {
    h = await harness(planScenario(), {}, () => ({ approveKey: FAKE_API_KEY }));
    const env = { ...h.env };
    tmux = startTmux({
      command: [process.execPath, CLI, 'run', 'plans/M1_real.md', '--only', '1.3'],
      cwd: h.repo.dir,
      cols: 200,
      rows: 50,
      env,
    });
    const t = tmux;
    // The agent's screen (the live pane) shows the dialog; the bar asks about it soon after.
    await t.waitForText(/Quick safety check|Yes, I trust this folder/, 60_000);
    const seen = Date.now();
    await t.waitForScreen((s) => /1\.3: the agent asks whether to trust this repository/.test(bar(s)), 5_000, 'the trust question');
    expect(Date.now() - seen).toBeLessThan(5_000);
    await pressAnswer(t, 'y');
    await t.waitForScreen((s) => /1\.3 asks for permission: Write/.test(bar(s)), 30_000, 'the permission question for Write');
    await pressAnswer(t, 'y');
    const file = join(h.repo.dir, '.worktrees', 'M1-1.3', 'work', '1.3.txt');
    await waitFor(() => existsSync(file), 30_000, `${file} written after the approval`);
    t.sendKeys('q');
    await t.waitForText(/quit/i, 5_000);
    t.sendKeys('y');
  });
});
