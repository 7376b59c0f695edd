/** How an agent is started: the default Claude profile's argv, and an environment without mstui's own terminal context. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES } from '../../src/core/config.js';
import type { Plan } from '../../src/core/plan/model.js';
import { agentLaunch } from '../../src/engine/launch.js';
import { layoutFor } from '../../src/engine/layout.js';
import type { EngineSetup } from '../../src/engine/setup.js';

const plan = {
  milestone: { id: 'M1', title: 'One', source: 'plans/M1.md', format: 'markdown' },
  tasks: [
    {
      id: '1.1',
      title: 'Do it',
      kind: 'coding',
      rawType: null,
      deps: [],
      files: [],
      done: false,
      loc: { file: 'p', line: 1 },
      body: 'Body.',
    },
  ],
  warnings: [],
} as unknown as Plan;

function setup(env: NodeJS.ProcessEnv): EngineSetup {
  return {
    plan,
    layout: layoutFor('/repo', 'M1'),
    runId: 7,
    base: 'main',
    planRel: 'plans/M1.md',
    handoffRel: 'plans/HANDOFF_M1.md',
    profile: DEFAULT_PROFILES.claude as EngineSetup['profile'],
    prompts: {},
    commands: [],
    testCommand: undefined,
    review: {} as EngineSetup['review'],
    env,
    warn: () => {},
    ask: () => {},
  };
}

describe('agentLaunch', () => {
  it('claude: --permission-mode default, a fixed session id, the settings file, the prompt as one argument', () => {
    const l = agentLaunch(setup({ PATH: '/bin' }), '1.1', null, false, null);
    expect(l.argv.slice(0, 4)).toEqual(['claude', '--permission-mode', 'default', '--session-id']);
    expect(l.argv[4]).toBe(l.sessionId);
    expect(l.argv[5]).toBe('--settings');
    expect(l.argv).toHaveLength(8);
    expect(l.argv[7]).toContain('Task: 1.1 — Do it');
  });

  it('the agent does not inherit TMUX, TMUX_PANE or CLAUDECODE; it gets its task, run and the classic renderer', () => {
    const l = agentLaunch(
      setup({ PATH: '/bin', TMUX: '/tmp/tmux-0/default,1,0', TMUX_PANE: '%3', CLAUDECODE: '1', HOME: '/h' }),
      '1.1',
      null,
      false,
      null,
    );
    expect(l.env).toEqual({ PATH: '/bin', HOME: '/h', MSTUI_TASK: '1.1', MSTUI_RUN: '7', CLAUDE_CODE_DISABLE_ALTERNATE_SCREEN: '1' });
  });
});
