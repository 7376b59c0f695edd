#!/usr/bin/env node
/**
 * scripted-agent: stands in for the `claude` CLI in tests and in `mstui demo` (same command line, same hooks,
 * a Claude-like classic screen); what it "does" for a task is scripted.
 *
 *   scripted-agent.mjs [--session-id UUID] [--resume ID] [--settings FILE|JSON] [--permission-mode M] [--model X] ["prompt"]
 *
 * Prompt lines: `Task: <id> — <title>` (em/en dash or ` - `) and `Handoff file: <path>` (relative to cwd).
 * Screens, dialogs and hook payloads follow the real Claude Code 2.1.328 (test/fixtures/claude-2.1.328); no
 * --permission-mode means auto mode, 2.1's default. Hooks fired (`sh -c`, one JSON object on stdin): SessionStart,
 * UserPromptSubmit, PreToolUse, PermissionRequest, PostToolUse, Notification, Stop, StopFailure, SessionEnd.
 * Scenario: env SCRIPTED_AGENT_SCENARIO (see ./scripted-agent/scenario.mjs); prompt log: env SCRIPTED_AGENT_LOG;
 * session state: <git common dir>/scripted-agent/ or SCRIPTED_AGENT_STATE_DIR; transcript: ~/.claude/projects/… or
 * under SCRIPTED_AGENT_TRANSCRIPTS. Behaviour is pinned by test/adapters/scripted-agent*.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { apiErrorOf, apiErrorScreen } from './scripted-agent/api-errors.mjs';
import { isUuid, PERMISSION_MODES, parseArgs, parsePrompt } from './scripted-agent/cli.mjs';
import { apiKeyDialog, gatewayOf, trustDialog } from './scripted-agent/dialogs.mjs';
import { createHooks, loadSettings } from './scripted-agent/hooks.mjs';
import { createKeyParser } from './scripted-agent/keys.mjs';
import { permissionStep } from './scripted-agent/permission.mjs';
import * as repo from './scripted-agent/repo.mjs';
import { finalMessageFor, loadScenario } from './scripted-agent/scenario.mjs';
import { dialogBox, fillerLine, footerLine, promptBox, promptEcho, Screen, spinnerLine } from './scripted-agent/screen.mjs';
import { delay, runSteps } from './scripted-agent/steps.mjs';
import { createTranscript, MODEL, transcriptPath } from './scripted-agent/transcript.mjs';

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
if (!PERMISSION_MODES.includes(args.permissionMode)) {
  fail(
    `error: option '--permission-mode <mode>' argument '${args.permissionMode}' is invalid. Allowed choices are ${PERMISSION_MODES.join(', ')}.`,
  );
}
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

/**
 * mode: starting | working | idle | exiting. `turn` is the AbortController of the running turn; `permissionMode`
 * the one the footer and payloads show (shift+Tab cycles it); `promptId` the last prompt's (on every payload after it).
 */
