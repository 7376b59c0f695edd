/**
 * `mstui run` with the real Codex CLI (0.169) and Gemini CLI (0.61), their default profiles, against fake model
 * APIs on 127.0.0.1: the agent writes a file, appends its handoff section and commits, mstui learns the turn ended
 * from the CLI's own signal (Codex notify, Gemini AfterAgent hook), gates and merges. Each run has its own HOME,
 * not under /tmp (codex refuses helper binaries there). An untrusted repository: the CLI's trust dialog becomes a
 * question (headless: exit 3). Runs (fails, not skips) under CI when a CLI is missing.
 */
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type GeminiScript, type GenerateBody, startFakeGemini } from '../../fakes/gemini-api.js';
import { type ResponsesBody, type ResponsesScript, startFakeOpenAi } from '../../fakes/openai-api.js';
import { type AgentCliName, agentCliBin, missingAgentCliMessage, REAL_AGENTS_REQUIRED } from '../../helpers/agent-clis.js';
import { GIT_ENV, git } from '../../helpers/repo.js';
import { mstui } from '../../helpers/run-cli.js';
import { expectOk } from './claude-harness.js';

const CODEX = agentCliBin('codex');
const GEMINI = agentCliBin('gemini');
const RUN_MS = 150_000;

const PLAN = `# Milestone 1: Real agent

## Task 1.1: Write alpha
**Type:** CODING
**Depends on:** none

Write work/1.1.txt.
`;

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

/** The task mstui's prompt names ("Task: 1.1 — Write alpha", "Handoff file: …") in the conversation's texts. */
function taskIn(texts: string[]): { id: string; title: string; handoff: string } | null {
  const text = texts.join('\n');
  const m = /Task: (\S+) — (.+)/.exec(text);
  const h = /Handoff file: (\S+)/.exec(text);
  return m?.[1] && m[2] && h?.[1] ? { id: m[1], title: m[2].trim(), handoff: h[1] } : null;
}

/** mstui's follow-up when a turn ended without the handoff section (src/core/scheduler/prompts.ts). */
const FOLLOW_UP = /is not finished: the handoff file has no/;

/**
 * The shell command for this turn: the file, the handoff section (with Gotchas), the commit. With `handoffLater`
 * the first turn leaves the section out, and only mstui's follow-up prompt (the latest user text) gets it written.
 */
function taskCommand(texts: string[], latest: string, handoffLater: boolean): string | null {
  const t = taskIn(texts);
  if (!t) return null;
  const section = `\n## Task ${t.id} Complete: ${t.title}\n\n### What Was Implemented\nwork/${t.id}.txt\n\n### Gotchas\nnone\n\n### Next Task Notes\nnone\n`;
  const file = ['mkdir -p work', `printf '%s\\n' '${t.id}' > work/${t.id}.txt`];
  const handoff = [`printf '%s' '${section}' >> '${t.handoff}'`];
  const steps = !handoffLater ? [...file, ...handoff] : FOLLOW_UP.test(latest) ? handoff : file;
  return [...steps, 'git add -A', `git commit -q -m 'feat: task ${t.id}'`].join(' && ');
}

const DONE = 'Done: file written, handoff appended, committed.';

/** Codex: the turn's command (asking to run outside the sandbox, which `permissions: approve` approves), then done. */
const codexScript =
  (handoffLater = false): ResponsesScript =>
  (body: ResponsesBody) => {
    const input = body.input ?? [];
    if (input.at(-1)?.type === 'function_call_output') return [{ type: 'message', text: DONE }];
    const textsOf = (i: (typeof input)[number]) =>
      (Array.isArray(i.content) ? (i.content as { text?: unknown }[]) : []).map((c) => String(c.text ?? ''));
    const cmd = taskCommand(input.flatMap(textsOf), textsOf(input.at(-1) ?? {}).join('\n'), handoffLater);
    if (!cmd) return [{ type: 'message', text: 'No task in the prompt.' }];
    const args = { cmd, sandbox_permissions: 'require_escalated', justification: 'commit' };
    return [{ type: 'function_call', name: 'exec_command', arguments: args }];
  };

