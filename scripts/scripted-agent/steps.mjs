/** The scripted work on the worktree for one turn: edit, status file, handoff section, commit. */
import { resolve } from 'node:path';
import * as repo from './repo.mjs';
import { filesFor } from './scenario.mjs';

/** Resolves after `ms` (never for Infinity); rejects with the abort reason when `signal` aborts. */
export const delay = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = Number.isFinite(ms)
      ? setTimeout(
          () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          Math.max(0, ms),
        )
      : undefined;
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Does whatever is still missing. First-pass rules (initial prompt, or a prompt-less --resume before any
 * follow-up) honour skipHandoff:true, leaveUncommitted and write FAIL for failTests; after any follow-up the
 * handoff is written (unless skipHandoff:'always'), the status file says PASS and everything is committed.
 * Each tool step is wrapped in `tool(name, input, fn)` (PreToolUse/PostToolUse hooks). Returns the last assistant message.
 */
export async function runSteps({ session, kind, sc, cwd, signal, log, save, prompt = null, tool = (_n, _i, fn) => fn() }) {
  const t = session.task;
  if (kind === 'follow-up') session.followUps = (session.followUps ?? 0) + 1;
  const first = kind !== 'follow-up' && !session.followUps;
  const done = [];
  const edit = (rel, fn) => tool('Edit', { file_path: resolve(cwd, rel) }, () => ({ filePath: resolve(cwd, rel), result: fn() }));
  const file = typeof sc.file === 'string' && sc.file ? sc.file : `work/${repo.safeName(t.id)}.txt`;
  // A merge that stopped with conflicts (mstui merged the integration branch in): keep both sides, conclude it.
  for (const rel of await repo.conflictedFiles(cwd)) {
    log(`● Edit(${rel})`);
    await edit(rel, () => repo.resolveBoth(cwd, rel));
    log('  ⎿  Resolved the conflict (kept both sides)');
    done.push(`resolved the conflict in ${rel}`);
  }
  if (kind === 'follow-up' && /\bCI failed\b/.test(prompt ?? '') && !sc.ignoreCiFailure) {
    log(`● Edit(${file})`);
    await edit(file, () => repo.appendTaskLine(cwd, file, `${t.id} (CI fix)`));
    log('  ⎿  Fixed what the failed check reported');
    done.push(`fixed the failing CI check in ${file}`);
  }
  for (const [rel, text] of filesFor(sc, session.turns ?? 0)) {
    log(`● Write(${rel})`);
    await edit(rel, () => repo.writeText(cwd, rel, text));
    done.push(`wrote ${rel}`);
  }
  if (!session.edited) {
    log(`● Edit(${file})`);
    await edit(file, () => repo.appendTaskLine(cwd, file, t.id));
    log('  ⎿  Added 1 line');
    session.edited = true;
    save();
    done.push(`edited ${file}`);
  }
  signal.throwIfAborted();
  if (sc.failTests) {
    const status = `work/${repo.safeName(t.id)}.status`;
    const want = first ? 'FAIL' : 'PASS';
    if (repo.readText(cwd, status) !== `${want}\n`) {
      log(`● Edit(${status})`);
      await edit(status, () => repo.writeText(cwd, status, `${want}\n`));
      log(`  ⎿  ${want}`);
      done.push(want === 'PASS' ? `fixed the failing check (${status} now says PASS)` : `wrote ${status}`);
    }
  }
  const skip = sc.skipHandoff === 'always' || (first && sc.skipHandoff === true);
  if (t.handoff && !skip && !repo.handoffHasSection(repo.readText(cwd, t.handoff), t.id)) {
    log(`● Edit(${t.handoff})`);
    await edit(t.handoff, () => repo.appendHandoff(cwd, t.handoff, t, file));
    log(`  ⎿  Added "## Task ${t.id} Complete: ${t.title}"`);
    done.push(`wrote the handoff section in ${t.handoff}`);
  }
  signal.throwIfAborted();
  if (!(first && sc.leaveUncommitted) && (await repo.isDirty(cwd))) {
    const message = (await repo.isMerging(cwd))
      ? `Task ${t.id}: merge the integration branch`
      : session.committed
        ? `Task ${t.id}: follow-up`
        : `Task ${t.id}: ${t.title}`;
    const command = `git add -A && git commit -m ${JSON.stringify(message)}`;
    log(`● Bash(${command})`);
    const r = await tool('Bash', { command, description: 'Commit the work' }, () => repo.commitAll(cwd, message));
    if (r.ok) {
      session.committed = true;
      done.push(`committed "${message}"`);
      log(`  ⎿  [${r.branch} ${r.hash}] ${message}`);
    } else log(`  ⎿  Error: ${r.error.split('\n')[0]}`);
  }
  save();
  return done.length > 0 ? `Task ${t.id} (${t.title}): ${done.join('; ')}.` : `Task ${t.id} (${t.title}) is done; nothing left to change.`;
}
