/** `mstui plan` (the built dist/cli.js) on a plan whose task notes say `- Depends on: backend` (issue 11). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');

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
  dir = await mkdtemp(join(tmpdir(), 'mstui-mentions-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PLAN = [
  '# Milestone 3: Services',
  '',
  '## Task 3.1: Backend image',
  '',
  '**Type:** CODING',
  '**Depends on:** none',
  '',
  '## Task 3.2: Worker settings',
  '',
  '**Type:** CODING',
  '**Depends on:** 3.1',
  '',
  '## Task 3.3: Compose file for the worker',
  '',
  '**Type:** CODING',
  '**Files:** `docker-compose.yml`',
  '**Depends on:** 3.2',
  '',
  '**Implementation notes:**',
  '- Add a `worker` service:',
  '  - Image: the backend image',
  '- Depends on: backend',
  '',
  '```yaml',
  'worker:',
  '  depends_on: [backend]',
  'Depends on: db',
  '```',
  '',
].join('\n');

it('exit 0, the task keeps its field’s dependency, and the mention is printed as a warning', async () => {
  await writeFile(join(dir, 'M3_services.md'), PLAN);
  const r = await execa(process.execPath, [CLI, 'plan', 'M3_services.md'], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toMatch(/^ {2}└─ ○ 3\.3 +Compose file for the worker +CODING ← 3\.2$/m);
  expect(r.stdout).toContain(
    `! M3_services.md:22: task 3.3: "- Depends on: backend" is in the task's notes, not its dependency field, so it is not read as a dependency (write **Depends on:** under the heading if it is one)`,
  );
  expect(r.stdout.match(/^! /gm)).toHaveLength(1);

  const json = await execa(process.execPath, [CLI, 'plan', 'M3_services.md', '--json'], { cwd: dir, reject: false });
  expect(json.exitCode).toBe(0);
  const out = JSON.parse(json.stdout) as { tasks: { id: string; deps: string[] }[]; warnings: string[] };
  expect(out.tasks.map((t) => [t.id, t.deps])).toEqual([
    ['3.1', []],
    ['3.2', ['3.1']],
    ['3.3', ['3.2']],
  ]);
  expect(out.warnings).toEqual([expect.stringMatching(/^M3_services\.md:22: task 3\.3: "- Depends on: backend"/)]);
}, 60_000);