/** Gemini: the turn's command through run_shell_command ("Allow execution of [Shell]?"), then done. */
const geminiScript =
  (handoffLater = false): GeminiScript =>
  (body: GenerateBody) => {
    const contents = body.contents ?? [];
    if (contents.at(-1)?.parts?.some((p) => p.functionResponse)) return [{ text: DONE }];
    const textsOf = (c: (typeof contents)[number]) => (c.parts ?? []).map((p) => String(p.text ?? ''));
    const cmd = taskCommand(contents.flatMap(textsOf), textsOf(contents.at(-1) ?? {}).join('\n'), handoffLater);
    if (!cmd) return [{ text: 'No task in the prompt.' }];
    return [{ functionCall: { name: 'run_shell_command', args: { command: cmd } } }];
  };

interface Setup {
  repo: string;
  home: string;
  env: Record<string, string>;
  /** The fake API's scripted (not side) requests so far. */
  turns: () => number;
}

/** A HOME (not under /tmp) holding the repo with the plan and `.mstui.json`; PATH finds the pinned CLI. */
function sandbox(cli: AgentCliName, bin: string): Setup {
  const base = join(homedir(), '.cache/mstui-test-homes');
  mkdirSync(base, { recursive: true });
  const home = realpathSync(mkdtempSync(join(base, `run-${cli}-`)));
  cleanups.push(() => rmSync(home, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }));
  const repo = join(home, 'repo');
  mkdirSync(join(repo, 'plans'), { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'README.md'), '# test repo\n');
  writeFileSync(join(repo, 'plans/M1_real.md'), PLAN);
  // The test command checks the task's work, so it fails on the base: these runs pass --skip-baseline.
  const config = { agent: cli, permissions: 'approve', commands: { test: 'test -f work/1.1.txt' } };
  writeFileSync(join(repo, '.mstui.json'), `${JSON.stringify(config, null, 2)}\n`);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'plan');
  // CI='' : the agents must not think they run in CI (mstui passes its environment on).
  const env = { ...GIT_ENV, HOME: home, PATH: `${dirname(bin)}:${process.env.PATH ?? ''}`, NO_PROXY: '127.0.0.1', CI: '' };
  return { repo, home, env, turns: () => 0 };
}

/** Codex: a custom provider on the fake Responses API (no sign-in screen); the repo trusted unless `trusted` is false. */
async function codexSetup(trusted: boolean, handoffLater = false): Promise<Setup> {
  const s = sandbox('codex', CODEX ?? expect.fail(missingAgentCliMessage('codex')));
  const fake = await startFakeOpenAi(codexScript(handoffLater));
  cleanups.push(() => fake.close());
  s.turns = () => fake.requests.filter((q) => q.n !== undefined).length;
  const codexHome = join(s.home, '.codex');
  mkdirSync(codexHome);
  const config = [
    'model = "gpt-fake"',
    'model_provider = "mstuifake"',
    '[model_providers.mstuifake]',
    'name = "mstui fake"',
    `base_url = "${fake.url}"`,
    'env_key = "MSTUI_FAKE_OPENAI_KEY"',
    'wire_api = "responses"',
    ...(trusted ? [`[projects."${s.repo}"]`, 'trust_level = "trusted"'] : []),
  ];
  writeFileSync(join(codexHome, 'config.toml'), `${config.join('\n')}\n`);
  Object.assign(s.env, { CODEX_HOME: codexHome, MSTUI_FAKE_OPENAI_KEY: 'sk-mstui-fake' });
  return s;
}

/** Gemini: an API-key auth type in the user's settings, the fake API's URL; the repo trusted unless `trusted` is false. */
async function geminiSetup(trusted: boolean, handoffLater = false): Promise<Setup> {
  const s = sandbox('gemini', GEMINI ?? expect.fail(missingAgentCliMessage('gemini')));
  const fake = await startFakeGemini(geminiScript(handoffLater));
  cleanups.push(() => fake.close());
  s.turns = () => fake.requests.filter((q) => q.n !== undefined).length;
  mkdirSync(join(s.home, '.gemini'));
  writeFileSync(join(s.home, '.gemini/settings.json'), JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } } }));
  if (trusted) writeFileSync(join(s.home, '.gemini/trustedFolders.json'), JSON.stringify({ [s.repo]: 'TRUST_FOLDER' }));
  Object.assign(s.env, { GEMINI_API_KEY: 'fake-key', GOOGLE_GEMINI_BASE_URL: fake.url });
  return s;
}

