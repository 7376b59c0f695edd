import { describe, expect, it } from 'vitest';
import { fillArgv, parseConfig } from '../../src/core/config.js';
import type { Task } from '../../src/core/plan/model.js';
import { buildPrompt, E2E_REMINDER } from '../../src/core/prompt.js';

describe('parseConfig', () => {
  it('defaults to the claude profile with hooks when there is no file', () => {
    const c = parseConfig(null, '.mstui.json');
    expect(c.ok && c.value.profile.command[0]).toBe('claude');
    expect(c.ok && c.value.profile.hooks).toBe('claude');
    expect(c.ok && c.value.permissions).toBe('ask');
    expect(c.ok && c.value.maxRetries).toBe(3);
  });
  it('reports a wrong type with its key path', () => {
    const c = parseConfig('{"commands":{"test":42}}', '.mstui.json');
    expect(c.ok).toBe(false);
    expect(!c.ok && c.error).toMatch(/^\.mstui\.json: commands\.test: /);
  });
  it('reports an unknown key (a typo) with its path', () => {
    const c = parseConfig('{"comands":{}}', '.mstui.json');
    expect(!c.ok && c.error).toMatch(/^\.mstui\.json: \(root\): .*comands/);
  });
  it('reports every problem in one message, each with its key path', () => {
    const c = parseConfig('{"agent":5,"maxRetries":"x","comands":{}}', '.mstui.json');
    expect(!c.ok && c.error).toMatch(/^\.mstui\.json: 3 problems: /);
    const error = c.ok ? '' : c.error;
    for (const path of ['agent: ', 'maxRetries: ', '(root): ']) expect(error).toContain(path);
    expect(error).toContain('comands');
  });
  it('reports invalid JSON', () => {
    const c = parseConfig('{', 'x.json');
    expect(!c.ok && c.error).toMatch(/^x\.json: not valid JSON/);
  });
  it('refuses an agent with no profile', () => {
    const c = parseConfig('{"agent":"nope"}', '.mstui.json');
    expect(!c.ok && c.error).toContain('no profile named "nope"');
  });
  it('uses a configured profile', () => {
    const c = parseConfig('{"agent":"mine","agents":{"mine":{"command":["my-agent","{prompt}"],"hooks":"none"}}}', '.mstui.json');
    expect(c.ok && c.value.profile).toEqual({ command: ['my-agent', '{prompt}'], hooks: 'none' });
  });
});

describe('fillArgv', () => {
  it('keeps each placeholder one argument, with no shell splitting', () => {
    const argv = fillArgv(['claude', '--session-id', '{sessionId}', '{prompt}'], {
      sessionId: 'abc',
      prompt: 'a "quoted" $(rm -rf /) prompt\nline 2',
    });
    expect(argv).toEqual(['claude', '--session-id', 'abc', 'a "quoted" $(rm -rf /) prompt\nline 2']);
  });
  it('leaves unknown placeholders as written', () => expect(fillArgv(['{nope}'], {})).toEqual(['{nope}']));
});

describe('buildPrompt', () => {
  const task = (kind: Task['kind']): Task => ({
    id: '1.2',
    title: 'Do it',
    kind,
    rawType: null,
    deps: [],
    files: [],
    done: false,
    loc: { file: 'p.md', line: 3 },
    body: '## Task 1.2: Do it\nDetails.',
  });
  const ctx = {
    milestoneId: 'M1',
    milestoneTitle: 'One',
    planPath: 'plans/M1_x.md',
    handoffPath: 'plans/HANDOFF_M1.md',
    branch: 'mstui/M1-1.2',
    testCommand: 'npm test',
  };
  it('names the task and the handoff file on lines the agent can find', () => {
    const p = buildPrompt(task('coding'), ctx);
    expect(p).toContain('Task: 1.2 — Do it');
    expect(p).toContain('Handoff file: plans/HANDOFF_M1.md');
    expect(p).toContain('## Task 1.2 Complete: Do it');
    expect(p).toContain('(`npm test`)');
    expect(p).not.toContain(E2E_REMINDER);
  });
  it('adds the E2E reminder to VALIDATION tasks only', () => expect(buildPrompt(task('validation'), ctx)).toContain(E2E_REMINDER));
  it('uses a configured template for the kind', () =>
    expect(buildPrompt(task('research'), ctx, { research: 'R {id} {title}' })).toBe('R 1.2 Do it'));
});
