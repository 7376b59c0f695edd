/**
 * An in-process fake of the Anthropic Messages API, for driving the real `claude` binary offline.
 * Listens on 127.0.0.1 (port 0) only. A scenario decides each main-loop reply from the request; Claude's
 * internal side requests (titles, quota checks, summaries: requests without tools; 2.1.328 sent none with
 * CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1) get short plain text and do not advance the scenario. Every reply's
 * usage is chosen by the scenario and summed in `usageTotals`. What 2.1.328 really sends and shows:
 * test/fixtures/claude-2.1.328/README.md.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export { type TaskScenarioOptions, taskScenario } from './anthropic-scenarios.js';

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

export interface ToolCall {
  name: string;
  input: Record<string, unknown>;
  id?: string;
}

export type Reply =
  | { kind: 'text'; text: string; usage?: Partial<Usage> }
  | { kind: 'tools'; calls: ToolCall[]; text?: string; usage?: Partial<Usage> }
  /** An HTTP error as Anthropic sends it: `{"type":"error","error":{"type":errorType,"message":...}}`. */
  | { kind: 'error'; status: number; errorType?: string; message?: string; headers?: Record<string, string> };

/** The parsed body of `POST /v1/messages` (only the fields scenarios look at are typed). */
export interface MessagesBody {
  model?: string;
  stream?: boolean;
  max_tokens?: number;
  system?: string | { type: string; text: string }[];
  tools?: { name: string }[];
  messages?: { role: string; content: string | { type: string; [k: string]: unknown }[] }[];
  [k: string]: unknown;
}

export type Scenario = (body: MessagesBody, n: number) => Reply;

export interface LoggedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** 'main' = answered by the scenario (n is its 0-based index), 'side' = internal side request, 'other' = not /v1/messages. */
  kind: 'main' | 'side' | 'other';
  n?: number;
  status: number;
  /** Date.now() when the request arrived (retry spacing, ordering against hook events). */
  at: number;
}

export interface FakeAnthropic {
  /** Base URL for ANTHROPIC_BASE_URL, e.g. http://127.0.0.1:41234 */
  url: string;
  requests: LoggedRequest[];
  /** Sum of the usage reported in main (scenario) replies. */
  usageTotals: Usage;
  /** Sum of the usage reported in side replies (kept apart: they never reach the transcript). */
  sideUsageTotals: Usage;
  close(): Promise<void>;
}

export interface FakeOptions {
  /** Decides side requests; default: a short text with zero usage. */
  side?: (body: MessagesBody) => Reply;
  /** Delay before the reply is sent (e.g. to see the busy screen). Default 0. */
  delayMs?: (body: MessagesBody, n: number) => number;
}

/** Claude's own side requests carry no tools (title generation, haiku quota check, summaries). */
export function isSideRequest(body: MessagesBody): boolean {
  return !Array.isArray(body.tools) || body.tools.length === 0;
}

/** Counts tool_result blocks in the whole conversation: the scenario's progress, independent of wording. */
export function countToolResults(body: MessagesBody): number {
  let n = 0;
  for (const m of body.messages ?? []) {
    if (Array.isArray(m.content)) n += m.content.filter((b) => b.type === 'tool_result').length;
  }
  return n;
}

