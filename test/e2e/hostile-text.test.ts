/**
 * Control characters in plan text (issue 10, item 7): a title that sets the pane's title and clears the screen, a
 * NUL, an 8-bit CSI. `mstui plan`, the headless run, the report and the squash commits carry none of them and keep
 * the user's unicode. The built CLI, a real repo, the scripted agent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, git, scenario, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { mstui } from '../helpers/run-cli.js';

const HOSTILE = 'Café \u001b]0;pwned\u0007日本語 \u001b[2J🚀 \u001b[31mred\u001b[0m\u0000 \u009b2Jdone';
const CLEAN = 'Café 日本語 🚀 red done';
/** C0 except tab and newline, DEL, C1: what a terminal acts on. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const PLAN = `# Milestone 1: ${HOSTILE}

## Task 1.1: ${HOSTILE}
**Type:** CODING
**Depends on:** none

Do the work: ${HOSTILE}
\tan indented step
`;

const repos: TempRepo[] = [];
beforeAll(() => {
  expect(existsSync(CLI), `${CLI} is missing: run npx tsc -p tsconfig.build.json`).toBe(true);
});
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

describe('control characters in plan text', () => {
  it('never reach plan output, headless lines, the prompt, the report or the commit subject; unicode stays', {
    timeout: 90_000,
  }, async () => {
    const repo = tempRepo('mstui-hostile-');
    repos.push(repo);
    repo.write('plans/M1_hostile.md', PLAN);
    repo.write('.mstui.json', scriptedConfig({ commands: { test: 'true' } }));
    repo.commitAll('plan');

    const plan = await mstui(repo.dir, ['plan', 'plans/M1_hostile.md']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).not.toMatch(CONTROL);
    expect(plan.stdout).not.toContain('pwned');
    expect(plan.stdout).toContain(`M1: Milestone 1: ${CLEAN}`);
    expect(plan.stdout).toMatch(/└─ ○ 1\.1 {2}Café 日本語 🚀 red done {2}CODING/);

    const prompts = join(repo.dir, '.git', 'prompts.jsonl');
    const sc = scenario(repo, { default: { durationMs: 100 } });
    const r = await mstui(repo.dir, ['run', 'plans/M1_hostile.md', '--headless', '--yes'], {
      SCRIPTED_AGENT_SCENARIO: sc,
      SCRIPTED_AGENT_LOG: prompts,
    });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    for (const out of [r.stdout, r.stderr]) {
      expect(out).not.toMatch(CONTROL);
      expect(out).not.toContain('pwned');
    }
    expect(r.stdout).toContain(CLEAN);

    const prompt = (JSON.parse(readFileSync(prompts, 'utf8').split('\n')[0] ?? '') as { prompt: string }).prompt;
    expect(prompt).not.toMatch(CONTROL);
    expect(prompt).toContain(`Do the work: ${CLEAN}\n\tan indented step`);

    const report = readFileSync(join(repo.dir, '.worktrees', '.mstui', 'report-M1.md'), 'utf8');
    expect(report).not.toMatch(CONTROL);
    expect(report).toContain(CLEAN);

    const subjects = git(repo.dir, 'log', '--format=%s', 'main..mstui/M1');
    expect(subjects).toBe(`Task 1.1: ${CLEAN}`);
  });
});
