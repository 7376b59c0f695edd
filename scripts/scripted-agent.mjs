#!/usr/bin/env node
/**
 * scripted-agent: stands in for the `claude` CLI in tests and in `mstui demo` (same command line, same hooks,
 * a Claude-like classic screen); what it "does" for a task is scripted.
 *
 *   scripted-agent.mjs [--session-id UUID] [--resume ID] [--settings FILE|JSON] [--permission-mode M] [--model X] ["prompt"]
 *
 * Prompt lines: `Task: <id> — <title>` (em/en dash or ` - `) and `Handoff file: <path>` (relative to cwd).
 * Hooks fired (`sh -c`, one JSON object on stdin): SessionStart, UserPromptSubmit, PreToolUse, PermissionRequest,
 * PostToolUse, Notification, Stop, SessionEnd. Scenario: env SCRIPTED_AGENT_SCENARIO (see ./scripted-agent/scenario.mjs);
 * prompt log: env SCRIPTED_AGENT_LOG; session state: <git common dir>/scripted-agent/ or SCRIPTED_AGENT_STATE_DIR.
 * Behaviour is pinned by test/adapters/scripted-agent.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { isUuid, parseArgs, parsePrompt } from './scripted-agent/cli.mjs';
import { createHooks, loadSettings, transcriptPath } from './scripted-agent/hooks.mjs';
import { createKeyParser } from './scripted-agent/keys.mjs';
import * as repo from './scripted-agent/repo.mjs';
import { loadScenario } from './scripted-agent/scenario.mjs';
import {
  dialogBox,
  fillerLine,
  permissionDialog,
  promptBox,
  promptEcho,
  Screen,
  spinnerLine,
  trustDialog,
} from './scripted-agent/screen.mjs';
import { delay, runSteps } from './scripted-agent/steps.mjs';

const env = process.env;
const cwd = process.cwd();
const args = parseArgs(process.argv.slice(2));

function fail(message, code = 1) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

if (env.CLAUDECODE === '1') {
  fail(
    'Error: Claude Code cannot be launched inside another Claude Code session.\n' +
      'Nested sessions share runtime resources and will crash all active sessions.\n' +
      'To bypass this check, unset the CLAUDECODE environment variable.',
  );
}
if (args.sessionId && !isUuid(args.sessionId)) fail('Error: Invalid session ID. Must be a valid UUID.');
if ((process.argv.includes('--resume') || process.argv.includes('-r')) && !args.resume) fail('Error: --resume needs a session id');

let settings = { hooks: {} };
try {
  settings = loadSettings(args.settings);
} catch (e) {
  fail(`Error: Invalid --settings: ${e instanceof Error ? e.message : e}`);
}

const sessionId = args.resume ?? args.sessionId ?? randomUUID();
const stateDir = await repo.stateDir(cwd, env);
let session = args.resume ? repo.loadSession(stateDir, sessionId) : null;
if (args.resume && !session && !args.prompt) fail(`No conversation found with session ID: ${sessionId}`);
session ??= { session_id: sessionId, cwd, task: null, edited: false, committed: false, followUps: 0 };
session.task ??= parsePrompt(args.prompt).task;
const save = () => repo.saveSession(stateDir, session);
save();

const scenarioFor = () => loadScenario(session.task?.id ?? null, env);
const startScenario = (() => {
  try {
    return scenarioFor();
  } catch (e) {
    return fail(`scripted-agent: bad scenario file ${env.SCRIPTED_AGENT_SCENARIO}: ${e instanceof Error ? e.message : e}`, 2);
  }
})();

const hooks = createHooks({
  settings,
  cwd,
  env: { ...env, CLAUDE_PROJECT_DIR: cwd },
  base: () => ({
    session_id: sessionId,
    transcript_path: transcriptPath(cwd, sessionId),
    cwd,
    permission_mode: args.permissionMode,
  }),
});

/** mode: starting | working | idle | exiting. `turn` is the AbortController of the running turn. */
const A = {
  mode: 'starting',
  input: '',
  hint: null,
  hintTimer: null,
  lastCtrlC: 0,
  turn: null,
  stopping: false,
  queue: [],
  dialog: null,
  workStart: 0,
  boxWhileWorking: true,
  filler: { on: false, rate: 0, budget: 0, n: 0, last: 0 },
  ticker: null,
  idleTimer: null,
};

