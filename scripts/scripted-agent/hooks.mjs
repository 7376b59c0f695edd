/** Claude Code style hooks: read them from `--settings`, fire them with one JSON object on stdin. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** `--settings` is a file path, or inline JSON when it starts with `{`. Throws on unreadable or invalid JSON. */
export function loadSettings(arg) {
  if (arg == null || arg === '') return { hooks: {} };
  const text = arg.trimStart().startsWith('{') ? arg : readFileSync(arg, 'utf8');
  const parsed = JSON.parse(text);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('settings must be a JSON object');
  const hooks = parsed.hooks && typeof parsed.hooks === 'object' ? parsed.hooks : {};
  return { hooks };
}

/** Which payload field a group's `matcher` is tested against; events not listed ignore matchers. */
const MATCH_FIELD = {
  PreToolUse: 'tool_name',
  PostToolUse: 'tool_name',
  PermissionRequest: 'tool_name',
  SessionStart: 'source',
  SessionEnd: 'reason',
  Notification: 'notification_type',
};

function matches(matcher, value) {
  if (matcher == null || matcher === '' || matcher === '*' || value == null) return true;
  try {
    return new RegExp(`^(?:${matcher})$`).test(String(value));
  } catch {
    return matcher === value;
  }
}

const asArray = (v) => (Array.isArray(v) ? v : []);

/**
 * `fire(event, fields, {capMs})` runs every matching command hook (`sh -c <command>`) in parallel, writes the
 * payload to its stdin and waits for all of them to exit (each up to its `timeout` seconds, default 60, or
 * `capMs`). `async: true` hooks are started but not waited for. Exit codes are ignored.
 */
export function createHooks({ settings, base, cwd, env }) {
  function run(hook, payload, capMs) {
    return new Promise((resolve) => {
      let timeoutMs = (typeof hook.timeout === 'number' && hook.timeout > 0 ? hook.timeout : 60) * 1000;
      if (capMs) timeoutMs = Math.min(timeoutMs, capMs);
      let child;
      try {
        child = spawn('sh', ['-c', hook.command], { cwd, env, stdio: ['pipe', 'ignore', 'ignore'] });
      } catch {
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      child.on('error', done);
      child.on('exit', done);
      child.stdin.on('error', () => {});
      child.stdin.end(JSON.stringify(payload));
      if (hook.async === true) resolve();
    });
  }

  async function fire(event, fields = {}, { capMs } = {}) {
    const payload = { ...base(), hook_event_name: event, ...fields };
    const field = MATCH_FIELD[event];
    const commands = [];
    for (const group of asArray(settings.hooks[event])) {
      if (field && !matches(group?.matcher, payload[field])) continue;
      for (const hook of asArray(group?.hooks)) {
        if (hook?.type === 'command' && typeof hook.command === 'string') commands.push(hook);
      }
    }
    await Promise.all(commands.map((hook) => run(hook, payload, capMs)));
  }

  return { fire };
}
