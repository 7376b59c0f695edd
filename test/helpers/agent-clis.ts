/**
 * Where the pinned real agent CLIs live (installed by scripts/install-agent-clis.sh), and whether a test may
 * skip when they are missing. Under CI (or MSTUI_REAL_AGENTS=1) a missing CLI must fail the test, not skip it:
 *   describe.skipIf(!agentCliBin('claude') && !REAL_AGENTS_REQUIRED)(...)
 */
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type AgentCliName = 'claude' | 'codex' | 'gemini';

/** The versions scripts/install-agent-clis.sh installs (and the fixtures were recorded with). */
export const AGENT_CLI_VERSIONS = { claude: '2.1.328', codex: '0.169.0', gemini: '0.61.0' } as const;

export const REAL_AGENTS_REQUIRED = process.env.CI === 'true' || process.env.MSTUI_REAL_AGENTS === '1';

/** Same default as the install script: not under /tmp (codex refuses helper binaries there). */
export function agentClisDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MSTUI_AGENT_CLIS || join(env.HOME || homedir(), '.cache/mstui/agent-clis');
}

export function agentCliBinDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MSTUI_AGENT_CLIS_BIN || join(agentClisDir(env), 'node_modules/.bin');
}

/** Absolute path of the CLI's executable, or null when it is not installed. */
export function agentCliBin(name: AgentCliName, env: NodeJS.ProcessEnv = process.env): string | null {
  const bin = join(agentCliBinDir(env), name);
  try {
    accessSync(bin, constants.X_OK);
    return bin;
  } catch {
    return null;
  }
}

/** The error a required-but-missing CLI should fail with. */
export function missingAgentCliMessage(name: AgentCliName): string {
  return `${name} not found in ${agentCliBinDir()}: run scripts/install-agent-clis.sh (or set MSTUI_AGENT_CLIS_BIN)`;
}
