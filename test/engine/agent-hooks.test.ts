/**
 * How Codex and Gemini are told to report into the task's hook file: the launch argv and environment of their
 * default profiles, the settings file written for Gemini, and Codex's notify one-liner run by a real `sh`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES } from '../../src/core/config.js';
import type { Plan } from '../../src/core/plan/model.js';
import { codexNotifyConfig, geminiSystemSettingsPath, writeAgentHooks } from '../../src/engine/agent-hooks.js';
import { agentLaunch } from '../../src/engine/launch.js';
import { layoutFor } from '../../src/engine/layout.js';
import type { EngineSetup } from '../../src/engine/setup.js';

const plan = {
  milestone: { id: 'M1', title: 'One', source: 'plans/M1.md', format: 'markdown' },
  tasks: [
    { id: '1.1', title: 'Do it', kind: 'coding', rawType: null, deps: [], files: [], done: false, loc: { file: 'p', line: 1 }, body: 'B.' },
  ],
  warnings: [],
} as unknown as Plan;

function setup(profile: 'codex' | 'gemini'): EngineSetup {
  return {
    plan,
    layout: layoutFor('/repo', 'M1'),
    runId: 7,
    base: 'main',
    planRel: 'plans/M1.md',
    handoffRel: 'plans/HANDOFF_M1.md',
    profile: DEFAULT_PROFILES[profile] as EngineSetup['profile'],
    prompts: {},
    commands: [],
    testCommand: undefined,
    review: {} as EngineSetup['review'],
    env: { PATH: '/bin' },
    warn: () => {},
    ask: () => {},
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'mstui-agent-hooks-'));
  dirs.push(d);
  return d;
};

describe('launching codex and gemini with their completion signals', () => {
  it('codex: -c and the notify array as one argument each, before the prompt; resume passes it again', () => {
    const notify = codexNotifyConfig('/repo/.worktrees/.mstui/hooks/1.1.jsonl');
    expect(notify).toBe(`notify=["sh","-c","printf '%s\\\\n' \\"$1\\" >> '/repo/.worktrees/.mstui/hooks/1.1.jsonl'","mstui-notify"]`);
    const start = agentLaunch(setup('codex'), '1.1', null, false, null);
    expect(start.argv.slice(0, 4)).toEqual(['codex', '--no-daemon', '-c', notify]);
    expect(start.argv).toHaveLength(5);
    expect(start.argv[4]).toContain('Task: 1.1 — Do it');
    expect(DEFAULT_PROFILES.codex?.resume).toEqual(['codex', 'resume', '--no-daemon', '-c', '{notify}', '--last', '{prompt}']);
  });

  it('gemini: the per-task settings file named by GEMINI_CLI_SYSTEM_SETTINGS_PATH (an env value filled like argv)', () => {
    const l = agentLaunch(setup('gemini'), '1.1', null, false, null);
    expect(l.env.GEMINI_CLI_SYSTEM_SETTINGS_PATH).toBe('/repo/.worktrees/.mstui/settings/1.1.json');
    expect(l.argv.slice(0, 4)).toEqual(['gemini', '--session-id', l.sessionId, '-i']);
  });

  it('the notify one-liner, run by sh as Codex runs it, appends its JSON argument as one line, quotes and all', () => {
    const dir = tempDir();
    const file = join(dir, "it's here.jsonl");
    const toml = codexNotifyConfig(file).slice('notify='.length);
    const argv = JSON.parse(toml) as string[]; // the TOML array here is also JSON
    const payloads = [{ type: 'agent-turn-complete', 'input-messages': ['it\'s "quoted"\nand $HOME `x`'] }, { type: 'x' }];
    for (const p of payloads) execFileSync(argv[0] ?? 'sh', [...argv.slice(1), JSON.stringify(p)]);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(payloads);
  });

  it('gemini settings keep the system settings they replace; a system file that is not JSON is reported, not fatal', () => {
    const dir = tempDir();
    const system = join(dir, 'system.json');
    writeFileSync(system, JSON.stringify({ general: { disableAutoUpdate: true }, hooks: { AfterAgent: [{ hooks: [] }] } }));
    const settings = join(dir, 'settings.json');
    const warnings: string[] = [];
    const gemini = DEFAULT_PROFILES.gemini as EngineSetup['profile'];
    writeAgentHooks(gemini, settings, join(dir, 'h.jsonl'), { GEMINI_CLI_SYSTEM_SETTINGS_PATH: system }, (m) => warnings.push(m));
    const written = JSON.parse(readFileSync(settings, 'utf8')) as { general: unknown; hooks: Record<string, unknown[]> };
    expect(written.general).toEqual({ disableAutoUpdate: true });
    expect(written.hooks.AfterAgent).toHaveLength(2);
    expect(warnings).toEqual([]);

    writeFileSync(system, '{ // a comment\n}');
    writeAgentHooks(gemini, settings, join(dir, 'h.jsonl'), { GEMINI_CLI_SYSTEM_SETTINGS_PATH: system }, (m) => warnings.push(m));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${system}: not plain JSON`);
    expect(Object.keys((JSON.parse(readFileSync(settings, 'utf8')) as { hooks: object }).hooks)).toHaveLength(4);
  });

  it('a profile with claude hooks still gets the Claude settings file', () => {
    const dir = tempDir();
    const settings = join(dir, 'settings.json');
    writeAgentHooks(DEFAULT_PROFILES.claude as EngineSetup['profile'], settings, join(dir, 'h.jsonl'), {}, () => {});
    expect(Object.keys((JSON.parse(readFileSync(settings, 'utf8')) as { hooks: object }).hooks)).toContain('Stop');
  });

  it('the system settings path Gemini reads by default, per platform', () => {
    expect(geminiSystemSettingsPath('linux')).toBe('/etc/gemini-cli/settings.json');
    expect(geminiSystemSettingsPath('darwin')).toBe('/Library/Application Support/GeminiCli/settings.json');
  });
});
