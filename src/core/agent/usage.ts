/** Token usage from a Claude Code session transcript (JSONL). Pure: text in, totals out. */
import type { TokenUsage } from '../scheduler/types.js';
import { addUsage, NO_TOKENS } from '../tokens-view.js';

interface UsageFields {
  input_tokens?: unknown;
  output_tokens?: unknown;
  cache_read_input_tokens?: unknown;
  cache_creation_input_tokens?: unknown;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);

/**
 * Sums `message.usage` of the assistant entries. Claude writes one transcript line per content block of a
 * streamed message, each carrying that message's usage: a message (by `message.id`, else `requestId`) counts
 * once, with its last line's figures.
 */
export function usageFromTranscript(text: string): TokenUsage {
  const byMessage = new Map<string, TokenUsage>();
  let anonymous = 0;
  for (const line of text.split('\n')) {
    if (!line.includes('"usage"')) continue;
    let entry: { type?: unknown; requestId?: unknown; message?: { id?: unknown; usage?: UsageFields } };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    const u = entry.message?.usage;
    if (entry.type !== 'assistant' || !u) continue;
    const key =
      typeof entry.message?.id === 'string' ? entry.message.id : typeof entry.requestId === 'string' ? entry.requestId : `#${anonymous++}`;
    byMessage.set(key, {
      input: num(u.input_tokens),
      output: num(u.output_tokens),
      cacheRead: num(u.cache_read_input_tokens),
      cacheWrite: num(u.cache_creation_input_tokens),
    });
  }
  return [...byMessage.values()].reduce(addUsage, { ...NO_TOKENS });
}
