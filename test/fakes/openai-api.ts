/**
 * An in-process fake of the OpenAI Responses API (`POST /v1/responses`, streaming SSE), for driving the real
 * `codex` binary offline through a custom model provider (`wire_api = "responses"`; Codex 0.169 refuses
 * `wire_api = "chat"`). Listens on 127.0.0.1 (port 0) only. The default script is one task: the first turn
 * answers with a tool call that writes a file (through whichever shell tool the request offers), and once a tool
 * output is in the input, a final text. Everything is logged in `requests`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The parsed body of `POST /v1/responses` (only the fields the script looks at are typed). */
export interface FakeOptions {
  /** Delay before a scripted (not side) reply is sent, to see the busy screen. Default 0. */
  delayMs?: (n: number) => number;
}

export interface ResponsesBody {
  model?: string;
  stream?: boolean;
  tools?: { type: string; name?: string }[];
  input?: { type?: string; role?: string; [k: string]: unknown }[];
  [k: string]: unknown;
}

export type OutputItem =
  | { type: 'message'; text: string }
  | { type: 'function_call'; name: string; arguments: Record<string, unknown> }
  | { type: 'custom_tool_call'; name: string; input: string };

export type ResponsesScript = (body: ResponsesBody, n: number) => OutputItem[];

export interface OpenAiRequest {
  method: string;
  path: string;
  body: unknown;
  /** 0-based index among the script's `POST /v1/responses` calls; undefined for side requests and other paths. */
  n?: number;
  side?: boolean;
  status: number;
}

export interface FakeOpenAi {
  /** Base URL for a model provider's `base_url`, e.g. http://127.0.0.1:41234/v1 */
  url: string;
  requests: OpenAiRequest[];
  close(): Promise<void>;
}

/** Tool outputs already in the conversation: the script's progress, independent of wording. */
export function countToolOutputs(body: ResponsesBody): number {
  return (body.input ?? []).filter((i) => i.type === 'function_call_output' || i.type === 'custom_tool_call_output').length;
}

const toolNames = (body: ResponsesBody): string[] => (body.tools ?? []).map((t) => t.name ?? '').filter(Boolean);

/**
 * A call that writes `file` with `content` in the working directory, using the first shell tool the request
 * offers (Codex renames its tools between releases: `exec_command`, `shell_command`, `shell`, `apply_patch`).
 */
export function writeFileCall(body: ResponsesBody, file: string, content: string): OutputItem {
  const names = toolNames(body);
  const script = `printf '%s\\n' '${content}' > '${file}'`;
  if (names.includes('exec_command')) return { type: 'function_call', name: 'exec_command', arguments: { cmd: script } };
  if (names.includes('shell_command')) return { type: 'function_call', name: 'shell_command', arguments: { command: script } };
  if (names.includes('shell')) return { type: 'function_call', name: 'shell', arguments: { command: ['bash', '-lc', script] } };
  const patch = `*** Begin Patch\n*** Add File: ${file}\n+${content}\n*** End Patch\n`;
  const custom = body.tools?.find((t) => t.name === 'apply_patch')?.type === 'custom';
  if (custom) return { type: 'custom_tool_call', name: 'apply_patch', input: patch };
  return { type: 'function_call', name: 'apply_patch', arguments: { input: patch } };
}

/**
 * Codex's side requests carry no tools: the thread title (a `json_schema` text format asking for `{"title"}`),
 * summaries. They get a short answer and do not advance the script.
 */
export function isSideRequest(body: ResponsesBody): boolean {
  return !Array.isArray(body.tools) || body.tools.length === 0;
}

function sideReply(body: ResponsesBody): OutputItem[] {
  const format = (body.text as { format?: { type?: string } } | undefined)?.format;
  return [{ type: 'message', text: format?.type === 'json_schema' ? JSON.stringify({ title: 'Write the file' }) : 'OK' }];
}

export interface WriteFileScriptOptions {
  file?: string;
  content?: string;
  done?: string;
  /** Ask to run the command outside the sandbox (`sandbox_permissions: "require_escalated"`): an approval prompt. */
  escalate?: boolean;
}

