/** `mstui plan` end to end: the built dist/cli.js, run as a process in a temp folder. */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLES = join(ROOT, 'examples');

beforeAll(async () => {
  const tsc = await execa(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    reject: false,
    all: true,
  });
  if (tsc.exitCode !== 0) throw new Error(`build failed:\n${tsc.all}`);
}, 120_000);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mstui-cli-'));
  await copyFile(join(EXAMPLES, 'M1_todo_app.md'), join(dir, 'M1_todo_app.md'));
  await copyFile(join(EXAMPLES, 'HANDOFF_M1.md'), join(dir, 'HANDOFF_M1.md'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(rel: string, text: string): Promise<void> {
  await mkdir(dirname(join(dir, rel)), { recursive: true });
  await writeFile(join(dir, rel), text);
}

const mstui = (...args: string[]) =>
  execa(process.execPath, [CLI, ...args], { cwd: dir, reject: false, stripFinalNewline: false, env: { NO_COLOR: '1' } });

/** Every file under the temp folder with its contents, to prove a command wrote nothing. */
async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const rel of (await readdir(dir, { recursive: true })).sort()) {
    const path = join(dir, rel);
    out[rel] = (await stat(path)).isDirectory() ? '<dir>' : await readFile(path, 'utf8');
  }
  return out;
}

/** Runs the CLI and checks that the temp folder is exactly the same afterwards. */
async function run(...args: string[]) {
  const before = await snapshot();
  const r = await mstui(...args);
  expect(await snapshot()).toEqual(before);
  return r;
}

describe('mstui plan output', () => {
  it('prints the title, counts, waves, task rows and the resume point', async () => {
    const r = await run('plan', 'M1_todo_app.md');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const out = r.stdout;
    expect(out).not.toContain('\u001b[');
    expect(out).toContain('M1: Milestone 1: Todo app core');
    expect(out).toContain('M1_todo_app.md (markdown) · handoff HANDOFF_M1.md');
    expect(out).toContain('6 tasks · 1 done · 5 remaining · 4 waves');
    for (const w of [1, 2, 3, 4]) expect(out).toMatch(new RegExp(`^Wave ${w}$`, 'm'));
    expect(out).not.toContain('Wave 5');
    expect(out).toMatch(/^ {2}├─ ✓ 1\.1 +Create the todo store +CODING$/m);
    expect(out).toMatch(/^ {2}└─ ○ 1\.5 +Due dates in the CLI +MIXED ← 1\.3, 1\.4$/m);
    expect(out).toMatch(/^ {2}└─ ○ 1\.6 +End-to-end validation +VALIDATION ← 1\.2, 1\.5$/m);
    expect(out).toContain('Critical path: 1.1 → 1.3 → 1.5 → 1.6 (4 tasks)');
    expect(out.trimEnd().split('\n').at(-1)).toBe('Resume from: 1.4');
  });

  it('--from moves the resume point; an absolute plan path works', async () => {
    const r = await run('plan', join(dir, 'M1_todo_app.md'), '--from', '1.3');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('Resume from: 1.3');
  });

  it('--json prints exactly one JSON object with the documented keys', async () => {
    const r = await run('plan', 'M1_todo_app.md', '--json');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.endsWith('}\n')).toBe(true);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['criticalPath', 'milestone', 'needsReview', 'resumeFrom', 'tasks', 'warnings', 'waves']);
    expect(json).toMatchObject({
      milestone: { id: 'M1', title: 'Milestone 1: Todo app core', source: 'M1_todo_app.md', format: 'markdown' },
      waves: [['1.1', '1.4'], ['1.2', '1.3'], ['1.5'], ['1.6']],
      resumeFrom: '1.4',
      warnings: [],
      needsReview: false,
    });
    const tasks = json.tasks as Record<string, unknown>[];
    expect(Object.keys(tasks[0] ?? {}).sort()).toEqual(['deps', 'done', 'files', 'id', 'kind', 'rawType', 'title']);
    expect(tasks.filter((t) => t.done).map((t) => t.id)).toEqual(['1.1']);
  });

  it('reads a YAML plan by milestone name', async () => {
    await write('.milestones/active/M2.yaml', 'metadata: {id: M2, title: Search}\ntasks:\n  - {id: T1, status: completed}\n  - {id: T2}\n');
    const r = await run('plan', 'M2', '--deps', 'chain');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('M2: Search');
    expect(r.stdout).toMatch(/^ {2}└─ ○ T2 +T2 +← T1$/m);
    expect(r.stdout).toContain('Resume from: T2');
  });
});

