/**
 * Handoff files through the git adapter's merges, with the built driver (dist/cli/merge-handoff.js; run
 * `npm run build` first) and the attribute prepareRepo writes. Real git.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGit, handoffDriverConfig, handoffDriverScript } from '../../src/adapters/git.js';
import { createRunner } from '../../src/adapters/runner.js';
import { HANDOFF_ATTRIBUTE, prepareRepo } from '../../src/engine/repo-setup.js';
import { GIT_ENV, git, ROOT, type TempRepo, tempRepo } from '../helpers/repo.js';

const HANDOFF = 'plans/HANDOFF_M1.md';
const PRE = '# Handoff M1\n\n';

function section(id: string, what: string, gotcha: string): string {
  return `## Task ${id} Complete: ${what}\n\n### What Was Implemented\n- ${what}\n\n### Gotchas\n- ${gotcha}\n\n### Next Task Notes\n- none\n\n`;
}
const S11 = section('1.1', 'store', 'sqlite needs WAL');
const S12 = section('1.2', 'left view', 'ink rerenders twice');
const S13 = section('1.3', 'right view', 'tmux needs -L');

const repos: TempRepo[] = [];
beforeEach(() => {
  for (const [k, v] of Object.entries(GIT_ENV)) vi.stubEnv(k, v);
});
afterEach(() => {
  vi.unstubAllEnvs();
  for (const r of repos.splice(0)) r.cleanup();
});

const g = createGit(createRunner());

/** main holds the handoff with 1.1; an integration worktree and two task worktrees each append a section. */
async function parallelTasks() {
  const repo = tempRepo('mstui-handoff-');
  repos.push(repo);
  repo.write(HANDOFF, PRE + S11);
  repo.commitAll('handoff');
  await prepareRepo(g, repo.dir);
  const wt = (name: string) => {
    const path = join(repo.dir, `.wt-${name}`);
    git(repo.dir, 'worktree', 'add', '-q', '-b', name, path, 'main');
    return path;
  };
  const integration = wt('mstui/M1');
  const a = wt('task-a');
  const b = wt('task-b');
  writeFileSync(join(a, HANDOFF), PRE + S11 + S12);
  git(a, 'commit', '-q', '-am', 'task 1.2');
  writeFileSync(join(b, HANDOFF), PRE + S11 + S13);
  git(b, 'commit', '-q', '-am', 'task 1.3');
  return { repo, integration, a, b };
}

const read = (dir: string) => readFileSync(join(dir, HANDOFF), 'utf8');

