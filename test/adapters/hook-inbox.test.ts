/** The hook command appends through a real `sh`; a torn line in the file never costs the event after it. */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHookInbox, hookCommand, parseLine, readHooks } from '../../src/adapters/hook-inbox.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function hookFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mstui-hooks-'));
  dirs.push(dir);
  return join(dir, "1.1 it's.jsonl");
}

const hook = (file: string, json: string) => execFileSync('sh', ['-c', hookCommand(file)], { input: json });
const events = async (file: string) => (await readHooks(file, 0)).records.map((r) => r.record.hook_event_name);

describe('hook inbox', () => {
  it('sizes: the files there are, with their sizes; none for a missing file or folder', async () => {
    const file = hookFile();
    const dir = dirname(file);
    writeFileSync(join(dir, '1.2.jsonl'), '');
    hook(file, '{"hook_event_name":"SessionStart"}');
    const wanted = [file, join(dir, '1.2.jsonl'), join(dir, '1.3.jsonl'), join(dir, 'gone', '1.4.jsonl')];
    const sizes = await createHookInbox().sizes(wanted);
    expect(Object.fromEntries(sizes)).toEqual({ [file]: statSync(file).size, [join(dir, '1.2.jsonl')]: 0 });
  });

  it('appends each event as one line, a pretty-printed payload included', async () => {
    const file = hookFile();
    hook(file, '{"hook_event_name":"SessionStart"}');
    hook(file, '{\n  "hook_event_name": "Stop",\n  "text": "a\\nb"\n}\n');
    expect(await events(file)).toEqual(['SessionStart', 'Stop']);
    expect((await readHooks(file, 0)).records[1]?.record.text).toBe('a\nb');
  });

  it('an event appended after a torn line (an agent killed mid-append) is read', async () => {
    const file = hookFile();
    hook(file, '{"hook_event_name":"SessionStart"}');
    appendFileSync(file, '{"hook_event_name":"UserPromptSubmit","prompt":"half of i');
    // The torn fragment is not a complete line yet: nothing is read past the first event.
    const before = await readHooks(file, 0);
    expect(before.records.map((r) => r.record.hook_event_name)).toEqual(['SessionStart']);
    hook(file, '{"hook_event_name":"SessionEnd"}');
    expect(await events(file)).toEqual(['SessionStart', 'SessionEnd']);
  });

  it('a whole record appended onto a torn fragment (no newline guard) is recovered', async () => {
    const file = hookFile();
    appendFileSync(file, '{"hook_event_name":"Stop","a":{"b":1}, "torn{"hook_event_name":"SessionEnd","x":{"y":[1]}}\n');
    appendFileSync(file, 'garbage without a record\n{"hook_event_name":"SessionStart"}\n');
    expect(await events(file)).toEqual(['SessionEnd', 'SessionStart']);
  });

  it.each([
    ['{"a":1}', { a: 1 }],
    ['[1,2]', null],
    ['42', null],
    ['{"torn', null],
    ['x{"a":{"b":2}}', { a: { b: 2 } }],
  ])('parseLine(%j)', (line, expected) => {
    expect(parseLine(line)).toEqual(expected);
  });
});