describe('mstui plan errors: exit 2, one line on stderr, nothing on stdout, nothing written', () => {
  const md = (...tasks: string[]) => `# Milestone\n\n${tasks.join('\n\n')}\n`;
  const cases: { name: string; files?: Record<string, string>; args: string[]; message: RegExp }[] = [
    {
      name: 'a dependency cycle',
      files: { 'M5_cycle.md': md('## Task 5.1: A\n\n**Depends on:** 5.2', '## Task 5.2: B\n\n**Depends on:** 5.1') },
      args: ['M5_cycle.md'],
      message: /cycle: 5\.\d → 5\.\d → 5\.\d/,
    },
    {
      name: 'an unknown dependency',
      files: { 'M6_x.md': md('## Task 6.1: A', '## Task 6.2: B\n\n**Depends on:** 9.9') },
      args: ['M6_x.md'],
      message: /M6_x\.md:\d+: task 6\.2 depends on 9\.9, which is not a task/,
    },
    {
      name: 'duplicate ids',
      files: { 'M7_x.md': md('## Task 7.1: A', '## Task 7.1: B') },
      args: ['M7_x.md'],
      message: /duplicate task id 7\.1/,
    },
    {
      name: 'an unsafe id',
      files: { 'M8_x.md': md('## Task ../evil: A') },
      args: ['M8_x.md'],
      message: /task id "\.\.\/evil" cannot be used in a branch or path name/,
    },
    {
      name: 'a file that is not a plan',
      files: { 'OVERVIEW.md': '# Project overview\n\n## Goals\n\nShip a todo app.\n\n## Milestones\n\n- M1 core\n' },
      args: ['OVERVIEW.md'],
      message: /no tasks found in OVERVIEW\.md/,
    },
    { name: '--from an unknown id', args: ['M1_todo_app.md', '--from', '9.9'], message: /--from 9\.9: no such task/ },
    {
      name: '--deps bogus',
      args: ['M1_todo_app.md', '--deps', 'bogus'],
      message: /--deps bogus: expected one of chain, explicit, independent/,
    },
    { name: 'a missing plan file', args: ['nope/M9.md'], message: /plan file not found: nope\/M9\.md/ },
    {
      name: 'a milestone name that is not found',
      args: ['Nope'],
      message: /no plan named Nope; looked for .*specs\/Nope_Milestone_Plan\.md.*, and \*Nope\*Milestone_Plan\.md in /,
    },
    { name: 'an invalid milestone name', args: ['Bad Name'], message: /invalid milestone name "Bad Name"/ },
    {
      name: 'invalid YAML',
      files: { '.milestones/active/M3.yaml': 'tasks:\n  - id: T1\n  - id: T2\n    dependencies: T1\n' },
      args: ['M3'],
      message: /\.milestones\/active\/M3\.yaml:4: tasks\[1\]\.dependencies:/,
    },
    {
      name: 'a required milestone that is not completed',
      files: { '.milestones/active/M3.yaml': 'dependencies: {requires: [M0]}\ntasks: [{id: T1}]\n' },
      args: ['.milestones/active/M3.yaml'],
      message: /requires milestone M0, which is not completed/,
    },
    {
      name: 'a duplicate YAML key (the last one does not silently win)',
      files: { '.milestones/active/M3.yaml': 'tasks: [{id: T1}]\ntasks: [{id: T2}]\n' },
      args: ['M3'],
      message: /\.milestones\/active\/M3\.yaml:2: not valid YAML: Map keys must be unique/,
    },
    {
      name: 'a device, not a file (/dev/zero), refused before reading',
      args: ['/dev/zero'],
      message: /^mstui: \/dev\/zero is a character device: expected a text file/,
    },
    {
      name: 'a directory, not a file',
      files: { 'plans.md/README': 'x' },
      args: ['plans.md'],
      message: /plans\.md is a folder, and a plan is a file/,
    },
    {
      name: 'a file over 10 MB, refused before reading',
      files: { 'M1_big.md': `## Task 1.1: A\n${'x'.repeat(11 * 1024 * 1024)}\n` },
      args: ['M1_big.md'],
      message: /M1_big\.md is 11\.0 MB: files over 10 MB are not read/,
    },
    {
      name: 'more tasks than a milestone may have',
      files: { 'M1_many.md': md(...Array.from({ length: 10_001 }, (_, i) => `## Task 1.${i + 1}: T`)) },
      args: ['M1_many.md'],
      message: /M1_many\.md has 10001 tasks; mstui runs at most 10000 per milestone: split the plan/,
    },
    {
      name: "a task body larger than an agent's prompt argument",
      files: { 'M1_long.md': md(`## Task 1.1: A\n\n${'x'.repeat(150 * 1024)}`) },
      args: ['M1_long.md'],
      message: /M1_long\.md:3: task 1\.1's text is 151 KiB; an agent's prompt can hold at most 100 KiB/,
    },
  ];

  it.each(cases)('$name', async ({ files, args, message }) => {
    for (const [rel, text] of Object.entries(files ?? {})) await write(rel, text);
    const r = await run('plan', ...args);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.endsWith('\n')).toBe(true);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^mstui: /);
    expect(lines[0]).toMatch(message);
  });
});

describe('mstui --version and --help', () => {
  it('--version prints the package.json version', async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await run('--version');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it('--help lists the plan command', async () => {
    const r = await run('--help');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^Usage: mstui/m);
    expect(r.stdout).toMatch(/^ {2}plan \[options\] <plan>/m);
  });
});
