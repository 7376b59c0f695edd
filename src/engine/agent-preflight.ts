/** Agent checks before a run writes anything. */

/** The one line a missing agent program gets, before anything is written. */
export function missingAgentMessage(agent: string, program: string): string {
  const how: Record<string, string> = {
    claude: 'npm install -g @anthropic-ai/claude-code',
    codex: 'npm install -g @openai/codex',
    gemini: 'npm install -g @google/gemini-cli',
  };
  const install = how[program] ? `install it (${how[program]})` : 'install it';
  return `agent ${agent}: \`${program}\` is not on PATH: ${install}, or choose another agent in .mstui.json ("agent", "agents.<name>.command")`;
}
