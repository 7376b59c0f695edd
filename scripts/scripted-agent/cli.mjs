/** Command line and prompt parsing for the scripted agent (same flags as `claude`). */

/** Flags of the real CLI that take a value; any other flag is a switch (`--name=value` works for all). */
const VALUE_FLAGS = new Set([
  '--session-id',
  '--resume',
  '-r',
  '--settings',
  '--permission-mode',
  '--model',
  '--fallback-model',
  '--append-system-prompt',
  '--system-prompt',
  '--add-dir',
  '--allowedTools',
  '--allowed-tools',
  '--disallowedTools',
  '--disallowed-tools',
  '--mcp-config',
  '--output-format',
  '--input-format',
  '--setting-sources',
  '--agents',
  '--agent',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s) => typeof s === 'string' && UUID.test(s);

/** `--permission-mode` values of 2.1; without the flag the mode is `auto`, 2.1's default. */
export const PERMISSION_MODES = ['default', 'acceptEdits', 'plan', 'auto', 'dontAsk', 'bypassPermissions'];

/**
 * `[--session-id UUID] [--resume ID] [--settings FILE|JSON] [--permission-mode M] [--model X] [-p|--print] ["prompt"]`.
 * `-p` (as `claude -p`): one turn for the prompt, then exit 0. Unknown flags are ignored; the prompt is the last positional argument.
 */
export function parseArgs(argv) {
  const opts = { sessionId: null, resume: null, settings: null, permissionMode: 'auto', model: null, prompt: null, print: false };
  const positionals = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    let value = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (value === undefined && VALUE_FLAGS.has(name)) {
      value = argv[i + 1];
      i++;
    }
    if (name === '--session-id') opts.sessionId = value ?? null;
    else if (name === '--resume' || name === '-r') opts.resume = value ?? null;
    else if (name === '--settings') opts.settings = value ?? null;
    else if (name === '--permission-mode') opts.permissionMode = value ?? '';
    else if (name === '--dangerously-skip-permissions') opts.permissionMode = 'bypassPermissions';
    else if (name === '--model') opts.model = value ?? null;
    else if (name === '-p' || name === '--print') opts.print = true;
  }
  opts.prompt = positionals.length > 0 ? (positionals.at(-1) ?? null) : null;
  return opts;
}

const TASK_LINE = /^[\t >*_#-]*Task:[*_]*[ \t]+`?([^\s`*]+)`?[ \t]+(?:—|–|--?)[ \t]+(.+?)[ \t]*$/im;
const HANDOFF_LINE = /^[\t >*_#-]*Handoff file:[*_]*[ \t]+(.+?)[ \t]*$/im;

const unquote = (s) => s.replace(/^[`'"*_]+|[`'"*_]+$/g, '').trim();

/** Finds `Task: <id> — <title>` (em/en dash or hyphen) and `Handoff file: <path>` in a prompt. */
export function parsePrompt(text) {
  const task = TASK_LINE.exec(text ?? '');
  const handoff = HANDOFF_LINE.exec(text ?? '');
  if (!task?.[1] || !task[2]) return { task: null };
  const validation = /\bVALIDATION task\b/.test(text);
  return { task: { id: task[1], title: unquote(task[2]), handoff: handoff?.[1] ? unquote(handoff[1]) : null, validation } };
}
