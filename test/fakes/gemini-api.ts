/**
 * An in-process fake of the Gemini API (`POST /v1beta/models/<model>:streamGenerateContent?alt=sse`, plus
 * `:generateContent` and `:countTokens`), for driving the real `gemini` CLI offline through
 * `GOOGLE_GEMINI_BASE_URL` + `GEMINI_API_KEY`. Listens on 127.0.0.1 (port 0) only. The default script is one
 * task: the first turn answers with a `write_file` call, and once a function response is in the conversation, a
 * final text. Requests without tools (routing, next-speaker checks, summaries) are side requests: they get a
 * JSON or text answer and do not advance the script. Everything is logged in `requests`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Part = { text?: string; functionCall?: unknown; functionResponse?: unknown; [k: string]: unknown };

/** The parsed body of a generateContent call (only the fields the script looks at are typed). */
export interface FakeOptions {
  /** Delay before a scripted (not side) reply is sent, to see the busy screen. Default 0. */
  delayMs?: (n: number) => number;
}

export interface GenerateBody {
  contents?: { role?: string; parts?: Part[] }[];
  tools?: { functionDeclarations?: { name: string }[] }[];
  generationConfig?: { responseJsonSchema?: unknown; responseSchema?: unknown; responseMimeType?: string; [k: string]: unknown };
  [k: string]: unknown;
}

export type ModelPart = { text: string } | { functionCall: { name: string; args: Record<string, unknown> } };

export type GeminiScript = (body: GenerateBody, n: number) => ModelPart[];

export interface GeminiRequest {
  method: string;
  path: string;
  /** `streamGenerateContent`, `generateContent`, `countTokens`… (the part after the colon). */
  action: string;
  body: unknown;
  /** 0-based index among the script's calls; undefined for side requests and other paths. */
  n?: number;
  side?: boolean;
  status: number;
}

export interface FakeGemini {
  /** Base URL for GOOGLE_GEMINI_BASE_URL, e.g. http://127.0.0.1:41234 */
  url: string;
  requests: GeminiRequest[];
  close(): Promise<void>;
}

export const toolNames = (body: GenerateBody): string[] =>
  (body.tools ?? []).flatMap((t) => (t.functionDeclarations ?? []).map((d) => d.name));

export function isSideRequest(body: GenerateBody): boolean {
  return toolNames(body).length === 0;
}

/** Function responses already in the conversation: the script's progress, independent of wording. */
export function countFunctionResponses(body: GenerateBody): number {
  return (body.contents ?? []).reduce((n, c) => n + (c.parts ?? []).filter((p) => p.functionResponse).length, 0);
}

/** A call that writes `file` (relative to the workspace) with `content`, through the tool the request offers. */
export function writeFileCall(body: GenerateBody, file: string, content: string): ModelPart {
  if (toolNames(body).includes('write_file') || !toolNames(body).includes('run_shell_command'))
    return { functionCall: { name: 'write_file', args: { file_path: file, content: `${content}\n` } } };
  return { functionCall: { name: 'run_shell_command', args: { command: `printf '%s\\n' '${content}' > '${file}'` } } };
}

export interface WriteFileScriptOptions {
  file?: string;
  content?: string;
  done?: string;
  /** Use run_shell_command instead of write_file (shell commands ask for approval in the default mode). */
  shell?: boolean;
}

/** One task: write `file`, then say `done`. */
export function writeFileScript(opts: WriteFileScriptOptions = {}): GeminiScript {
  const { file = 'hello.txt', content = 'hi', done = 'Wrote the file.' } = opts;
  return (body) => {
    if (countFunctionResponses(body) > 0) return [{ text: done }];
    if (opts.shell) return [{ functionCall: { name: 'run_shell_command', args: { command: `printf '%s\\n' '${content}' > '${file}'` } } }];
    return [writeFileCall(body, file, content)];
  };
}

type Schema = { type?: string; properties?: Record<string, Schema>; enum?: unknown[]; items?: Schema };

/** A value that satisfies a (simple) JSON schema: the side requests' structured answers. */
export function sampleOf(schema: Schema | undefined): unknown {
  if (!schema) return {};
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type?.toLowerCase()) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sampleOf(v)]));
    case 'array':
      return [];
    case 'string':
      return 'ok';
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    default:
      return {};
  }
}

function sideReply(body: GenerateBody): ModelPart[] {
  const schema = body.generationConfig?.responseJsonSchema ?? body.generationConfig?.responseSchema;
  if (schema || body.generationConfig?.responseMimeType === 'application/json')
    return [{ text: JSON.stringify(sampleOf(schema as Schema)) }];
  return [{ text: 'OK' }];
}

const USAGE = { promptTokenCount: 100, candidatesTokenCount: 20, totalTokenCount: 120 };

function chunkOf(parts: ModelPart[]): unknown {
  return {
    candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
    usageMetadata: USAGE,
    modelVersion: 'gemini-fake',
  };
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

/** `/v1beta/models/gemini-x:streamGenerateContent` → `streamGenerateContent`. */
const actionOf = (path: string): string => /:(\w+)$/.exec(path)?.[1] ?? '';

export async function startFakeGemini(script: GeminiScript = writeFileScript(), opts: FakeOptions = {}): Promise<FakeGemini> {
  const requests: GeminiRequest[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const action = actionOf(url.pathname);
      const entry: GeminiRequest = { method: req.method ?? 'GET', path: url.pathname, action, body, status: 200 };
      requests.push(entry);
      const gb = (body ?? {}) as GenerateBody;
      if (req.method === 'POST' && (action === 'streamGenerateContent' || action === 'generateContent')) {
        let parts: ModelPart[];
        if (isSideRequest(gb)) {
          entry.side = true;
          parts = sideReply(gb);
        } else {
          entry.n = n++;
          parts = script(gb, entry.n);
          const delayMs = opts.delayMs?.(entry.n) ?? 0;
          if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        }
        if (action === 'generateContent') return sendJson(res, 200, chunkOf(parts));
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.end(`data: ${JSON.stringify(chunkOf(parts))}\r\n\r\n`);
      } else if (req.method === 'POST' && action === 'countTokens') {
        sendJson(res, 200, { totalTokens: Math.ceil(JSON.stringify(body ?? '').length / 4) });
      } else {
        entry.status = 404;
        sendJson(res, 404, { error: { code: 404, message: `fake: no ${req.method} ${url.pathname}`, status: 'NOT_FOUND' } });
      }
    })().catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 500, message: String(e), status: 'INTERNAL' } });
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
