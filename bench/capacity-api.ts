/**
 * bench/capacity.ts's fake Messages API: every main turn streams text (~80 tokens/s) until the bench releases it.
 * In `tools` mode a turn streams for TOOL_EVERY_TICKS, then asks for a Bash call (git status, git log, ls), and the
 * next turn (its tool_result) does the same: an agent working in a loop. Released, turns end at once (end_turn).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isSideRequest, type MessagesBody } from '../test/fakes/anthropic-api.js';

const TICK_MS = 50;
const CHARS_PER_TICK = 16; // 320 chars/s, about 80 tokens/s: a fast model's stream
/** In tools mode, a turn's text lasts 1 s before its tool call. */
const TOOL_EVERY_TICKS = 20;
const BASH = { command: 'git status --short && git log --oneline -3 && ls', description: 'Look at the worktree' };

export const WORDS = 'the agent reads each file then writes a test for the parser and runs it before the commit lands'.split(' ');

function sse(res: ServerResponse, event: string, data: Record<string, unknown>): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
}

function startStream(res: ServerResponse, model: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_${randomUUID()}` });
  const message = { id: `msg_${randomUUID().slice(0, 8)}`, type: 'message', role: 'assistant', model, content: [] };
  sse(res, 'message_start', { message: { ...message, stop_reason: null, usage: { input_tokens: 100, output_tokens: 1 } } });
  sse(res, 'content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
}

function endStream(res: ServerResponse, opts: { text?: string; tool?: boolean } = {}): void {
  if (opts.text) sse(res, 'content_block_delta', { index: 0, delta: { type: 'text_delta', text: opts.text } });
  sse(res, 'content_block_stop', { index: 0 });
  if (opts.tool) {
    const id = `toolu_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
    sse(res, 'content_block_start', { index: 1, content_block: { type: 'tool_use', id, name: 'Bash', input: {} } });
    sse(res, 'content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: JSON.stringify(BASH) } });
    sse(res, 'content_block_stop', { index: 1 });
  }
  const stop_reason = opts.tool ? 'tool_use' : 'end_turn';
  sse(res, 'message_delta', { delta: { stop_reason, stop_sequence: null }, usage: { output_tokens: 500 } });
  sse(res, 'message_stop', {});
  res.end();
}

export interface SlowApi {
  url: string;
  /** Main turns streaming now. */
  streaming(): number;
  /** Bash calls asked for, and tool results received, since the start. */
  toolCalls(): number;
  toolResults(): number;
  /** Tool results marked `is_error` (a denied or failed Bash call). */
  toolErrors(): number;
  /** Holds every main turn from now on (`tools`: with a Bash call every second). */
  hold(mode: 'text' | 'tools'): void;
  /** Ends the turns streaming now, and answers later ones at once. */
  release(): void;
  close(): void;
}

export async function slowApi(): Promise<SlowApi> {
  const open = new Map<ServerResponse, number>();
  let mode: 'text' | 'tools' | 'released' = 'text';
  let word = 0;
  let calls = 0;
  let results = 0;
  let errors = 0;
  const next = (): string => {
    let s = '';
    while (s.length < CHARS_PER_TICK) s += `${WORDS[word++ % WORDS.length]}${word % 23 === 0 ? '.\n\n' : ' '}`;
    return s;
  };
  const timer = setInterval(() => {
    for (const [res, ticks] of open) {
      if (mode === 'tools' && ticks >= TOOL_EVERY_TICKS) {
        open.delete(res);
        calls++;
        endStream(res, { tool: true });
        continue;
      }
      sse(res, 'content_block_delta', { index: 0, delta: { type: 'text_delta', text: next() } });
      open.set(res, ticks + 1);
    }
  }, TICK_MS);
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = (chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}) as MessagesBody;
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages') || req.url.includes('count_tokens')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ input_tokens: 100, data: [], has_more: false }));
    }
    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      const msg = { id: 'msg_side', type: 'message', role: 'assistant', content: [{ type: 'text', text: 'OK' }] };
      return res.end(JSON.stringify({ ...msg, model: body.model, stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } }));
    }
    startStream(res, body.model ?? 'claude-fake');
    const last = body.messages?.at(-1)?.content;
    if (Array.isArray(last) && last.some((b) => b.type === 'tool_result')) results++;
    if (Array.isArray(last) && last.some((b) => b.type === 'tool_result' && b.is_error === true)) errors++;
    if (isSideRequest(body) || mode === 'released') return endStream(res, { text: 'Done.' });
    open.set(res, 0);
    res.on('close', () => open.delete(res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    streaming: () => open.size,
    toolCalls: () => calls,
    toolResults: () => results,
    toolErrors: () => errors,
    hold: (m) => {
      mode = m;
    },
    release: () => {
      mode = 'released';
      for (const res of open.keys()) endStream(res);
      open.clear();
    },
    close: () => {
      clearInterval(timer);
      server.closeAllConnections();
      server.close();
    },
  };
}
