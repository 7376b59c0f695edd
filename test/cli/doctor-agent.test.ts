/** Doctor's Claude Code lines, read from a temporary HOME's ~/.claude.json (which is never written). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claudeChecks } from '../../src/cli/doctor-agent.js';

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

function home(claudeJson: unknown | null): string {
  const h = mkdtempSync(join(tmpdir(), 'mstui-home-'));
  homes.push(h);
  if (claudeJson !== null) writeFileSync(join(h, '.claude.json'), JSON.stringify(claudeJson));
  return h;
}

describe('claudeChecks', () => {
  it('a fresh HOME without a key: credentials fail, onboarding and trust warn with what to do', () => {
    const lines = claudeChecks({ env: { HOME: home(null) } }, '/repo');
    expect(lines).toEqual([
      { status: 'fail', text: 'claude credentials: none — run `claude` once and log in, or set ANTHROPIC_API_KEY' },
      expect.objectContaining({ status: 'warn', text: expect.stringContaining('run `claude` once in a terminal first') }),
      expect.objectContaining({ status: 'warn', text: expect.stringContaining('has not been told to trust /repo') }),
    ]);
  });

  it('a key, onboarding done and the repo trusted: three ok lines, and the file is unchanged', () => {
    const json = { hasCompletedOnboarding: true, projects: { '/repo': { hasTrustDialogAccepted: true } } };
    const h = home(json);
    const before = readFileSync(join(h, '.claude.json'), 'utf8');
    const lines = claudeChecks({ env: { HOME: h, ANTHROPIC_API_KEY: 'sk-test' } }, '/repo');
    expect(lines.map((l) => l.status)).toEqual(['ok', 'ok']);
    expect(lines.map((l) => l.text)).toEqual(['claude credentials: ANTHROPIC_API_KEY', 'claude trusts /repo']);
    expect(readFileSync(join(h, '.claude.json'), 'utf8')).toBe(before);
  });

  it('trusting a parent folder does not count (Claude keys trust on the repository root)', () => {
    const h = home({
      hasCompletedOnboarding: true,
      oauthAccount: { emailAddress: 'me@x' },
      projects: { '/': { hasTrustDialogAccepted: true } },
    });
    const lines = claudeChecks({ env: { HOME: h } }, '/repo');
    expect(lines[0]).toEqual({ status: 'ok', text: 'claude credentials: logged in (~/.claude)' });
    expect(lines[1]?.status).toBe('warn');
  });
});