describe('handoff merges through the git adapter', () => {
  it('the driver is built and found from the .ts sources', () => {
    expect(handoffDriverScript()).toBe(join(ROOT, 'dist/cli/merge-handoff.js'));
    expect(existsSync(join(ROOT, 'dist/cli/merge-handoff.js'))).toBe(true);
  });

  it('the driver is one sh command line with each path single-quoted', () => {
    expect(handoffDriverConfig("/opt/my tools/it's/merge-handoff.js", '/usr/bin/node')).toEqual([
      '-c',
      'merge.mstui-handoff.name=mstui handoff sections',
      '-c',
      `merge.mstui-handoff.driver='/usr/bin/node' '/opt/my tools/it'\\''s/merge-handoff.js' %O %A %B`,
    ]);
    expect(handoffDriverConfig(null)).toEqual([]);
  });

  it('squash-merging two parallel sections keeps both whole, in merge order, with no markers', async () => {
    const { integration } = await parallelTasks();
    expect(git(integration, 'check-attr', 'merge', '--', HANDOFF)).toBe(`${HANDOFF}: merge: mstui-handoff`);
    expect(await g.squashMerge(integration, 'task-a', 'Task 1.2: left view')).toMatchObject({ ok: true });
    expect(await g.squashMerge(integration, 'task-b', 'Task 1.3: right view')).toMatchObject({ ok: true });
    expect(read(integration)).toBe(PRE + S11 + S12 + S13);
    expect(git(integration, 'status', '--porcelain')).toBe('');
    expect(git(integration, 'log', '--format=%s', '-n', '2')).toBe('Task 1.3: right view\nTask 1.2: left view');
  });

  it("without the driver git's own text merge conflicts on the shared subheadings (what the driver fixes)", async () => {
    const { integration } = await parallelTasks();
    const plain = createGit(createRunner(), { handoffDriver: null });
    expect(await plain.squashMerge(integration, 'task-a', 'Task 1.2: left view')).toMatchObject({ ok: true });
    expect(await plain.squashMerge(integration, 'task-b', 'Task 1.3: right view')).toEqual({ ok: false, files: [HANDOFF] });
  });

  for (const mode of ['rebase', 'merge'] as const) {
    it(`update (${mode}) brings the integration's section into a task branch: both sections, no conflict`, async () => {
      const { integration, b } = await parallelTasks();
      await g.squashMerge(integration, 'task-a', 'Task 1.2: left view');
      expect(await g.update(b, 'mstui/M1', mode)).toEqual({ ok: true, changed: true });
      // A rebase replays the task onto the integration tip (its section after); a merge keeps the task's first.
      expect(read(b)).toBe(mode === 'rebase' ? PRE + S11 + S12 + S13 : PRE + S11 + S13 + S12);
      expect(git(b, 'diff', '--name-only', '--diff-filter=U')).toBe('');
      expect(await g.squashMerge(integration, 'task-b', 'Task 1.3: right view')).toMatchObject({ ok: true });
      expect(read(integration)).toBe(mode === 'rebase' ? PRE + S11 + S12 + S13 : PRE + S11 + S13 + S12);
    });
  }

  it('mergeKeepingConflicts merges handoff sections without leaving the worktree mid-merge', async () => {
    const { integration, b } = await parallelTasks();
    await g.squashMerge(integration, 'task-a', 'Task 1.2: left view');
    expect(await g.mergeKeepingConflicts(b, 'mstui/M1')).toEqual({ ok: true, changed: true });
    expect(read(b)).toBe(PRE + S11 + S13 + S12);
    expect(git(b, 'status', '--porcelain')).toBe('');
  });

  it('a preamble edited differently on both sides is a conflict with markers around the preamble only', async () => {
    const { integration, a, b } = await parallelTasks();
    writeFileSync(join(a, HANDOFF), `# Ours\n\n${S11}${S12}`);
    git(a, 'commit', '-q', '-am', 'retitle');
    writeFileSync(join(b, HANDOFF), `# Theirs\n\n${S11}${S13}`);
    git(b, 'commit', '-q', '-am', 'retitle');
    await g.squashMerge(integration, 'task-a', 'Task 1.2: left view');
    expect(await g.mergeKeepingConflicts(integration, 'task-b')).toEqual({ ok: false, files: [HANDOFF] });
    expect(read(integration)).toBe(`<<<<<<< ours\n# Ours\n\n||||||| base\n${PRE}=======\n# Theirs\n\n>>>>>>> theirs\n${S11}${S12}${S13}`);
  });
});

describe('prepareRepo', () => {
  it('replaces the union line older versions wrote, once, keeping other lines', async () => {
    const repo = tempRepo('mstui-attrs-');
    repos.push(repo);
    const attributes = join(repo.dir, '.git/info/attributes');
    writeFileSync(attributes, '*.png binary\nHANDOFF_*.md merge=union\n*.lock -diff\n');
    await prepareRepo(g, repo.dir);
    await prepareRepo(g, repo.dir);
    expect(readFileSync(attributes, 'utf8')).toBe(`*.png binary\n*.lock -diff\n${HANDOFF_ATTRIBUTE}\n`);
    expect(git(repo.dir, 'check-attr', 'merge', '--', '.mstui/HANDOFF_M2.md')).toBe('.mstui/HANDOFF_M2.md: merge: mstui-handoff');
  });
});