const screen = new Screen(process.stdout);
screen.region = (cols) => {
  if (A.dialog) return dialogBox(A.dialog, cols);
  if (A.mode === 'exiting') return { lines: [] };
  const box = promptBox(A.input, cols, A.hint ?? '  ? for shortcuts');
  if (A.mode !== 'working') return box;
  const spin = spinnerLine(Date.now() - A.workStart);
  if (!A.boxWhileWorking) return { lines: [spin] };
  return { lines: [spin, '', ...box.lines], cursor: { row: box.cursor.row + 2, col: box.cursor.col } };
};

function tick() {
  const f = A.filler;
  const now = Date.now();
  if (A.mode === 'working' && f.on && f.rate > 0 && !A.dialog) {
    f.budget = Math.min(f.budget + (f.rate * (now - f.last)) / 1000, Math.max(f.rate, 200));
    for (let line = fillerLine(f.n); f.budget >= Buffer.byteLength(line) + 2; line = fillerLine(f.n)) {
      screen.log(line);
      f.budget -= Buffer.byteLength(line) + 2;
      f.n++;
    }
  }
  f.last = now;
  screen.invalidate();
}

function startWork(sc) {
  A.mode = 'working';
  A.workStart = Date.now();
  A.boxWhileWorking = sc.promptBoxWhileWorking !== false;
  Object.assign(A.filler, { on: true, rate: Number(sc.printBytesPerSec) || 0, budget: 0, last: Date.now() });
  clearTimeout(A.idleTimer);
  A.ticker ??= setInterval(tick, 100);
  screen.invalidate();
}

function stopWork() {
  clearInterval(A.ticker);
  A.ticker = null;
  A.filler.on = false;
}

function ask(dialog) {
  return new Promise((resolve) => {
    A.dialog = { ...dialog, selected: 0, resolve };
    screen.invalidate();
  });
}

function dialogKey(key) {
  const d = A.dialog;
  const pick = (i) => {
    A.dialog = null;
    d.resolve(i);
  };
  const n = d.options.length;
  if (key.name === 'char' && /^[1-9]$/.test(key.ch) && Number(key.ch) <= n) pick(Number(key.ch) - 1);
  else if (key.name === 'enter') pick(d.selected);
  else if (key.name === 'escape' || key.name === 'ctrl-c') pick(n - 1);
  else if (key.name === 'up') d.selected = Math.max(0, d.selected - 1);
  else if (key.name === 'down') d.selected = Math.min(n - 1, d.selected + 1);
  screen.invalidate();
}

function setHint(text, ms) {
  clearTimeout(A.hintTimer);
  A.hint = text;
  A.hintTimer = setTimeout(() => {
    A.hint = null;
    screen.invalidate();
  }, ms);
}

function onKey(key) {
  if (A.mode === 'exiting') return;
  if (A.dialog) return dialogKey(key);
  if (key.name === 'char') A.input += key.ch;
  else if (key.name === 'paste') A.input += key.text;
  else if (key.name === 'backspace') A.input = Array.from(A.input).slice(0, -1).join('');
  else if (key.name === 'ctrl-u') A.input = '';
  else if (key.name === 'escape') A.turn?.abort();
  else if (key.name === 'ctrl-d' && A.input === '') void exitAgent(0, 'prompt_input_exit');
  else if (key.name === 'enter' && A.input.trim() !== '') {
    const text = A.input;
    A.input = '';
    submit(text);
  } else if (key.name === 'ctrl-c') {
    if (A.turn) A.turn.abort();
    else if (A.input !== '') A.input = '';
    else if (Date.now() - A.lastCtrlC <= 2000) void exitAgent(0, 'prompt_input_exit');
    else {
      A.lastCtrlC = Date.now();
      setHint('  Press Ctrl-C again to exit', 2000);
    }
  }
  screen.invalidate();
}

/** A typed prompt: queued while busy; the first one carrying a `Task:` line starts the task. */
function submit(text) {
  if (A.turn || A.stopping || A.mode !== 'idle') {
    A.queue.push(text);
    return;
  }
  let kind = 'follow-up';
  if (!session.task) {
    session.task = parsePrompt(text).task;
    if (session.task) {
      save();
      kind = 'initial';
    }
  }
  void turn(kind, text);
}

function drainQueue() {
  if (A.mode === 'idle' && !A.turn && !A.stopping && A.queue.length > 0) {
    const text = A.queue.splice(0).join('\n');
    setImmediate(() => submit(text));
  }
}

