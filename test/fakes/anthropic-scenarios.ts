/**
 * Ready-made scenarios for the fake Anthropic API. Each decides its next step from the number of tool_result
 * blocks already in the conversation (never from wording), so a denied or failed tool still moves it on.
 */
import { isAbsolute, join } from 'node:path';
import { countToolResults, type MessagesBody, type Reply, type Scenario, type ToolCall, type Usage } from './anthropic-api.js';

export interface TaskScenarioOptions {
  /** Files to write, path (relative to the working directory, or absolute) → content. One Write call each. */
  files: Record<string, string>;
  commitMessage: string;
  /** Appended (Bash `cat >>`) to `file` before the commit. */
  handoff?: { file: string; text: string };
  /** Working directory; default: read from the system prompt ("Primary working directory: …"). */
  cwd?: string;
  /** The final answer. */
  finalText?: string;
  /** Usage reported for every reply; default 100 in / 20 out. */
  usage?: Partial<Usage>;
}

function systemText(body: MessagesBody): string {
  const s = body.system;
  if (typeof s === 'string') return s;
  return (s ?? []).map((b) => b.text).join('\n');
}

/** The working directory Claude states in its prompt ("Primary working directory: …", a system or message block). */
export function workingDirOf(body: MessagesBody): string | undefined {
  const texts = [systemText(body)];
  for (const m of body.messages ?? []) {
    if (typeof m.content === 'string') texts.push(m.content);
    else for (const b of m.content) if (typeof b.text === 'string') texts.push(b.text);
  }
  return /(?:Primary working directory|Working directory):[ \t]*([^\n]+)/.exec(texts.join('\n'))?.[1]?.trim();
}

const shellQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/** Writes `files`, appends a handoff section, commits everything, then answers `finalText`. */
export function taskScenario(opts: TaskScenarioOptions): Scenario {
  return (body) => {
    const cwd = opts.cwd ?? workingDirOf(body);
    // Never guess: a wrong directory would write into whatever checkout the test runs from.
    if (!cwd) return { kind: 'error', status: 400, message: 'taskScenario: no working directory in the request; pass cwd' };
    const abs = (p: string): string => (isAbsolute(p) ? p : join(cwd, p));
    const steps: ToolCall[] = Object.entries(opts.files).map(([path, content]) => ({
      name: 'Write',
      input: { file_path: abs(path), content },
    }));
    if (opts.handoff) {
      const text = opts.handoff.text.endsWith('\n') ? opts.handoff.text : `${opts.handoff.text}\n`;
      const command = `cat >> ${shellQuote(opts.handoff.file)} <<'MSTUI_HANDOFF_EOF'\n${text}MSTUI_HANDOFF_EOF`;
      steps.push({ name: 'Bash', input: { command, description: 'Append the handoff section' } });
    }
    const commit = `git add -A && git commit -q -m ${shellQuote(opts.commitMessage)}`;
    steps.push({ name: 'Bash', input: { command: commit, description: 'Commit the work' } });
    const step = steps[countToolResults(body)];
    const usage = opts.usage;
    if (step) return { kind: 'tools', calls: [step], text: `Step: ${step.name}`, ...(usage ? { usage } : {}) } satisfies Reply;
    return { kind: 'text', text: opts.finalText ?? 'Done: files written, handoff appended and committed.', ...(usage ? { usage } : {}) };
  };
}

/** One Bash call (`command`), then a final text: enough to raise a permission dialog. */
export function bashThenDone(command: string, finalText = 'Done.'): Scenario {
  return (body) =>
    countToolResults(body) === 0
      ? { kind: 'tools', calls: [{ name: 'Bash', input: { command, description: 'Run a command' } }] }
      : { kind: 'text', text: finalText };
}

/** Answers every main request with `text`. */
export const textScenario =
  (text: string): Scenario =>
  () => ({ kind: 'text', text });