/** One task: write `file`, then say `done`. */
export function writeFileScript(opts: WriteFileScriptOptions = {}): ResponsesScript {
  const { file = 'hello.txt', content = 'hi', done = 'Wrote the file.' } = opts;
  return (body) => {
    if (countToolOutputs(body) > 0) return [{ type: 'message', text: done }];
    const call = writeFileCall(body, file, content);
    if (opts.escalate && call.type === 'function_call' && call.name === 'exec_command')
      call.arguments = { ...call.arguments, sandbox_permissions: 'require_escalated', justification: `Write ${file}?` };
    return [call];
  };
}

const id = (prefix: string): string => `${prefix}_${randomUUID().replaceAll('-', '')}`;

function toWire(item: OutputItem): Record<string, unknown> {
  if (item.type === 'message')
    return {
      type: 'message',
      id: id('msg'),
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: item.text, annotations: [] }],
    };
  if (item.type === 'custom_tool_call')
    return { type: 'custom_tool_call', id: id('ctc'), call_id: id('call'), name: item.name, input: item.input, status: 'completed' };
  return {
    type: 'function_call',
    id: id('fc'),
    call_id: id('call'),
    name: item.name,
    arguments: JSON.stringify(item.arguments),
    status: 'completed',
  };
}

function sse(res: ServerResponse, data: { type: string; [k: string]: unknown }): void {
  res.write(`event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`);
}

const USAGE = {
  input_tokens: 100,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: 20,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: 120,
};

/** created → (text deltas) → output_item.done per item → completed, as the Responses API streams. */
function streamResponse(res: ServerResponse, model: string, items: OutputItem[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': id('req') });
  const response = {
    id: id('resp'),
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    model,
    status: 'in_progress',
    output: [],
  };
  sse(res, { type: 'response.created', sequence_number: 0, response });
  const output = items.map(toWire);
  output.forEach((item, output_index) => {
    sse(res, { type: 'response.output_item.added', output_index, item: { ...item, status: 'in_progress' } });
    if (item.type === 'message') {
      const text = (items[output_index] as { text: string }).text;
      sse(res, { type: 'response.output_text.delta', item_id: item.id, output_index, content_index: 0, delta: text });
      sse(res, { type: 'response.output_text.done', item_id: item.id, output_index, content_index: 0, text });
    }
    sse(res, { type: 'response.output_item.done', output_index, item });
  });
  sse(res, { type: 'response.completed', response: { ...response, status: 'completed', output, usage: USAGE } });
  res.end();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
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

export async function startFakeOpenAi(script: ResponsesScript = writeFileScript(), opts: FakeOptions = {}): Promise<FakeOpenAi> {
  const requests: OpenAiRequest[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const entry: OpenAiRequest = { method: req.method ?? 'GET', path: url.pathname, body, status: 200 };
      requests.push(entry);
      if (req.method === 'POST' && url.pathname === '/v1/responses') {
        const rb = (body ?? {}) as ResponsesBody;
        let items: OutputItem[];
        if (isSideRequest(rb)) {
          entry.side = true;
          items = sideReply(rb);
        } else {
          entry.n = n++;
          items = script(rb, entry.n);
          const delayMs = opts.delayMs?.(entry.n) ?? 0;
          if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        }
        if (rb.stream === false) {
          sendJson(res, 200, {
            id: id('resp'),
            object: 'response',
            status: 'completed',
            model: rb.model,
            output: items.map(toWire),
            usage: USAGE,
          });
        } else {
          streamResponse(res, rb.model ?? 'gpt-fake', items);
        }
      } else if (req.method === 'GET' && url.pathname === '/v1/models') {
        sendJson(res, 200, { object: 'list', data: [{ id: 'gpt-fake', object: 'model', created: 0, owned_by: 'mstui' }], models: [] });
      } else {
        entry.status = 404;
        sendJson(res, 404, { error: { message: `fake: no ${req.method} ${url.pathname}`, type: 'invalid_request_error' } });
      }
    })().catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(e), type: 'server_error' } });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