function logPrompt(kind, prompt) {
  if (!env.SCRIPTED_AGENT_LOG) return;
  const entry = { ts: new Date().toISOString(), session_id: sessionId, task: session.task?.id ?? null, kind, prompt };
  try {
    appendFileSync(env.SCRIPTED_AGENT_LOG, `${JSON.stringify(entry)}\n`);
  } catch {
    // a log is best effort
  }
}

function armIdle(sc) {
  clearTimeout(A.idleTimer);
  const ms = Number(sc.idleNotifyMs);
  if (!(ms > 0)) return;
  A.idleTimer = setTimeout(() => {
    if (A.mode === 'idle' && !A.turn) {
      void hooks.fire('Notification', { message: 'Claude is waiting for your input', notification_type: 'idle_prompt' });
    }
  }, ms);
}

/** Runs one tool step between PreToolUse and PostToolUse hooks (exit codes are not honoured). */
async function tool(tool_name, tool_input, fn) {
  const tool_use_id = `toolu_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  await hooks.fire('PreToolUse', { tool_name, tool_input, tool_use_id });
  const result = await fn();
  await hooks.fire('PostToolUse', { tool_name, tool_input, tool_response: result ?? {}, tool_use_id });
  return result;
}

/** Ends a turn: idle screen, then the Stop hook; prompts typed before the hook returns run after it. */
async function stop(message, sc) {
  stopWork();
  A.mode = 'idle';
  A.turn = null;
  A.stopping = true;
  screen.log(`⏺ ${message}`, '');
  try {
    await hooks.fire('Stop', { stop_hook_active: false, last_assistant_message: message });
  } finally {
    A.stopping = false;
  }
  armIdle(sc);
}

/** The mid-work Bash step that needs permission (PreToolUse, PermissionRequest + dialog, PostToolUse when allowed). */
async function permissionStep(sc) {
  const input = { command: String(sc.permissionCommand), description: 'Run the test suite' };
  const tool_use_id = `toolu_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  screen.log(`⏺ Bash(${input.command})`);
  await hooks.fire('PreToolUse', { tool_name: 'Bash', tool_input: input, tool_use_id });
  let allowed = args.permissionMode === 'bypassPermissions';
  if (args.permissionMode === 'dontAsk') screen.log('  ⎿ denied: not pre-approved (dontAsk)');
  else if (!allowed) {
    const choice = ask(permissionDialog(input.command, input.description));
    const notifyMs = Number(sc.permissionNotifyMs);
    const notification = { message: 'Claude needs your permission to use Bash', notification_type: 'permission_prompt' };
    const notify = notifyMs > 0 ? setTimeout(() => A.dialog && void hooks.fire('Notification', notification), notifyMs) : undefined;
    const [index] = await Promise.all([choice, hooks.fire('PermissionRequest', { tool_name: 'Bash', tool_input: input })]);
    clearTimeout(notify);
    allowed = index === 0;
    if (!allowed) screen.log('  ⎿ the user said no; continuing without running it');
  }
  if (allowed) {
    screen.log('  ⎿ 3 passed');
    const tool_response = { stdout: '3 passed', stderr: '', interrupted: false };
    await hooks.fire('PostToolUse', { tool_name: 'Bash', tool_input: input, tool_response, tool_use_id });
  }
  return allowed;
}

