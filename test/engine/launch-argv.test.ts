/**
 * How an agent starts (agentLaunch): each placeholder filled as one argument, the resume argv when continuing a session
 * that got its prompt, the environment, and what happens to a prompt longer than one argument may be.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentProfile } from '../../src/core/agent/profile.js';
import type { Task } from '../../src/core/plan/model.js';
import { codexNotifyConfig } from '../../src/engine/agent-hooks.js';
import { agentLaunch, fitBytes, MAX_PROMPT_ARG_BYTES } from '../../src/engine/launch.js';
import type { EngineSetup } from '../../src/engine/setup.js';
import { engineSetup, task, tempRepoDir } from '../helpers/fake-ports.js';

const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

const PROFILE: AgentProfile = {
  command: [
    'agent',
    '--task',
    '{taskId}',
    '--cwd',
    '{worktree}',
    '--session',
    '{sessionId}',
    '--settings={settings}',
    '-c',
    '{notify}',
    '{prompt}',
    '{nope}',
  ],
  resume: ['agent', 'resume', '{sessionId}', '{prompt}'],
  hooks: 'claude',
  env: { AGENT_SETTINGS: '{settings}', PLAIN: 'yes' },
};
const SESSION = '3f1c2a9e-0000-4000-8000-000000000001';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const RESTARTED = 'mstui restarted. Continue Task 1.1: Store where you left off; finish it, commit, and write its handoff section.';

function world(over: Partial<EngineSetup> = {}, t: Task = task('1.1', 'Store')) {
  const tmp = tempRepoDir();
  dirs.push(tmp);
  const setup = engineSetup(tmp.dir, [t], { profile: PROFILE, runId: 7, ...over });
  const { layout } = setup;
  /** The task's hook file: what the agent's hooks appended (read by launch from disk). */
  const hooks = (...records: Record<string, unknown>[]) => {
    mkdirSync(dirname(layout.hooks('1.1')), { recursive: true });
    writeFileSync(layout.hooks('1.1'), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  };
  return { setup, layout, hooks, launch: (...a: [string | null, boolean, string | null]) => agentLaunch(setup, '1.1', ...a) };
}

const PROMPT_HEAD = [
  'You are working on milestone M1 (One), plan plans/M1.md.',
  'Task: 1.1 — Store',
  'Handoff file: plans/HANDOFF_M1.md',
  'Branch: mstui/M1-1.1 (this git worktree is yours alone)',
  '',
  'Do Store.',
  '',
].join('\n');

