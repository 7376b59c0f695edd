/** Token usage from Claude Code transcripts: one message counts once, whatever number of lines it was written in. */
import { describe, expect, it } from 'vitest';
import { usageFromTranscript } from '../../src/core/agent/usage.js';

const line = (id: string, usage: Record<string, number>, type = 'assistant') =>
  JSON.stringify({ type, requestId: `req-${id}`, message: { id, usage } });

describe('usageFromTranscript', () => {
  it('counts each message once (its last line), sums all four kinds, ignores user lines and junk', () => {
    const text = [
      JSON.stringify({ type: 'user', message: { content: 'hi' } }),
      line('m1', { input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 100, cache_creation_input_tokens: 50 }),
      line('m1', { input_tokens: 10, output_tokens: 7, cache_read_input_tokens: 100, cache_creation_input_tokens: 50 }),
      line('m2', { input_tokens: 20, output_tokens: 3 }),
      '{not json "usage"',
      line('m3', { input_tokens: 999 }, 'user'),
      '',
    ].join('\n');
    expect(usageFromTranscript(text)).toEqual({ input: 30, output: 10, cacheRead: 100, cacheWrite: 50 });
  });

  it('an empty transcript is zero', () => {
    expect(usageFromTranscript('')).toEqual({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });
  });
});