/** kind: initial (first prompt of the task) | follow-up | resume (prompt-less --resume with work left). */
async function turn(kind, prompt) {
  const ctl = new AbortController();
  const signal = ctl.signal;
  A.turn = ctl;
  let sc = startScenario;
  try {
    sc = scenarioFor();
  } catch (e) {
    screen.log(`  ⎿ scripted-agent: bad scenario file: ${e instanceof Error ? e.message : e}`);
  }
  const initial = kind === 'initial';
  try {
    if (initial && sc.stallMs > 0) screen.mute(true);
    if (prompt != null) {
      logPrompt(kind, prompt);
      screen.log(...promptEcho(prompt));
    }
    startWork(sc);
    if (prompt != null) await hooks.fire('UserPromptSubmit', { prompt });
    if (initial && sc.stallMs > 0) {
      await delay(sc.hang ? Number.POSITIVE_INFINITY : sc.stallMs, signal);
      screen.mute(false);
      startWork(sc);
    }
    const ms = Math.max(0, Number(initial ? sc.durationMs : sc.followUpMs) || 0);
    if (initial && sc.askPermission) {
      await delay(ms / 2, signal);
      await permissionStep(sc);
      await delay(ms / 2, signal);
    } else await delay(ms, signal);
    if (initial && sc.hang) {
      A.filler.on = false;
      await delay(Number.POSITIVE_INFINITY, signal);
    }
    if (initial && sc.exitCode != null) {
      screen.log(`  ⎿ Error: the session crashed (exit ${sc.exitCode})`);
      await exitAgent(Number(sc.exitCode), 'other');
      return;
    }
    const message = session.task
      ? await runSteps({ session, kind, sc, cwd, signal, log: (...l) => screen.log(...l), save, tool, prompt })
      : 'Understood. There is no "Task:" line in that prompt, so there is nothing to do.';
    await stop(message, sc);
  } catch (e) {
    stopWork();
    screen.mute(false);
    if (A.mode === 'exiting') return;
    A.mode = 'idle';
    if (signal.aborted) {
      A.turn = null;
      screen.log('  ⎿ Interrupted · What should Claude do instead?', '');
      A.input = [...A.queue.splice(0), A.input].filter(Boolean).join('\n');
    } else await stop(`API Error: ${e instanceof Error ? e.message : e}`, sc);
  } finally {
    if (A.turn === ctl) A.turn = null;
    screen.invalidate();
    drainQueue();
  }
}

let restoreTty = () => {};

async function exitAgent(code, reason) {
  if (A.mode === 'exiting') return;
  A.mode = 'exiting';
  A.dialog = null;
  stopWork();
  clearTimeout(A.idleTimer);
  clearTimeout(A.hintTimer);
  screen.finish();
  await hooks.fire('SessionEnd', { reason }, { capMs: 1500 });
  restoreTty();
  process.exit(code);
}

async function resumeWithoutPrompt() {
  const t = session.task;
  if (!t) return stop('Resumed. What should I work on?', startScenario);
  const finished = t.handoff ? repo.handoffHasSection(repo.readText(cwd, t.handoff), t.id) : session.edited;
  if (finished && !(await repo.isDirty(cwd))) return stop(`Task ${t.id} (${t.title}) is already complete.`, startScenario);
  await turn('resume', null);
}

// --- start-up ---
const parser = createKeyParser(onKey);
if (process.stdin.isTTY) {
  process.stdin.setRawMode(true);
  restoreTty = () => {
    try {
      process.stdin.setRawMode(false);
    } catch {
      // the terminal may be gone
    }
  };
}
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => parser.feed(d));
process.stdin.on('error', () => {});
process.stdin.on('end', () => {
  if (process.stdin.isTTY) void exitAgent(129, 'other');
});
process.stdin.resume();
process.stdout.on('error', () => {
  screen.dead = true;
});
process.stdout.on('resize', () => screen.resized());
process.on('SIGTERM', () => void exitAgent(143, 'other'));
process.on('SIGINT', () => void exitAgent(130, 'other'));
process.on('SIGHUP', () => {
  screen.dead = true;
  void exitAgent(129, 'other');
});
screen.preamble = '\x1b[?2004h';

if (startScenario.exitImmediately) {
  screen.log(`Error: the session crashed (exit ${startScenario.exitCode ?? 1})`);
  await exitAgent(Number(startScenario.exitCode ?? 1), 'other');
}
if (startScenario.trustDialog && !repo.isTrusted(stateDir)) {
  const choice = await ask(trustDialog(cwd, screen.cols));
  if (choice !== 0) {
    A.mode = 'exiting';
    screen.finish();
    restoreTty();
    process.exit(1);
  }
  repo.markTrusted(stateDir);
}
if (startScenario.stallMs > 0 && !args.resume && args.prompt) screen.mute(true);
screen.log('✻ Welcome to Claude Code!', `  cwd: ${cwd}${args.model ? ` · model: ${args.model}` : ''}`, '');
await hooks.fire('SessionStart', { source: args.resume ? 'resume' : 'startup' });
A.mode = 'idle';
screen.invalidate();
if (args.resume) {
  screen.log(`  ⎿ Resumed conversation ${sessionId}`, '');
  if (args.prompt) submit(args.prompt);
  else await resumeWithoutPrompt();
} else if (args.prompt) await turn('initial', args.prompt);
drainQueue();
