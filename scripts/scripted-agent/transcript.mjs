/**
 * The session transcript (JSONL) Claude Code keeps at `transcript_path`, shaped like
 * test/fixtures/claude-2.1.328/transcript-sample.jsonl: user lines (prompts, tool results) and assistant lines,
 * one line per content block, every line of a message repeating its final `message.usage`.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export const VERSION = '2.1.328';
export const MODEL = 'claude-opus-5-5';

/** Per assistant message unless the scenario's `usage` says otherwise. */
export const DEFAULT_USAGE = Object.freeze({
  input_tokens: 100,
  output_tokens: 20,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 0,
});

/**
 * `~/.claude/projects/<cwd with non-alphanumerics as ->/<id>.jsonl`; env SCRIPTED_AGENT_TRANSCRIPTS replaces
 * `~/.claude/projects` (tests keep the developer's HOME clean with it).
 */
export function transcriptPath(cwd, sessionId, env = process.env) {
  const root = env.SCRIPTED_AGENT_TRANSCRIPTS || join(homedir(), '.claude', 'projects');
  return join(root, cwd.replace(/[^a-zA-Z0-9]/g, '-'), `${sessionId}.jsonl`);
}

const hex = (n) => randomUUID().replace(/-/g, '').slice(0, n);

function usageOf(u) {
  const n = (v, d) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);
  const src = u && typeof u === 'object' ? u : {};
  const cacheWrite = n(src.cache_creation_input_tokens, DEFAULT_USAGE.cache_creation_input_tokens);
  return {
    input_tokens: n(src.input_tokens, DEFAULT_USAGE.input_tokens),
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: n(src.cache_read_input_tokens, DEFAULT_USAGE.cache_read_input_tokens),
    output_tokens: n(src.output_tokens, DEFAULT_USAGE.output_tokens),
    service_tier: 'standard',
    cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: cacheWrite },
    speed: 'standard',
  };
}

/** Appends to the transcript (creating its folders); writing is best effort, like every log of the agent. */
export function createTranscript({ path, sessionId, cwd, model = MODEL }) {
  let parent = null;
  let promptId = null;

  function append(entry) {
    const line = { parentUuid: parent, isSidechain: false, ...entry, uuid: randomUUID(), timestamp: new Date().toISOString() };
    Object.assign(line, { userType: 'external', entrypoint: 'cli', cwd, sessionId, version: VERSION });
    parent = line.uuid;
    try {
      mkdirSync(dirname(path), { recursive: true });
      appendFileSync(path, `${JSON.stringify(line)}\n`);
    } catch {
      // a transcript is best effort
    }
    return line.uuid;
  }

  return {
    path,
    prompt(text, id, permissionMode) {
      promptId = id;
      append({ promptId, type: 'user', message: { role: 'user', content: text }, permissionMode });
    },
    /** One API response: `blocks` are content blocks (text / tool_use), one line each, all with the same usage. */
    assistant(blocks, usage, stopReason = 'end_turn') {
      const id = `msg_${hex(24)}`;
      const requestId = `req_${randomUUID()}`;
      blocks.forEach((block, i) => {
        const message = { id, type: 'message', role: 'assistant', model, content: [block], stop_reason: stopReason, stop_sequence: null };
        append({ message: { ...message, usage: usageOf(usage) }, apiBlockIndex: i, requestId, type: 'assistant', effort: 'medium' });
      });
    },
    toolResult(toolUseId, content, isError = false) {
      append({
        promptId,
        type: 'user',
        message: { role: 'user', content: [{ tool_use_id: toolUseId, type: 'tool_result', content, is_error: isError }] },
      });
    },
  };
}
