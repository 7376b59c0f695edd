/** The scripted agent's `finalMessage` scenario option: what its turns end with (screen and Stop), the work unchanged. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Fixture, taskPrompt } from './scripted-agent-fixture.js';

describe('scripted agent: finalMessage', () => {
  it('a list: turn n ends with entry n (the last repeats) in Stop and on screen; the task is still done', async () => {
    const said = ['This was already implemented; nothing to do.', 'Still holds: it was already implemented.'];
    const f = new Fixture({ tasks: { '1.1': { durationMs: 50, followUpMs: 30, finalMessage: said } } });
    const a = f.start(['--session-id', randomUUID(), '--settings', f.settingsFile, taskPrompt()]);
    await f.until(a, 'Stop');
    a.write('\x1b[200~Double-check it.\x1b[201~\r');
    await f.until(a, 'Stop', 2);
    a.write('\x1b[200~And once more.\x1b[201~\r');
    await f.until(a, 'Stop', 3);
    const stops = f.events().filter((e) => e.hook_event_name === 'Stop');
    expect(stops.map((e) => e.last_assistant_message)).toEqual([said[0], said[1], said[1]]);
    expect(a.screen()).toContain(`● ${said[0]}`);
    expect(f.subjects()[0]).toBe('Task 1.1: Title');
    expect(f.read('HANDOFF.md')).toContain('## Task 1.1 Complete: Title');
  });

  it('unset: the turn ends with its own summary', async () => {
    const f = new Fixture({ default: { durationMs: 30 } });
    const a = f.start(['--settings', f.settingsFile, taskPrompt()]);
    await f.until(a, 'Stop');
    expect(f.events().at(-1)?.last_assistant_message).toMatch(/^Task 1\.1 \(Title\): edited work\/1\.1\.txt; /);
  });
});
