/** The engine tests' fakes are themselves tested: a fake that cannot fail, or differs from the real port, proves nothing. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/store.js';
import type { Store } from '../../src/ports.js';
import { deferred, fakeClock, memoryGit, memoryStore, recordingRunner, shell, tempRepoDir } from '../helpers/fake-ports.js';

const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

describe('recordingRunner', () => {
  it('answers expected calls in order and throws on an unexpected one, naming what it expected', async () => {
    const r = recordingRunner([shell('npm test', '/wt', { exitCode: 3, stdout: 'out' }), { command: 'git', args: ['status'] }]);
    expect(await r.run('sh', ['-c', 'npm test'], { cwd: '/wt' })).toEqual({ exitCode: 3, stdout: 'out', stderr: '' });
    await expect(r.run('git', ['log'], { cwd: '/x' })).rejects.toThrow(
      'unexpected command: git ["log"] in /x\nexpected next: git ["status"]',
    );
    expect(() => r.assertDone()).toThrow(/unexpected command: git \["log"\][\s\S]*expected commands that never ran:\n {2}git \["status"\]/);
    await r.run('git', ['status']);
    // The unexpected call still fails the test, even when the code under test swallowed the throw.
    expect(() => r.assertDone()).toThrow('unexpected command: git ["log"]');
    expect(r.calls.map((c) => c.args)).toEqual([['-c', 'npm test'], ['log'], ['status']]);
  });

  it('checks the cwd; unordered, any unused matching expectation answers; predicates match arguments', async () => {
    const r = recordingRunner([{ command: 'gh', args: (a) => a[0] === 'pr', result: { stdout: 'pr' } }, shell('make', '/a')], {
      ordered: false,
    });
    await expect(r.run('sh', ['-c', 'make'], { cwd: '/b' })).rejects.toThrow('expected one of: gh <args matching');
    expect((await r.run('sh', ['-c', 'make'], { cwd: '/a' })).exitCode).toBe(0);
    expect((await r.run('gh', ['pr', 'view'])).stdout).toBe('pr');
    await expect(r.run('gh', ['pr', 'view'])).rejects.toThrow('expected one of: no more commands');
  });
});

describe('fakeClock', () => {
  it('fires timers and sleeps only when advanced, in time order, each at its own time', async () => {
    const c = fakeClock(0);
    const seen: string[] = [];
    c.setTimeout(() => seen.push(`t300@${c.now()}`), 300);
    const stop = c.setInterval(() => seen.push(`i100@${c.now()}`), 100);
    c.sleep(250).then(() => seen.push(`s250@${c.now()}`));
    await c.advance(99);
    expect(seen).toEqual([]);
    await c.advance(201);
    expect(seen).toEqual(['i100@100', 'i100@200', 's250@250', 't300@300', 'i100@300']);
    c.clear(stop);
    await c.advance(1000);
    expect([seen.length, c.now(), c.pending()]).toEqual([5, 1300, 0]);
  });

  it('a sleep started by a fired timer is due later, not at once', async () => {
    const c = fakeClock(0);
    const seen: number[] = [];
    const loop = async () => {
      for (let i = 0; i < 3; i++) {
        await c.sleep(10);
        seen.push(c.now());
      }
    };
    void loop();
    await c.advance(25);
    expect(seen).toEqual([10, 20]);
  });
});

describe('memoryGit', () => {
  it('rebases a branch onto a moved tip (changed once), merges, fast-forwards only forward', async () => {
    const g = memoryGit({ repo: '/r' });
    g.branch('int', 'main');
    await g.ensureWorktree('/r', '/r/wt', 'task', 'int');
    g.commit('/r/wt', 'work', { a: '1' });
    const other = g.commit('int', 'other', { b: '2' });
    expect(await g.commitsAhead('/r/wt', 'int')).toBe(1);
    expect(await g.update('/r/wt', 'int', 'rebase')).toEqual({ ok: true, changed: true });
    expect(await g.update('/r/wt', 'int', 'rebase')).toEqual({ ok: true, changed: false });
    expect(g.log('task')).toEqual(['init', 'other', 'work']);
    await g.ensureWorktree('/r', '/r/int', 'int', 'main');
    const merged = await g.squashMerge('/r/int', 'task', 'Task 1: Work');
    expect(merged).toEqual({ ok: true, commit: await g.revParse('/r', 'int') });
    expect(await g.showFile('/r', 'int', 'a')).toBe('1');
    await expect(g.fastForward('/r/wt', 'int')).rejects.toThrow('is not a fast-forward');
    expect(await g.mergeBase('/r', 'task', 'int')).toBe(other);
  });

  it('holds a call until released; a scripted conflict answers once', async () => {
    const g = memoryGit({ repo: '/r' });
    const h = g.hold('changes');
    g.conflict('update', ['x'], '/r');
    let done = false;
    const p = g.changes('/r').then(() => {
      done = true;
    });
    expect(await h.reached).toEqual(['/r', undefined]);
    expect(done).toBe(false);
    h.release();
    await p;
    expect(await g.update('/r', 'main', 'rebase')).toEqual({ ok: false, files: ['x'] });
    expect(await g.update('/r', 'main', 'rebase')).toEqual({ ok: true, changed: false });
  });
});

describe('memoryStore', () => {
  it('answers like the SQLite store for the same calls', async () => {
    const tmp = tempRepoDir();
    dirs.push(tmp);
    const script = (s: Store) => {
      const a = s.createRun('M1', 'p.md', 'main', 10);
      s.createRun('M2', 'q.md', 'main', 11);
      s.append(a.id, 12, { type: 'AgentBusy', task: '1.1' }, { task: '1.1', offset: 40 });
      s.append(a.id, 13, { type: 'AgentIdle', task: '1.1' });
      s.setHookOffset(a.id, '1.2', 7);
      s.setAgent(a.id, '1.1', 100, 'sess', 555);
      s.setAgent(a.id, '1.1', 101, null, 556);
      s.clearAgent(a.id, '1.1', 100);
      s.setAgent(a.id, '1.2', 200, null);
      s.clearAgent(a.id, '1.2', 200);
      const open = s.openRun('M1');
      s.finishRun(a.id, 0, 20);
      const out: unknown[] = [open, s.openRun('M1'), s.lastRun(), s.lastRun('M1'), s.events(a.id), s.hookOffset(a.id, '1.1')];
      out.push(s.hookOffset(a.id, '1.2'), s.hookOffset(a.id, '9.9'), s.agents(a.id), s.snapshot(a.id));
      s.close();
      let afterClose = '';
      try {
        s.append(a.id, 30, { type: 'AgentIdle', task: '1.1' });
      } catch {
        afterClose = 'threw';
      }
      return [...out, afterClose];
    };
    expect(script(memoryStore())).toEqual(script(openStore(join(tmp.dir, 'state.db'))));
  });
});

it('deferred says whether it settled', async () => {
  const d = deferred<number>();
  expect(d.settled).toBe(false);
  d.resolve(3);
  expect([d.settled, await d.promise]).toEqual([true, 3]);
});
