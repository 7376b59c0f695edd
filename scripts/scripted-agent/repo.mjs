/** What the scripted agent does to the worktree: file edits, handoff sections, commits, and its own session state. */
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const IDENTITY = ['-c', 'user.name=scripted-agent', '-c', 'user.email=scripted-agent@example.invalid', '-c', 'commit.gpgsign=false'];

export function git(cwd, args) {
  return new Promise((done) => {
    execFile('git', args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout: String(stdout), stderr: String(stderr || (error && !stdout ? error.message : '')) });
    });
  });
}

export async function isDirty(cwd) {
  const r = await git(cwd, ['status', '--porcelain']);
  return r.code === 0 && r.stdout.trim() !== '';
}

/** `git add -A` + `git commit -m message` with a fixed identity (never the global one). */
export async function commitAll(cwd, message) {
  const add = await git(cwd, ['add', '-A']);
  if (add.code !== 0) return { ok: false, error: add.stderr.trim() || 'git add failed' };
  const commit = await git(cwd, [...IDENTITY, 'commit', '-q', '-m', message]);
  if (commit.code !== 0) return { ok: false, error: (commit.stderr || commit.stdout).trim() || 'git commit failed' };
  const head = await git(cwd, ['rev-parse', '--short', 'HEAD']);
  const branch = await git(cwd, ['branch', '--show-current']);
  return { ok: true, hash: head.stdout.trim(), branch: branch.stdout.trim() || 'HEAD' };
}

/** Files with unresolved merge conflicts in the worktree. */
export async function conflictedFiles(cwd) {
  const r = await git(cwd, ['diff', '--name-only', '--diff-filter=U']);
  return r.code === 0 ? r.stdout.split('\n').filter(Boolean) : [];
}

export async function isMerging(cwd) {
  return (await git(cwd, ['rev-parse', '-q', '--verify', 'MERGE_HEAD'])).code === 0;
}

/** Drops the conflict markers of a file, keeping both sides (ours first). */
export function resolveBoth(cwd, rel) {
  const text = readText(cwd, rel) ?? '';
  const kept = text.split('\n').filter((l) => !/^(<{7}|={7}|>{7}|\|{7})( |$)/.test(l));
  writeText(cwd, rel, kept.join('\n'));
}

/** A task id as a file name part. */
export const safeName = (id) => String(id).replace(/[^A-Za-z0-9._-]/g, '_');

const abs = (cwd, rel) => resolve(cwd, rel);

export function readText(cwd, rel) {
  try {
    return readFileSync(abs(cwd, rel), 'utf8');
  } catch {
    return null;
  }
}

export function writeText(cwd, rel, text) {
  const file = abs(cwd, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Appends `Task <id> <ISO time>` to the task's file; returns whether the file existed. */
export function appendTaskLine(cwd, rel, id) {
  const file = abs(cwd, rel);
  const existed = existsSync(file);
  mkdirSync(dirname(file), { recursive: true });
  const before = existed ? readFileSync(file, 'utf8') : '';
  const sep = before && !before.endsWith('\n') ? '\n' : '';
  appendFileSync(file, `${sep}Task ${id} ${new Date().toISOString()}\n`);
  return existed;
}

/** Does the handoff text have a `## Task <id> ... Complete` heading (outside code fences)? */
export function handoffHasSection(text, id) {
  let fenced = false;
  for (const line of (text ?? '').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const m = /^#{2,3}\s+Task\b(.*?)\bComplete\b/i.exec(line);
    if (!m?.[1]) continue;
    const ids = m[1].match(/[A-Za-z0-9][\w.#-]*/g) ?? [];
    if (ids.some((token) => token.replace(/[.:-]+$/, '') === id || token === `#${id}`)) return true;
  }
  return false;
}

export function handoffSection(task, file) {
  return [
    '',
    `## Task ${task.id} Complete: ${task.title}`,
    '',
    '### Gotchas',
    '',
    `- ${file} did not exist on a fresh checkout — solution: create the folder before appending to it.`,
    '',
    // A VALIDATION task records the end-to-end tests it ran (seed 000's "E2E Test Results").
    ...(task.validation
      ? [
          '### E2E Test Results',
          '',
          '| Test | Steps | Result |',
          '|------|-------|--------|',
          `| ${task.title}: happy path | start the app; add a todo; list todos | ✅ PASSED |`,
          `| ${task.title}: empty input | start the app; add an empty todo | ✅ PASSED |`,
          '',
        ]
      : []),
    '### Next Task Notes',
    '',
    `- ${file} has one line per run of task ${task.id}; append to it, never rewrite it.`,
    '',
  ].join('\n');
}

/** Appends the section (creating the file when missing). */
export function appendHandoff(cwd, rel, task, file) {
  const before = readText(cwd, rel) ?? '';
  const section = handoffSection(task, file);
  const text = before === '' ? section.replace(/^\n/, '') : `${before}${before.endsWith('\n') ? '' : '\n'}${section}`;
  writeText(cwd, rel, text);
}

/** Session state lives under the repo's git common dir (invisible to `git status`), or SCRIPTED_AGENT_STATE_DIR. */
export async function stateDir(cwd, env) {
  if (env.SCRIPTED_AGENT_STATE_DIR) return env.SCRIPTED_AGENT_STATE_DIR;
  const r = await git(cwd, ['rev-parse', '--path-format=absolute', '--git-common-dir']);
  const dir = r.code === 0 ? r.stdout.trim() : '';
  return dir ? join(dir, 'scripted-agent') : join(tmpdir(), 'scripted-agent');
}

export function loadSession(dir, id) {
  try {
    return JSON.parse(readFileSync(join(dir, 'sessions', `${safeName(id)}.json`), 'utf8'));
  } catch {
    return null;
  }
}

export function saveSession(dir, session) {
  try {
    mkdirSync(join(dir, 'sessions'), { recursive: true });
    writeFileSync(join(dir, 'sessions', `${safeName(session.session_id)}.json`), `${JSON.stringify(session, null, 2)}\n`);
  } catch {
    // state is a convenience for --resume; never fatal
  }
}

export const isTrusted = (dir) => existsSync(join(dir, 'trusted'));

export function markTrusted(dir) {
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'trusted'), `${new Date().toISOString()}\n`);
  } catch {
    // not fatal
  }
}

/** Approved API keys by their last 20 characters, as Claude keeps them in `customApiKeyResponses.approved`. */
const keysFile = (dir) => join(dir, 'approved-api-keys');

export function isKeyApproved(dir, key) {
  try {
    return readFileSync(keysFile(dir), 'utf8').split('\n').includes(key.slice(-20));
  } catch {
    return false;
  }
}

export function approveKey(dir, key) {
  try {
    mkdirSync(dir, { recursive: true });
    appendFileSync(keysFile(dir), `${key.slice(-20)}\n`);
  } catch {
    // not fatal
  }
}
