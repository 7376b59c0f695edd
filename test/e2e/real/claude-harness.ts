/**
 * Shared set-up for the e2e tests that run mstui with the real Claude Code CLI against the fake Messages API:
 * a temp repo with a plan, a HOME of its own, the fake server, and an env whose PATH finds the pinned `claude`.
 */
import { dirname } from 'node:path';
import { expect } from 'vitest';
import type { FakeOptions, MessagesBody, Reply, Scenario, Usage } from '../../fakes/anthropic-api.js';
import { countToolResults, startFakeAnthropic, taskScenario } from '../../fakes/anthropic-api.js';
import { agentCliBin, missingAgentCliMessage } from '../../helpers/agent-clis.js';
import { type ClaudeHomeOptions, claudeEnv, claudeHome, FAKE_API_KEY } from '../../helpers/real-claude.js';
import { GIT_ENV, type TempRepo, tempRepo } from '../../helpers/repo.js';

export const CLAUDE = agentCliBin('claude');

/** A chain plan: 1.1 → 1.2, and 1.3 on its own. */
export const PLAN = `# Milestone 1: Real agent

## Task 1.1: Write alpha
**Type:** CODING
**Depends on:** none

Write work/1.1.txt.

## Task 1.2: Write beta
**Type:** CODING
**Depends on:** 1.1

Write work/1.2.txt.

## Task 1.3: Write gamma
**Type:** CODING
**Depends on:** none

Write work/1.3.txt.
`;

export const USAGE: Usage = { input_tokens: 120, output_tokens: 30, cache_read_input_tokens: 900, cache_creation_input_tokens: 40 };

function userTexts(body: MessagesBody): string {
  const out: string[] = [];
  for (const m of body.messages ?? []) {
    if (m.role !== 'user') continue;
    if (typeof m.content === 'string') out.push(m.content);
    else for (const b of m.content) if (typeof b.text === 'string') out.push(b.text);
  }
  return out.join('\n');
}

/** The task mstui's prompt names ("Task: 1.2 — Write beta", "Handoff file: …"). */
export function taskOf(body: MessagesBody): { id: string; title: string; handoff: string } | null {
  const text = userTexts(body);
  const m = /Task: (\S+) — (.+)/.exec(text);
  const h = /Handoff file: (\S+)/.exec(text);
  return m?.[1] && m[2] && h?.[1] ? { id: m[1], title: m[2].trim(), handoff: h[1] } : null;
}

/** Every task: write work/<id>.txt, append its Complete section to the handoff, commit; then say done. */
export function planScenario(opts: { before?: (body: MessagesBody, n: number) => Reply | null } = {}): Scenario {
  return (body, n) => {
    const early = opts.before?.(body, n);
    if (early) return early;
    const task = taskOf(body);
    if (!task) return { kind: 'text', text: 'No task in the prompt.' };
    const section = `\n## Task ${task.id} Complete: ${task.title}\n\n### What Was Implemented\nwork/${task.id}.txt\n\n### Gotchas\nnone\n\n### Next Task Notes\nnone\n`;
    return taskScenario({
      files: { [`work/${task.id}.txt`]: `${task.id}\n` },
      commitMessage: `feat: task ${task.id}`,
      handoff: { file: task.handoff, text: section },
      usage: USAGE,
    })(body, n);
  };
}

export { countToolResults };

export interface Harness {
  repo: TempRepo;
  home: string;
  env: Record<string, string>;
  fake: Awaited<ReturnType<typeof startFakeAnthropic>>;
  cleanup(): Promise<void>;
}

/** `config` is `.mstui.json` (the default agent, claude, unless it says otherwise). */
export async function harness(
  scenario: Scenario,
  config: Record<string, unknown>,
  /** The HOME's ~/.claude.json, from the repo's path: default trusted root and approved key. */
  home: (repoDir: string) => ClaudeHomeOptions = (dir) => ({ trustRoot: dir, approveKey: FAKE_API_KEY }),
  apiKey: string | null = FAKE_API_KEY,
  fakeOptions: FakeOptions = {},
): Promise<Harness> {
  if (!CLAUDE) throw new Error(missingAgentCliMessage('claude'));
  const repo = tempRepo('mstui-real-');
  repo.write('plans/M1_real.md', PLAN);
  repo.write('.mstui.json', `${JSON.stringify(config, null, 2)}\n`);
  repo.commitAll('plan');
  const h = claudeHome(home(repo.dir));
  const fake = await startFakeAnthropic(scenario, fakeOptions);
  const base = claudeEnv(h.dir, fake.url, apiKey, { PATH: `${dirname(CLAUDE)}:${process.env.PATH ?? ''}` });
  const env: Record<string, string> = { ...GIT_ENV };
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  return {
    repo,
    home: h.dir,
    env,
    fake,
    async cleanup() {
      await fake.close();
      h.cleanup();
      repo.cleanup();
    },
  };
}

export function expectOk(r: { code: number; stdout: string; stderr: string }, code = 0): void {
  expect(r.code, `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`).toBe(code);
}