/** The task's hook file, one JSON payload a line, as the CLI wrote it. */
const hookLines = (repo: string): Record<string, unknown>[] =>
  readFileSync(join(repo, '.worktrees/.mstui/hooks/1.1.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** `turns`: the fake API's scripted requests; each turn is the tool call, then "Done". */
async function runDone(s: Setup, turns = 2): Promise<void> {
  const r = await mstui(s.repo, ['run', 'plans/M1_real.md', '--headless', '--yes', '--skip-baseline'], s.env, RUN_MS);
  expectOk(r);
  expect(git(s.repo, 'show', 'mstui/M1:work/1.1.txt')).toBe('1.1');
  const handoff = git(s.repo, 'show', 'mstui/M1:plans/HANDOFF_M1.md');
  expect(handoff).toContain('## Task 1.1 Complete: Write alpha');
  expect(handoff).toContain('### Gotchas');
  // No extra follow-up prompt: no turn end was seen before the agent's turn really ended.
  expect(s.turns()).toBe(turns);
}

async function asksTrust(s: Setup): Promise<void> {
  const r = await mstui(s.repo, ['run', 'plans/M1_real.md', '--headless', '--yes', '--skip-baseline'], s.env, RUN_MS);
  expectOk(r, 3);
  expect(/^Question: (.*)$/m.exec(r.stdout)?.[1], r.stdout).toMatch(/^1\.1: the agent asks whether to trust this repository/);
}

describe.skipIf(!CODEX && !REAL_AGENTS_REQUIRED)('mstui run with the real codex', () => {
  it(
    'trusted repo, permissions approve: the escalated command is approved, notify ends the turn, the task is merged',
    async () => {
      const s = await codexSetup(true);
      await runDone(s);
      const turns = hookLines(s.repo).filter((r) => r.type === 'agent-turn-complete');
      // The title-generation thread's turn is in the file too; only the task's thread ended the turn.
      expect(turns.some((r) => r['last-assistant-message'] === DONE)).toBe(true);
    },
    RUN_MS + 30_000,
  );

  it(
    'a turn ends without the handoff: the follow-up prompt is typed into codex, its next turn writes it',
    async () => runDone(await codexSetup(true, true), 4),
    RUN_MS + 30_000,
  );

  it(
    'untrusted repo: the trust dialog is a question, --yes does not answer it (exit 3)',
    async () => asksTrust(await codexSetup(false)),
    RUN_MS,
  );
});

describe.skipIf(!GEMINI && !REAL_AGENTS_REQUIRED)('mstui run with the real gemini', () => {
  it(
    'trusted repo, permissions approve: the shell permission is approved, AfterAgent ends the turn, the task is merged',
    async () => {
      const s = await geminiSetup(true);
      await runDone(s);
      const names = hookLines(s.repo).map(
        (r) => `${String(r.hook_event_name)}${r.notification_type ? `:${String(r.notification_type)}` : ''}`,
      );
      expect(names).toEqual(expect.arrayContaining(['SessionStart', 'BeforeAgent', 'Notification:ToolPermission', 'AfterAgent']));
    },
    RUN_MS + 30_000,
  );

  // Gemini 0.61 (without the kitty keyboard protocol, as in mstui's pty) takes an Enter within 30 ms of the previous
  // key as a newline: mstui pastes the prompt and sends its Enter SUBMIT_DELAY_MS later.
  it(
    'a turn ends without the handoff: the follow-up prompt is typed into gemini and submitted, its next turn writes it',
    async () => runDone(await geminiSetup(true, true), 4),
    RUN_MS + 30_000,
  );

  it(
    'untrusted repo: the trust dialog is a question, --yes does not answer it (exit 3)',
    async () => asksTrust(await geminiSetup(false)),
    RUN_MS,
  );
});