describe('agentLaunch', () => {
  it('fills every placeholder as one argument (inside a longer one too) and leaves an unknown one as written', () => {
    const w = world();
    const l = w.launch(null, false, null);
    expect(l.sessionId).toMatch(UUID);
    expect(l.argv).toEqual([
      'agent',
      '--task',
      '1.1',
      '--cwd',
      w.layout.taskPath('1.1'),
      '--session',
      l.sessionId,
      `--settings=${w.layout.settings('1.1')}`,
      '-c',
      codexNotifyConfig(w.layout.hooks('1.1')),
      expect.stringMatching(/^You are working on milestone M1/),
      '{nope}',
    ]);
    expect(l.argv[10]?.startsWith(PROMPT_HEAD)).toBe(true);
  });

  it("never fills placeholders a task's own text contains", () => {
    const w = world({}, { ...task('1.1', 'Store'), body: 'Print {sessionId}, {prompt} and {settings} literally.' });
    const prompt = w.launch(null, false, null).argv[10] ?? '';
    expect(prompt).toContain('\n\nPrint {sessionId}, {prompt} and {settings} literally.\n\n');
  });

  it('resuming a session that received its prompt: the resume argv, the same session, a "continue" prompt', () => {
    const w = world();
    w.hooks({ hook_event_name: 'SessionStart', session_id: SESSION }, { hook_event_name: 'UserPromptSubmit', session_id: SESSION });
    expect(w.launch(SESSION, true, null)).toEqual({
      argv: ['agent', 'resume', SESSION, RESTARTED],
      env: expect.any(Object),
      sessionId: SESSION,
    });
    // A follow-up (a gate failure to fix) replaces the "continue" prompt.
    expect(w.launch(SESSION, true, 'The tests gate failed.').argv).toEqual(['agent', 'resume', SESSION, 'The tests gate failed.']);
  });

  it('a session that never got its prompt (only SessionStart) starts over: new session, full prompt, then the follow-up', () => {
    const w = world();
    w.hooks({ hook_event_name: 'SessionStart', session_id: SESSION }, { hook_event_name: 'UserPromptSubmit', session_id: 'another' });
    const l = w.launch(SESSION, true, 'The tests gate failed.');
    expect(l.sessionId).not.toBe(SESSION);
    expect(l.sessionId).toMatch(UUID);
    expect(l.argv[0]).toBe('agent');
    expect(l.argv[1]).toBe('--task');
    expect(l.argv[10]?.startsWith(PROMPT_HEAD)).toBe(true);
    expect(l.argv[10]?.endsWith('and "### Next Task Notes".\n\nThe tests gate failed.')).toBe(true);
  });

  it('no resume without a known session, a resume argv in the profile, or a resume request', () => {
    const w = world();
    w.hooks({ hook_event_name: 'UserPromptSubmit', session_id: SESSION });
    expect(w.launch(null, true, null).argv[1]).toBe('--task');
    expect(w.launch(SESSION, false, null).argv[1]).toBe('--task');
    const noResume = world({ profile: { ...PROFILE, resume: undefined } });
    noResume.hooks({ hook_event_name: 'UserPromptSubmit', session_id: SESSION });
    const l = noResume.launch(SESSION, true, null);
    expect([l.argv[1], l.sessionId === SESSION]).toEqual(['--task', false]);
  });

  it("the environment: mstui's own minus TMUX, TMUX_PANE, CLAUDECODE, COLUMNS and LINES, the profile's (placeholders filled), the task and run", () => {
    const env = {
      PATH: '/bin',
      HOME: '/h',
      TMUX: '/tmp/tmux-0/default,1,0',
      TMUX_PANE: '%3',
      CLAUDECODE: '1',
      COLUMNS: '200',
      LINES: '50',
      UNSET: undefined,
    };
    const w = world({ env });
    expect(w.launch(null, false, null).env).toEqual({
      PATH: '/bin',
      HOME: '/h',
      AGENT_SETTINGS: w.layout.settings('1.1'),
      PLAIN: 'yes',
      MSTUI_TASK: '1.1',
      MSTUI_RUN: '7',
    });
  });

  it('a follow-up that would take the prompt over the 128 KiB one argument may hold is cut in its middle', () => {
    // Linux refuses an argument over MAX_ARG_STRLEN (32 pages: 131072 bytes) with E2BIG. The plan's task text is
    // capped at 100 KiB when it is read; a follow-up (gate output, CI log) is cut to fit, keeping its start and end.
    const w = world();
    const followUp = `The tests gate failed:\n${'y'.repeat(100 * 1024)}${'z'.repeat(100 * 1024)}\nFAILED: test_end`;
    const l = w.launch(null, false, followUp);
    expect(l.argv).toHaveLength(PROFILE.command.length);
    const arg = l.argv[10] ?? '';
    expect(Buffer.byteLength(arg)).toBeLessThanOrEqual(MAX_PROMPT_ARG_BYTES);
    expect(arg).toContain('\n\nThe tests gate failed:\n');
    expect(arg.endsWith('FAILED: test_end')).toBe(true);
    expect(arg).toMatch(/\[… \d+ bytes cut by mstui to fit the agent's command line …\]/);
  });

  it('fitBytes keeps text that fits, and cuts on character boundaries', () => {
    expect(fitBytes('short', 100)).toBe('short');
    const cut = fitBytes('é'.repeat(1000), 300);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(300);
    expect(cut).not.toContain('\uFFFD');
    expect(cut.startsWith('é')).toBe(true);
    expect(cut.endsWith('é')).toBe(true);
  });
});
