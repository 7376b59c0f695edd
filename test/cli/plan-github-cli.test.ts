/** `mstui plan gh:…` arguments through the built CLI and the fake gh: `gh:153 154` is two argv items. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/repo.js';
import { mstui } from '../helpers/run-cli.js';

const FAKES = join(ROOT, 'test', 'fakes');
let dir: string;
let env: Record<string, string>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mstui-plan-gh-'));
  const issues = [
    { number: 153, title: 'Key store', body: '', state: 'OPEN', labels: [], milestone: 'OB3 Phase 1' },
    { number: 154, title: 'Signed badges', body: 'Depends on #153', state: 'OPEN', labels: [], milestone: 'OB3 Phase 1' },
  ];
  await writeFile(join(dir, 'gh.json'), JSON.stringify({ issues }));
  env = { PATH: `${FAKES}:${process.env.PATH}`, FAKE_GH_DATA: join(dir, 'gh.json'), NO_COLOR: '1' };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('mstui plan with a gh: spec', () => {
  it('gh:153 154 (two arguments) is the issue list gh:153,154', async () => {
    const r = await mstui(dir, ['plan', 'gh:153', '154', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.milestone).toEqual({ id: 'issues-153-154', title: 'GitHub issues #153, #154', source: 'gh:153,154', format: 'github' });
    expect(plan.waves).toEqual([['153'], ['154']]);
  });

  it.each([
    [['plan', 'gh:153', 'Phase'], /^mstui: invalid GitHub plan "gh:153 Phase": cannot mix issue numbers and a milestone name/],
    [['plan', 'M1.md', '154'], /^mstui: unexpected argument after the plan M1\.md: 154$/],
  ])('%j: one line, exit 2', async (args, message) => {
    const r = await mstui(dir, args, env);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(message);
  });
});
