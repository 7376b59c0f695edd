/**
 * The real `claude` (print mode) against the fake Messages API: a scripted task writes files, appends a handoff
 * and commits in a temp repo, and the usage the fake reported reaches the transcript. Runs (fails, not skips)
 * under CI when the pinned CLI is missing.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { agentCliBin, missingAgentCliMessage, REAL_AGENTS_REQUIRED } from '../helpers/agent-clis.js';
import { claudeEnv, claudeHome, FAKE_API_KEY } from '../helpers/real-claude.js';
import { GIT_ENV, git, tempRepo } from '../helpers/repo.js';
import { type FakeAnthropic, rateLimited, startFakeAnthropic, taskScenario } from './anthropic-api.js';

const run = promisify(execFile);
const claude = agentCliBin('claude');
const cleanups: (() => void | Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fake(...args: Parameters<typeof startFakeAnthropic>): Promise<FakeAnthropic> {
  const f = await startFakeAnthropic(...args);
  cleanups.push(() => f.close());
  return f;
}

describe('fake Anthropic API (no agent)', () => {
  it('streams a tool_use turn as SSE and counts its usage', async () => {
    const f = await fake(() => ({ kind: 'tools', calls: [{ name: 'Bash', input: { command: 'ls' } }], usage: { input_tokens: 7 } }));
    const res = await fetch(`${f.url}/v1/messages?beta=true`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', stream: true, tools: [{ name: 'Bash' }], messages: [{ role: 'user', content: 'hi' }] }),
    });
    const text = await res.text();
    const events = [...text.matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);
    expect(events).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(text).toContain('"stop_reason":"tool_use"');
    expect(f.usageTotals).toEqual({ input_tokens: 7, output_tokens: 20, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 });
  });

  it('answers side requests (no tools) without advancing the scenario', async () => {
    const f = await fake((_b, n) => ({ kind: 'text', text: `main ${n}` }));
    const post = (body: object) => fetch(`${f.url}/v1/messages`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
    expect(await post({ model: 'haiku', messages: [{ role: 'user', content: 'quota' }] })).toMatchObject({ content: [{ text: 'OK' }] });
    expect(await post({ model: 'm', tools: [{ name: 'Bash' }], messages: [] })).toMatchObject({ content: [{ text: 'main 0' }] });
    expect(f.requests.map((r) => [r.kind, r.n])).toEqual([
      ['side', undefined],
      ['main', 0],
    ]);
  });
});

describe.skipIf(!claude && !REAL_AGENTS_REQUIRED)('real claude against the fake API', () => {
  it('runs a scripted task: files, handoff, commit, and usage totals that match the transcript', async () => {
    if (!claude) throw new Error(missingAgentCliMessage('claude'));
    const repo = tempRepo('mstui-real-claude-');
    cleanups.push(() => repo.cleanup());
    const home = claudeHome({ trustRoot: repo.dir, approveKey: FAKE_API_KEY });
    cleanups.push(() => home.cleanup());
    const usage = { input_tokens: 50, output_tokens: 9, cache_read_input_tokens: 1000, cache_creation_input_tokens: 30 };
    const scenario = taskScenario({
      files: { 'src/a.txt': 'alpha\n', 'b.txt': 'beta\n' },
      commitMessage: 'feat: a and b',
      handoff: { file: 'HANDOFF.md', text: '## Handoff\nWrote a and b.' },
      usage,
    });
    const f = await fake(scenario);
    const env = { ...claudeEnv(home.dir, f.url), ...GIT_ENV };
    const argv = ['-p', 'Do the task.', '--allowedTools', 'Bash', 'Write', '--output-format', 'json'];
    const { stdout } = await run(claude, argv, { cwd: repo.dir, env, timeout: 90_000 });

    expect(JSON.parse(stdout)).toMatchObject({ is_error: false, result: expect.stringContaining('Done') });
    expect(readFileSync(join(repo.dir, 'src/a.txt'), 'utf8')).toBe('alpha\n');
    expect(readFileSync(join(repo.dir, 'HANDOFF.md'), 'utf8')).toBe('## Handoff\nWrote a and b.\n');
    expect(git(repo.dir, 'log', '-1', '--format=%s')).toBe('feat: a and b');
    expect(git(repo.dir, 'status', '--porcelain')).toBe('');

    const main = f.requests.filter((r) => r.kind === 'main');
    expect(main).toHaveLength(5); // two Writes, the handoff, the commit, the final text
    expect(f.usageTotals).toEqual({
      input_tokens: 250,
      output_tokens: 45,
      cache_read_input_tokens: 5000,
      cache_creation_input_tokens: 150,
    });

    // The transcript repeats an assistant message's usage on each of its lines: count each message id once.
    const projects = join(home.dir, '.claude/projects');
    const dir = readdirSync(projects).map((d) => join(projects, d))[0] ?? '';
    const file = readdirSync(dir).find((n) => n.endsWith('.jsonl')) ?? '';
    expect(existsSync(join(dir, file))).toBe(true);
    const byId = new Map<string, typeof usage>();
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean)) {
      const e = JSON.parse(line) as { type?: string; message?: { id?: string; usage?: typeof usage } };
      if (e.type === 'assistant' && e.message?.id && e.message.usage) byId.set(e.message.id, e.message.usage);
    }
    const sum = (k: keyof typeof usage): number => [...byId.values()].reduce((a, u) => a + u[k], 0);
    expect(byId.size).toBe(5);
    expect({
      input_tokens: sum('input_tokens'),
      output_tokens: sum('output_tokens'),
      cache_read_input_tokens: sum('cache_read_input_tokens'),
      cache_creation_input_tokens: sum('cache_creation_input_tokens'),
    }).toEqual(f.usageTotals);
  }, 120_000);

  it('gives up on a 429 after the one retry claudeEnv allows, and says so in the JSON result', async () => {
    if (!claude) throw new Error(missingAgentCliMessage('claude'));
    const repo = tempRepo('mstui-real-claude-');
    cleanups.push(() => repo.cleanup());
    const home = claudeHome({ trustRoot: repo.dir, approveKey: FAKE_API_KEY });
    cleanups.push(() => home.cleanup());
    const f = await fake(() => rateLimited(Math.floor(Date.now() / 1000) + 3600));
    const argv = ['-p', 'hi', '--output-format', 'json'];
    const failed = await run(claude, argv, { cwd: repo.dir, env: claudeEnv(home.dir, f.url), timeout: 60_000 }).then(
      () => null,
      (e: { code?: number; stdout?: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(JSON.parse(failed?.stdout ?? '{}')).toMatchObject({ is_error: true, api_error_status: 429, terminal_reason: 'api_error' });
    expect(f.requests.filter((r) => r.kind === 'main').map((r) => r.status)).toEqual([429, 429]);
  }, 90_000);
});