const A = {
  mode: 'starting',
  permissionMode: args.permissionMode,
  promptId: null,
  sc: startScenario,
  /** After an API error: the prompt box's placeholder, and the right-aligned notice above it (auth). */
  placeholder: null,
  notice: null,
  /** The spinner's replacement while "retrying" an API call. */
  status: null,
  autoStayed: false,
  keyDeclined: false,
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

const transcript = createTranscript({ path: transcriptPath(cwd, sessionId, env), sessionId, cwd, model: args.model ?? MODEL });
const hooks = createHooks({
  settings,
  cwd,
  env: { ...env, CLAUDE_PROJECT_DIR: cwd },
  base: () => ({
    session_id: sessionId,
    transcript_path: transcript.path,
    cwd,
    ...(A.promptId ? { prompt_id: A.promptId } : {}),
  }),
});
const EFFORT = Object.freeze({ level: 'medium' });
/** Fields of PreToolUse / PostToolUse / PermissionRequest (PermissionRequest has no tool_use_id). */
const toolFields = (tool_name, tool_input, tool_use_id) => ({
  permission_mode: A.permissionMode,
  effort: EFFORT,
  tool_name,
  tool_input,
  ...(tool_use_id ? { tool_use_id } : {}),
});
const newToolId = () => `toolu_${randomUUID().replace(/-/g, '').slice(0, 24)}`;

const screen = new Screen(process.stdout);
screen.region = (cols) => {
  if (A.dialog) return dialogBox(A.dialog, cols);
  if (A.mode === 'exiting') return { lines: [] };
  const busy = A.mode === 'working';
  const box = promptBox(A.input, cols, A.hint ?? footerLine(A.permissionMode, busy), busy ? '' : (A.placeholder ?? ''));
  if (!busy) {
    if (!A.notice) return box;
    return { lines: [`${A.notice.padStart(cols - 2)}`, ...box.lines], cursor: { row: box.cursor.row + 1, col: box.cursor.col } };
  }
  const spin = A.status ?? spinnerLine(Date.now() - A.workStart);
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

/** Shows a dialog (./scripted-agent/dialogs.mjs); resolves with the label picked or the key that answered it. */
function ask(dialog) {
  return new Promise((resolve) => {
    A.dialog = { selected: 0, ...dialog, resolve };
    screen.invalidate();
  });
}

/** Arrows move, Enter picks; digits only where the options are numbered; Esc (and Ctrl-C) cancel. */
function dialogKey(key) {
  const d = A.dialog;
  const pick = (answer) => {
    A.dialog = null;
    d.resolve(answer);
  };
  const n = d.options.length;
  if (key.name === 'char' && d.digits && /^[1-9]$/.test(key.ch) && Number(key.ch) <= n) pick(d.options[Number(key.ch) - 1]);
  else if (key.name === 'enter') pick(n > 0 ? d.options[d.selected] : 'enter');
  else if (key.name === 'escape' || key.name === 'ctrl-c') pick('escape');
  else if (key.name === 'shift-tab' && d.keys?.['shift-tab']) pick('shift-tab');
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
  else if (key.name === 'shift-tab') cycleMode();
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

/** shift+Tab at the prompt: manual → accept edits → plan → auto → manual. */
function cycleMode() {
  const CYCLE = ['default', 'acceptEdits', 'plan', 'auto'];
  A.permissionMode = CYCLE[(CYCLE.indexOf(A.permissionMode) + 1) % CYCLE.length] ?? 'default';
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

/**
 * Runs one tool step between PreToolUse and PostToolUse hooks (exit codes are not honoured); the transcript gets
 * the assistant's tool_use (text + tool_use blocks, one line each) and the tool_result.
 */
async function tool(tool_name, tool_input, fn) {
  const tool_use_id = newToolId();
  const what = tool_name === 'Bash' ? tool_input.command : tool_input.file_path;
  transcript.assistant(
    [
      { type: 'text', text: `${tool_name}: ${what}` },
      { type: 'tool_use', id: tool_use_id, name: tool_name, input: tool_input },
    ],
    A.sc.usage,
    'tool_use',
  );
  await hooks.fire('PreToolUse', toolFields(tool_name, tool_input, tool_use_id));
  const started = Date.now();
  const result = await fn();
  transcript.toolResult(tool_use_id, JSON.stringify(result ?? {}));
  await hooks.fire('PostToolUse', {
    ...toolFields(tool_name, tool_input, tool_use_id),
    tool_response: result ?? {},
    duration_ms: Date.now() - started,
  });
  return result;
}

/** Ends a turn: idle screen, the transcript's last message, then the Stop hook; prompts typed meanwhile run after it. */
async function stop(message, sc) {
  const worked = A.mode === 'working' ? [`✻ Worked for ${Math.max(1, Math.round((Date.now() - A.workStart) / 1000))}s`, ''] : [];
  stopWork();
  A.mode = 'idle';
  A.turn = null;
  A.stopping = true;
  screen.log(`● ${message}`, '', ...worked);
  transcript.assistant([{ type: 'text', text: message }], sc.usage);
  session.lastResponseAt = Date.now();
  save();
  try {
    await hooks.fire('Stop', {
      permission_mode: A.permissionMode,
      effort: EFFORT,
      stop_hook_active: false,
      last_assistant_message: message,
      background_tasks: [],
      session_crons: [],
    });
  } finally {
    A.stopping = false;
  }
  armIdle(sc);
}

/** The turn died on an API error: the error on screen, a placeholder in the box, StopFailure (never Stop). */
async function failTurn(error, afterMs, sc, signal) {
  const shown = apiErrorScreen(error, gatewayOf(env), screen.cols);
  A.filler.on = false;
  A.status = shown.retrying;
  await delay(afterMs, signal);
  A.status = null;
  stopWork();
  A.mode = 'idle';
  A.turn = null;
  A.stopping = true;
  screen.log(...shown.lines);
  A.placeholder = shown.placeholder;
  A.notice = shown.notice;
  try {
    await hooks.fire('StopFailure', { effort: EFFORT, error, last_assistant_message: shown.message });
  } finally {
    A.stopping = false;
  }
  armIdle(sc);
}

/** This turn's API error: a declined API key fails every turn (not logged in); `apiError` the first `times` turns. */
function apiErrorFor(sc) {
  if (A.keyDeclined) return { error: 'authentication_failed', afterMs: 300 };
  const e = apiErrorOf(sc);
  if (!e || (session.apiErrors ?? 0) >= e.times) return null;
  session.apiErrors = (session.apiErrors ?? 0) + 1;
  save();
  return e;
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
    screen.log(`  ⎿  scripted-agent: bad scenario file: ${e instanceof Error ? e.message : e}`);
  }
  A.sc = sc;
  const initial = kind === 'initial';
  try {
    if (initial && sc.stallMs > 0) screen.mute(true);
    const apiError = prompt != null ? apiErrorFor(sc) : null;
    if (prompt != null) {
      logPrompt(kind, prompt);
      A.placeholder = null;
      A.notice = null;
      A.promptId = randomUUID();
      // "❯ prompt" then "  ⎿  Not logged in" right under it (auth), or a blank line.
      screen.log(...promptEcho(prompt), ...(apiError?.error === 'authentication_failed' ? [] : ['']));
      transcript.prompt(prompt, A.promptId, A.permissionMode);
    }
    startWork(sc);
    // A turn the API rejects runs no tool: only the spinner shows until the error (however slow the hooks are).
    if (apiError) A.filler.on = false;
    if (prompt != null) await hooks.fire('UserPromptSubmit', { permission_mode: A.permissionMode, prompt });
    if (apiError) {
      screen.mute(false);
      await failTurn(apiError.error, apiError.afterMs, sc, signal);
      return;
    }
    if (initial && sc.stallMs > 0) {
      await delay(sc.hang ? Number.POSITIVE_INFINITY : sc.stallMs, signal);
      screen.mute(false);
      startWork(sc);
    }
    const ms = Math.max(0, Number(initial ? sc.durationMs : sc.followUpMs) || 0);
    if (initial && sc.askPermission) {
      await delay(ms / 2, signal);
      const ctx = { A, sc, cwd, env, cols: screen.cols, ask, log: (...l) => screen.log(...l), transcript, toolFields, newToolId };
      const outcome = await permissionStep({ ...ctx, fire: (event, fields) => hooks.fire(event, fields) });
      // No (or Esc): the turn ends like an Esc interrupt, without Stop.
      if (outcome === 'denied') ctl.abort();
      signal.throwIfAborted();
      await delay(ms / 2, signal);
    } else await delay(ms, signal);
    if (initial && sc.hang) {
      A.filler.on = false;
      await delay(Number.POSITIVE_INFINITY, signal);
    }
    if (initial && sc.exitCode != null) {
      screen.log(`  ⎿  Error: the session crashed (exit ${sc.exitCode})`);
      await exitAgent(Number(sc.exitCode), 'other');
      return;
    }
    const message = session.task
      ? await runSteps({ session, kind, sc, cwd, signal, log: (...l) => screen.log(...l), save, tool, prompt })
      : 'Understood. There is no "Task:" line in that prompt, so there is nothing to do.';
    const turnNo = session.turns ?? 0;
    if (session.task) {
      session.turns = turnNo + 1;
      save();
    }
    await stop((session.task ? finalMessageFor(sc, turnNo) : null) ?? message, sc);
    // `-p`: the prompt's turn is the whole session (the floor script of bench/floor.ts runs the agent so).
    if (args.print && kind === 'initial') await exitAgent(0, 'other');
  } catch (e) {
    stopWork();
    screen.mute(false);
    if (A.mode === 'exiting') return;
    A.mode = 'idle';
    if (signal.aborted) {
      A.turn = null;
      screen.log('  ⎿  Interrupted · What should Claude do instead?', '');
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
const AUTO_NOTICE = [
  "▎ Auto mode is now Claude Code's default permission mode.",
  '▎ Auto mode lets Claude handle permission prompts automatically. Claude checks each tool call for risky actions and',
  '▎ prompt injection before executing, runs the ones it assesses as lower-risk, and blocks the rest.',
  '▎ https://code.claude.com/docs/en/permission-modes',
  '',
];

if (startScenario.exitImmediately) {
  screen.log(`Error: the session crashed (exit ${startScenario.exitCode ?? 1})`);
  await exitAgent(Number(startScenario.exitCode ?? 1), 'other');
}
// Trust first, then the API key; no hook fires before both are answered.
if (startScenario.trustDialog && !repo.isTrusted(stateDir)) {
  const choice = await ask(trustDialog(cwd, screen.cols));
  if (choice !== 'Yes, I trust this folder') {
    A.mode = 'exiting';
    screen.finish();
    restoreTty();
    process.exit(1);
  }
  repo.markTrusted(stateDir);
}
const apiKey = env.ANTHROPIC_API_KEY;
if (startScenario.apiKeyDialog && apiKey && !repo.isKeyApproved(stateDir, apiKey)) {
  if ((await ask(apiKeyDialog(apiKey))) === 'Yes') repo.approveKey(stateDir, apiKey);
  else A.keyDeclined = true;
}
if (startScenario.stallMs > 0 && !args.resume && args.prompt) screen.mute(true);
screen.log(
  ' ▐▛███▛█   Claude Code v2.1.328 (scripted agent)',
  `▝▜██████▀  ${args.model ?? 'Opus 5.5'} · API Usage Billing`,
  ` ▝▝   ▝▝   ${cwd}`,
  '',
  ...(args.permissionMode === 'auto' ? AUTO_NOTICE : []),
);
if (args.resume) {
  const since = session.lastResponseAt ? Math.round((Date.now() - session.lastResponseAt) / 1000) : 0;
  await hooks.fire('SessionStart', {
    source: 'resume',
    seconds_since_last_response: since,
    context_tokens: 120,
    prompt_cache_likely_expired: since > 300,
    estimated_cache_write_usd: 0.0006,
  });
} else await hooks.fire('SessionStart', { source: 'startup', model: args.model ?? MODEL });
A.mode = 'idle';
screen.invalidate();
if (args.resume) {
  screen.log(`  ⎿  Resumed conversation ${sessionId}`, '');
  if (args.prompt) submit(args.prompt);
  else await resumeWithoutPrompt();
} else if (args.prompt) await turn('initial', args.prompt);
drainQueue();