const ZERO: Usage = { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
const DEFAULT_USAGE: Usage = { input_tokens: 100, output_tokens: 20, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

function addUsage(into: Usage, u: Usage): void {
  into.input_tokens += u.input_tokens;
  into.output_tokens += u.output_tokens;
  into.cache_read_input_tokens += u.cache_read_input_tokens;
  into.cache_creation_input_tokens += u.cache_creation_input_tokens;
}

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

function blocksOf(reply: Exclude<Reply, { kind: 'error' }>): Block[] {
  if (reply.kind === 'text') return [{ type: 'text', text: reply.text }];
  const text: Block[] = reply.text ? [{ type: 'text', text: reply.text }] : [];
  return [...text, ...reply.calls.map((c): Block => ({ type: 'tool_use', id: c.id ?? toolId(), name: c.name, input: c.input }))];
}

const toolId = (): string => `toolu_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
const msgId = (): string => `msg_${randomUUID().replaceAll('-', '').slice(0, 24)}`;

function sse(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Streams a message as Anthropic does: message_start (usage, output 1) … message_delta (final usage) … message_stop. */
function streamMessage(res: ServerResponse, model: string, blocks: Block[], stopReason: string, usage: Usage): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_${randomUUID()}` });
  const message = { id: msgId(), type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null };
  sse(res, 'message_start', { type: 'message_start', message: { ...message, usage: { ...usage, output_tokens: 1 } } });
  sse(res, 'ping', { type: 'ping' });
  blocks.forEach((b, index) => {
    if (b.type === 'text') {
      sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: b.text } });
    } else {
      const start = { type: 'tool_use', id: b.id, name: b.name, input: {} };
      sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: start });
      const json = JSON.stringify(b.input);
      const mid = Math.floor(json.length / 2);
      for (const part of [json.slice(0, mid), json.slice(mid)]) {
        sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part } });
      }
    }
    sse(res, 'content_block_stop', { type: 'content_block_stop', index });
  });
  sse(res, 'message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage });
  sse(res, 'message_stop', { type: 'message_stop' });
  res.end();
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomUUID()}`, ...headers });
  res.end(JSON.stringify(body));
}

function sendReply(res: ServerResponse, body: MessagesBody, reply: Reply): Usage {
  if (reply.kind === 'error') {
    const type = reply.errorType ?? ERROR_TYPES[reply.status] ?? 'api_error';
    const error = { type: 'error', error: { type, message: reply.message ?? type.replaceAll('_', ' ') } };
    sendJson(res, reply.status, error, reply.headers);
    return ZERO;
  }
  const usage: Usage = { ...DEFAULT_USAGE, ...reply.usage };
  const blocks = blocksOf(reply);
  const stopReason = reply.kind === 'tools' && reply.calls.length > 0 ? 'tool_use' : 'end_turn';
  const model = body.model ?? 'claude-fake';
  if (body.stream) {
    streamMessage(res, model, blocks, stopReason, usage);
  } else {
    const message = { id: msgId(), type: 'message', role: 'assistant', model, content: blocks, stop_reason: stopReason };
    sendJson(res, 200, { ...message, stop_sequence: null, usage });
  }
  return usage;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A 429 as the subscription gateway sends it; `resetEpochS` lands in anthropic-ratelimit-unified-reset. */
export function rateLimited(resetEpochS: number, retryAfterS = 1): Reply {
  const headers = {
    'retry-after': String(retryAfterS),
    'anthropic-ratelimit-unified-status': 'rejected',
    'anthropic-ratelimit-unified-reset': String(resetEpochS),
  };
  return { kind: 'error', status: 429, message: 'Number of request tokens has exceeded your rate limit', headers };
}

export async function startFakeAnthropic(scenario: Scenario, opts: FakeOptions = {}): Promise<FakeAnthropic> {
  const requests: LoggedRequest[] = [];
  const usageTotals: Usage = { ...ZERO };
  const sideUsageTotals: Usage = { ...ZERO };
  let n = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const entry: LoggedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        headers: req.headers,
        body,
        kind: 'other',
        status: 200,
        at: Date.now(),
      };
      requests.push(entry);
      if (req.method === 'POST' && url.pathname === '/v1/messages') {
        const mb = (body ?? {}) as MessagesBody;
        if (isSideRequest(mb)) {
          entry.kind = 'side';
          const reply = opts.side?.(mb) ?? { kind: 'text', text: 'OK', usage: ZERO };
          entry.status = reply.kind === 'error' ? reply.status : 200;
          addUsage(sideUsageTotals, sendReply(res, mb, reply));
          return;
        }
        entry.kind = 'main';
        entry.n = n++;
        const reply = scenario(mb, entry.n);
        const delayMs = opts.delayMs?.(mb, entry.n) ?? 0;
        if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        entry.status = reply.kind === 'error' ? reply.status : 200;
        addUsage(usageTotals, sendReply(res, mb, reply));
      } else if (req.method === 'POST' && url.pathname === '/v1/messages/count_tokens') {
        sendJson(res, 200, { input_tokens: Math.ceil(JSON.stringify(body ?? '').length / 4) });
      } else if (url.pathname === '/v1/models' || url.pathname.startsWith('/v1/models/')) {
        const model = { type: 'model', id: 'claude-fake', display_name: 'Fake', created_at: '2026-01-01T00:00:00Z' };
        sendJson(res, 200, { data: [model], has_more: false, first_id: model.id, last_id: model.id });
      } else {
        entry.status = 404;
        sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: `fake: no ${req.method} ${url.pathname}` } });
      }
    })().catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { type: 'error', error: { type: 'api_error', message: String(e) } });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    usageTotals,
    sideUsageTotals,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
