/**
 * The scripted agent (scripts/scripted-agent.mjs) in a real pty inside a temp git repo: it must fire the hooks the
 * real `claude` CLI fires, in order, with the same fields, and do its scripted work on the worktree. Dialogs,
 * permission modes, API errors and the transcript: scripted-agent-dialogs.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait-for.js';
import { Fixture, idleBox, screenShows, TIMEOUT, taskPrompt } from './scripted-agent-fixture.js';

describe('scripted agent: a task', () => {
  it('fires SessionStart, UserPromptSubmit and Stop with the real fields, commits and writes the handoff', async () => {
    const f = new Fixture({ default: { durationMs: 200, printBytesPerSec: 4000 } });
    const id = randomUUID();
    const a = f.start(['--session-id', id, '--settings', f.settingsFile, '--permission-mode', 'acceptEdits', '--model', 'x', taskPrompt()]);
    await f.until(a, 'Stop');

    expect(f.names()).toEqual(['SessionStart', 'UserPromptSubmit', 'Stop']);
    const [start, submit, stop] = f.events();
    for (const e of f.events()) expect(e).toMatchObject({ session_id: id, cwd: f.repo, transcript_path: f.transcriptOf(id) });
    // Like 2.1.328: permission_mode on UserPromptSubmit and Stop, not on SessionStart; prompt_id after the first prompt.
    expect(start).toEqual({
      session_id: id,
      transcript_path: f.transcriptOf(id),
      cwd: f.repo,
      hook_event_name: 'SessionStart',
      source: 'startup',
      model: 'x',
    });
    expect(submit).toMatchObject({ permission_mode: 'acceptEdits', prompt_id: expect.any(String) });
    expect(stop).toMatchObject({ permission_mode: 'acceptEdits', prompt_id: submit?.prompt_id });
    expect(submit?.prompt).toBe(taskPrompt());
    expect(stop?.stop_hook_active).toBe(false);
    expect(stop?.last_assistant_message).toContain('Task 1.1');

    expect(f.subjects()[0]).toBe('Task 1.1: Title');
    expect(f.git('status', '--porcelain')).toBe('');
    expect(f.read('work/1.1.txt')).toMatch(/^Task 1\.1 \d{4}-\d\d-\d\dT/);
    const handoff = f.read('HANDOFF.md') ?? '';
    expect(handoff).toMatch(/^## Task 1\.1 Complete: Title\n\n### Gotchas\n\n- .+ — solution: .+\n\n### Next Task Notes\n\n- /);
    expect(f.git('show', '--name-only', '--format=', 'HEAD').split('\n')).toEqual(expect.arrayContaining(['HANDOFF.md', 'work/1.1.txt']));

    // Screen: spinner, busy footer and tool lines were drawn; the live region now holds only the idle prompt box.
    expect(a.raw).toMatch(/[·✢✳✶✻✽] Working… \(\d+s\)/);
    expect(a.raw).toContain('  ⏵⏵ accept edits on (shift+tab to cycle) · esc to interrupt');
    expect(a.raw).toContain('⎿ reading src/');
    await screenShows(a, (s) => idleBox(s, '  ⏵⏵ accept edits on (shift+tab to cycle)'));
    const screen = a.screen();
    expect(screen).toContain(' ▐▛███▛█   Claude Code v2.1.328 (scripted agent)\n▝▜██████▀  x · API Usage Billing');
    expect(screen).toContain('● Edit(work/1.1.txt)');
    expect(screen).toContain('● Bash(git add -A && git commit -m "Task 1.1: Title")');
    expect(screen).toContain('● Task 1.1 (Title): edited work/1.1.txt; ');
    expect(screen).toMatch(/\n\n✻ Worked for \d+s\n\n─{100}\n/);
    expect(screen).not.toContain('esc to interrupt');
    expect(a.raw).not.toContain('\x1b[?1049h');

    const log = (f.read('../prompts.jsonl') ?? '')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log).toEqual([expect.objectContaining({ session_id: id, task: '1.1', prompt: taskPrompt() })]);
  });

  it('takes a bracketed-paste follow-up: newlines stay in the box until Enter, then UserPromptSubmit and Stop', async () => {
    const f = new Fixture({ default: { durationMs: 50, followUpMs: 50 } });
    const a = f.start(['--session-id', randomUUID(), '--settings', f.settingsFile, taskPrompt()]);
    await f.until(a, 'Stop');
    a.write('\x1b[200~please also\nupdate the notes\x1b[201~');
    await waitFor(
      () => /❯ please also\n {2}update the notes\n─/.test(a.screen()),
      TIMEOUT,
      () => a.screen(),
    );
    expect(f.count('UserPromptSubmit')).toBe(1);
    a.write('\r');
    await f.until(a, 'Stop', 2);
    expect(f.names()).toEqual(['SessionStart', 'UserPromptSubmit', 'Stop', 'UserPromptSubmit', 'Stop']);
    expect(f.events()[3]?.prompt).toBe('please also\nupdate the notes');
    await waitFor(
      () => idleBox(a.screen()),
      TIMEOUT,
      () => a.screen(),
    );
  });

  it('queues a prompt typed while working and submits it after the turn', async () => {
    const f = new Fixture({ default: { durationMs: 300, followUpMs: 30 } });
    const a = f.start(['--settings', f.settingsFile, taskPrompt()]);
    await waitFor(
      () => a.screen().includes('esc to interrupt'),
      TIMEOUT,
      () => a.screen(),
    );
    a.write('next thing\r');
    await f.until(a, 'Stop', 2);
    expect(f.names()).toEqual(['SessionStart', 'UserPromptSubmit', 'Stop', 'UserPromptSubmit', 'Stop']);
    expect(f.events()[3]?.prompt).toBe('next thing');
  });

  it('asks for permission mid-work and waits for the answer', async () => {
    const f = new Fixture({ default: { durationMs: 60, askPermission: true } });
    const a = f.start(['--session-id', randomUUID(), '--settings', f.settingsFile, taskPrompt()]);
    await f.until(a, 'PermissionRequest');
    const request = f.events().find((e) => e.hook_event_name === 'PermissionRequest');
    expect(request).toMatchObject({ tool_name: 'Bash', tool_input: { command: 'npm test' } });
    // No --permission-mode: auto mode, whose prompt has no "Tip:" line (the options are those of manual mode).
    const options = [
      ' Do you want to proceed?',
      ' ❯ 1. Yes',
      `   2. Yes, and always allow access to ${f.repo} from this project`,
      '   3. Yes, and switch to auto mode · auto mode handles these prompts for you',
      '   4. No',
      '',
      ' Esc to cancel · Tab to amend',
    ].join('\n');
    await screenShows(a, options);
    // Still waiting after two round trips through the dialog: no Stop, nothing edited.
    a.write('\x1b[B');
    await screenShows(a, ' ❯ 2. Yes, and always allow');
    a.write('\x1b[A');
    await screenShows(a, ' ❯ 1. Yes\n');
    expect(f.names()).toEqual(['SessionStart', 'UserPromptSubmit', 'PermissionRequest']);
    expect(f.read('work/1.1.txt')).toBeNull();
    a.write('\r');
    await f.until(a, 'Stop');
    expect(f.subjects()[0]).toBe('Task 1.1: Title');
    await waitFor(
      () => !a.screen().includes('Do you want to proceed?'),
      TIMEOUT,
      () => a.screen(),
    );
  });

  // Changed for 2.1.328: a denied permission no longer lets the turn go on (and Stop): it ends as interrupted.
  it('Esc on the permission prompt: "Interrupted" above the prompt box, no Stop; a follow-up finishes the task', async () => {
    const f = new Fixture({ default: { durationMs: 40, followUpMs: 30, askPermission: true } });
    const a = f.start(['--session-id', randomUUID(), '--settings', f.settingsFile, taskPrompt()]);
    await screenShows(a, 'Do you want to proceed?');
    a.write('\x1b');
    await screenShows(a, '  Did not run 1 call\n  ⎿  $ npm test\n  ⎿  Interrupted · What should Claude do instead?\n\n─');
    await screenShows(a, idleBox);
    expect(f.names()).toEqual(['SessionStart', 'UserPromptSubmit', 'PermissionRequest']);
    expect(f.subjects()).toEqual(['initial']);
    a.write('go on\r');
    await f.until(a, 'Stop');
    expect(f.subjects()[0]).toBe('Task 1.1: Title');
  });
});

describe('scripted agent: scripted failures', () => {
  it('exitCode: exits with it after the work (SessionEnd first); --resume then finishes the task', async () => {
    const f = new Fixture({ tasks: { '1.1': { durationMs: 50, followUpMs: 50, exitCode: 3 } } });
    const id = randomUUID();
    const a = f.start(['--session-id', id, '--settings', f.settingsFile, taskPrompt()]);
    await waitFor(
      () => a.exit,
      TIMEOUT,
      () => a.screen(),
    );
    expect(a.exit?.exitCode).toBe(3);
    expect(f.names()).toEqual(['SessionStart', 'UserPromptSubmit', 'SessionEnd']);
    expect(f.events()[2]?.reason).toBe('other');
    expect(f.subjects()).toEqual(['initial']);

    const b = f.start(['--resume', id, '--settings', f.settingsFile]);
    await f.until(b, 'Stop');
    expect(f.names().slice(3)).toEqual(['SessionStart', 'Stop']);
    expect(f.events()[3]).toMatchObject({ session_id: id, source: 'resume' });
    expect(f.subjects()[0]).toBe('Task 1.1: Title');
    expect(f.read('HANDOFF.md')).toContain('## Task 1.1 Complete: Title');
  });

  it('--resume of a finished task goes straight to idle (Stop) without new commits', async () => {
    const f = new Fixture({ default: { durationMs: 30 } });
    const id = randomUUID();
    const a = f.start(['--session-id', id, '--settings', f.settingsFile, taskPrompt()]);
    await f.until(a, 'Stop');
    a.write('\x04');
    await waitFor(
      () => a.exit,
      TIMEOUT,
      () => a.screen(),
    );
    expect(a.exit?.exitCode).toBe(0);
    expect(f.events().at(-1)).toMatchObject({ hook_event_name: 'SessionEnd', reason: 'prompt_input_exit' });

    const b = f.start(['--resume', id, '--settings', f.settingsFile]);
    await f.until(b, 'Stop', 2);
    expect(f.names().slice(4)).toEqual(['SessionStart', 'Stop']);
    expect(f.events().at(-1)?.last_assistant_message).toContain('already complete');
    expect(f.subjects()).toEqual(['Task 1.1: Title', 'initial']);
  });

  it('exitImmediately: exits at once with SessionEnd only', async () => {
    const f = new Fixture({ default: { exitImmediately: true, exitCode: 7 } });
    const a = f.start(['--settings', f.settingsFile, taskPrompt()]);
    await waitFor(
      () => a.exit,
      TIMEOUT,
      () => a.screen(),
    );
    expect(a.exit?.exitCode).toBe(7);
    expect(f.names()).toEqual(['SessionEnd']);
  });

  it('skipHandoff: commits without the handoff section until a follow-up asks for it', async () => {
    const f = new Fixture({ default: { durationMs: 50, followUpMs: 30, skipHandoff: true } });
    const a = f.start(['--session-id', randomUUID(), '--settings', f.settingsFile, taskPrompt()]);
    await f.until(a, 'Stop');
    expect(f.subjects()[0]).toBe('Task 1.1: Title');
    expect(f.read('HANDOFF.md')).toBeNull();
    a.write('\x1b[200~The handoff section is missing. Please add it.\x1b[201~\r');
    await f.until(a, 'Stop', 2);
    expect(f.read('HANDOFF.md')).toContain('## Task 1.1 Complete: Title');
    expect(f.git('status', '--porcelain')).toBe('');
    expect(f.subjects()[0]).toBe('Task 1.1: follow-up');
  });

  it('skipHandoff always: never writes it', async () => {
    const f = new Fixture({ default: { durationMs: 30, followUpMs: 30, skipHandoff: 'always' } });
    const a = f.start(['--session-id', randomUUID(), '--settings', f.settingsFile, taskPrompt()]);
    await f.until(a, 'Stop');
    a.write('write the handoff\r');
    await f.until(a, 'Stop', 2);
    expect(f.read('HANDOFF.md')).toBeNull();
  });

  it('leaveUncommitted: leaves the work uncommitted until a follow-up', async () => {
    const f = new Fixture({ default: { durationMs: 30, followUpMs: 30, leaveUncommitted: true } });
    const a = f.start(['--session-id', randomUUID(), '--settings', f.settingsFile, taskPrompt()]);
    await f.until(a, 'Stop');
    expect(f.subjects()).toEqual(['initial']);
    expect(f.git('status', '--porcelain')).not.toBe('');
    a.write('commit please\r');
    await f.until(a, 'Stop', 2);
    expect(f.subjects()[0]).toBe('Task 1.1: Title');
    expect(f.git('status', '--porcelain')).toBe('');
  });

  it('failTests: commits work/<id>.status = FAIL, and PASS after a follow-up', async () => {
    const f = new Fixture({ tasks: { '1.1': { durationMs: 50, followUpMs: 30, failTests: true } } });
    const a = f.start(['--session-id', randomUUID(), '--settings', f.settingsFile, taskPrompt()]);
    await f.until(a, 'Stop');
    expect(f.git('show', 'HEAD:work/1.1.status')).toBe('FAIL\n');
    a.write('\x1b[200~The tests fail:\n  work/1.1.status: FAIL\x1b[201~\r');
    await f.until(a, 'Stop', 2);
    expect(f.git('show', 'HEAD:work/1.1.status')).toBe('PASS\n');
    expect(f.git('status', '--porcelain')).toBe('');
  });

  it('file: edits the given path instead of work/<id>.txt', async () => {
    const f = new Fixture({ tasks: { '2.1': { durationMs: 30, file: 'src/shared.txt' } } });
    const a = f.start(['--settings', f.settingsFile, taskPrompt('2.1', 'Shared file')]);
    await f.until(a, 'Stop');
    expect(f.read('src/shared.txt')).toMatch(/^Task 2\.1 /);
    expect(f.read('work/2.1.txt')).toBeNull();
    expect(f.subjects()[0]).toBe('Task 2.1: Shared file');
  });

  it('stallMs + hang: prints nothing at all; Esc interrupts without Stop; a follow-up finishes the task', async () => {
    const f = new Fixture({ default: { durationMs: 30, followUpMs: 30, stallMs: 100, hang: true } });
    const a = f.start(['--session-id', randomUUID(), '--settings', f.settingsFile, taskPrompt()]);
    await f.until(a, 'UserPromptSubmit');
    expect(a.raw).toBe('');
    a.write('\x1b');
    await waitFor(
      () => a.screen().includes('⎿  Interrupted · What should Claude do instead?'),
      TIMEOUT,
      () => a.screen(),
    );
    await waitFor(
      () => idleBox(a.screen()),
      TIMEOUT,
      () => a.screen(),
    );
    expect(f.names()).toEqual(['SessionStart', 'UserPromptSubmit']);
    a.write('go on\r');
    await f.until(a, 'Stop');
    expect(f.subjects()[0]).toBe('Task 1.1: Title');
  });

  it('repaints cleanly after a resize (no stale spinner or rules)', async () => {
    const f = new Fixture({ default: { durationMs: 30, hang: true, printBytesPerSec: 3000 } });
    const a = f.start(['--settings', f.settingsFile, taskPrompt()]);
    await waitFor(
      () => a.screen().includes('esc to interrupt'),
      TIMEOUT,
      () => a.screen(),
    );
    a.term.resize(60, 20);
    a.pty.resize(60, 20);
    const clean = (v: string) =>
      v.split('\n').filter((l) => l.includes('esc to interrupt')).length === 1 &&
      /\n─{60}\n❯ *\n─{60}\n/.test(v) &&
      !v.includes('─'.repeat(61));
    await waitFor(
      () => clean(a.viewport()),
      TIMEOUT,
      () => a.viewport(),
    );
  });

  it('hang: keeps the spinner (above the prompt box) until Esc', async () => {
    const f = new Fixture({ default: { durationMs: 30, hang: true } });
    const a = f.start(['--settings', f.settingsFile, taskPrompt()]);
    await waitFor(
      () => /Working… \(\d+s\)\n\n─{50,}\n❯ *\n─{50,}\n {2}⏵⏵ auto mode on \(shift\+tab to cycle\) · esc to interrupt$/.test(a.screen()),
      TIMEOUT,
      () => a.screen(),
    );
    a.write('\x1b');
    await waitFor(
      () => a.screen().includes('Interrupted · What should Claude do instead?'),
      TIMEOUT,
      () => a.screen(),
    );
    await waitFor(
      () => !a.screen().includes('esc to interrupt'),
      TIMEOUT,
      () => a.screen(),
    );
    expect(f.names()).toEqual(['SessionStart', 'UserPromptSubmit']);
  });
});

describe('scripted agent: session control', () => {
  it('without a task line it acknowledges and stops; inline --settings JSON works', async () => {
    const f = new Fixture({ default: { durationMs: 30 } });
    const a = f.start(['--settings', JSON.stringify(f.settings()), 'hello there']);
    await f.until(a, 'Stop');
    expect(f.names()).toEqual(['SessionStart', 'UserPromptSubmit', 'Stop']);
    expect(f.events()[2]?.last_assistant_message).toContain('nothing to do');
    expect(f.subjects()).toEqual(['initial']);
  });

  it('started without a prompt: idle (no Stop); a typed task prompt then runs the task; Ctrl-D exits', async () => {
    const f = new Fixture({ default: { durationMs: 30 } });
    const a = f.start(['--settings', f.settingsFile]);
    await f.until(a, 'SessionStart');
    await waitFor(
      () => idleBox(a.screen()),
      TIMEOUT,
      () => a.screen(),
    );
    a.write(`\x1b[200~${taskPrompt('3.1', 'Typed')}\x1b[201~\r`);
    await f.until(a, 'Stop');
    expect(f.subjects()[0]).toBe('Task 3.1: Typed');
    a.write('\x04');
    await waitFor(
      () => a.exit,
      TIMEOUT,
      () => a.screen(),
    );
    expect(a.exit?.exitCode).toBe(0);
    expect(f.names()).toEqual(['SessionStart', 'UserPromptSubmit', 'Stop', 'SessionEnd']);
  });

  it('Ctrl-C shows a hint, a second Ctrl-C exits 0 after SessionEnd', async () => {
    const f = new Fixture({ default: { durationMs: 30 } });
    const a = f.start(['--settings', f.settingsFile, taskPrompt()]);
    await f.until(a, 'Stop');
    a.write('\x03');
    await waitFor(
      () => a.screen().includes('Press Ctrl-C again to exit'),
      TIMEOUT,
      () => a.screen(),
    );
    a.write('\x03');
    await waitFor(
      () => a.exit,
      TIMEOUT,
      () => a.screen(),
    );
    expect(a.exit?.exitCode).toBe(0);
    expect(f.events().at(-1)).toMatchObject({ hook_event_name: 'SessionEnd', reason: 'prompt_input_exit' });
  });

  it('SIGTERM: SessionEnd (other) and exit 143', async () => {
    const f = new Fixture({ default: { durationMs: 30, hang: true } });
    const a = f.start(['--settings', f.settingsFile, taskPrompt()]);
    await f.until(a, 'UserPromptSubmit');
    a.pty.kill('SIGTERM');
    await waitFor(
      () => a.exit,
      TIMEOUT,
      () => a.screen(),
    );
    expect(a.exit?.exitCode).toBe(143);
    expect(f.events().at(-1)).toMatchObject({ hook_event_name: 'SessionEnd', reason: 'other' });
  });

  it('PreToolUse/PostToolUse around each tool step; matchers are regexes on the tool name', async () => {
    const f = new Fixture({ default: { durationMs: 30, askPermission: true } });
    const append = (file: string) => [{ type: 'command', command: `cat >> '${file}'; echo >> '${file}'` }];
    const never = join(f.dir, 'never.jsonl');
    const settings = {
      hooks: {
        ...f.settings().hooks,
        PreToolUse: [
          { matcher: 'Edit|Bash', hooks: append(f.eventsFile) },
          { matcher: 'AskUserQuestion', hooks: append(never) },
        ],
        PostToolUse: [{ matcher: 'Bash', hooks: append(f.eventsFile) }],
      },
    };
    const a = f.start(['--settings', JSON.stringify(settings), taskPrompt()]);
    await f.until(a, 'PermissionRequest');
    a.write('1');
    await f.until(a, 'Stop');
    const tools = f.events().map((e) => (e.tool_name ? `${e.hook_event_name}:${e.tool_name}` : e.hook_event_name));
    expect(tools).toEqual([
      'SessionStart',
      'UserPromptSubmit',
      'PreToolUse:Bash',
      'PermissionRequest:Bash',
      'PostToolUse:Bash',
      'PreToolUse:Edit',
      'PreToolUse:Edit',
      'PreToolUse:Bash',
      'PostToolUse:Bash',
      'Stop',
    ]);
    const edits = f.events().filter((e) => e.tool_name === 'Edit');
    expect(edits.map((e) => e.tool_input)).toEqual([
      { file_path: join(f.repo, 'work/1.1.txt') },
      { file_path: join(f.repo, 'HANDOFF.md') },
    ]);
    const [pre, post] = f.events().slice(-3, -1);
    expect(pre?.tool_use_id).toMatch(/^toolu_/);
    expect(post?.tool_use_id).toBe(pre?.tool_use_id);
    expect(existsSync(never)).toBe(false);
  });

  // Changed for 2.1.328: bare options, "No, exit" first and selected; digits do nothing, Down + Enter trusts.
  it('trustDialog: no hooks until the folder is trusted; the answer is remembered for the repo', async () => {
    const f = new Fixture({ default: { durationMs: 30, trustDialog: true } });
    const a = f.start(['--settings', f.settingsFile, taskPrompt()]);
    await screenShows(a, ' ❯ No, exit\n   Yes, I trust this folder\n\n Enter to confirm · Esc to cancel');
    expect(a.screen()).toContain('Quick safety check');
    expect(f.names()).toEqual([]);
    a.write('2');
    a.write('\x1b[B');
    await screenShows(a, '   No, exit\n ❯ Yes, I trust this folder');
    expect(f.names()).toEqual([]);
    a.write('\r');
    await f.until(a, 'Stop');
    expect(f.subjects()[0]).toBe('Task 1.1: Title');
    a.write('\x04');
    await waitFor(
      () => a.exit,
      TIMEOUT,
      () => a.screen(),
    );

    const b = f.start(['--settings', f.settingsFile, 'hello']);
    await f.until(b, 'Stop', 2);
    expect(b.raw).not.toContain('Quick safety check');
  });

  it('trustDialog: Esc exits 1 without firing any hook', async () => {
    const f = new Fixture({ default: { trustDialog: true } });
    const a = f.start(['--settings', f.settingsFile, taskPrompt()]);
    await waitFor(
      () => a.screen().includes('Yes, I trust this folder'),
      TIMEOUT,
      () => a.screen(),
    );
    a.write('\x1b');
    await waitFor(
      () => a.exit,
      TIMEOUT,
      () => a.screen(),
    );
    expect(a.exit?.exitCode).toBe(1);
    expect(f.names()).toEqual([]);
  });

  it('Notification hooks: permission_prompt while the dialog waits, idle_prompt after the turn', async () => {
    const f = new Fixture({ default: { durationMs: 20, askPermission: true, permissionNotifyMs: 50, idleNotifyMs: 50 } });
    const a = f.start(['--settings', f.settingsFile, taskPrompt()]);
    await f.until(a, 'Notification');
    expect(f.events().at(-1)).toMatchObject({
      hook_event_name: 'Notification',
      notification_type: 'permission_prompt',
      message: 'Claude needs your permission',
    });
    a.write('1');
    await f.until(a, 'Stop');
    await f.until(a, 'Notification', 2);
    expect(f.events().at(-1)).toMatchObject({
      hook_event_name: 'Notification',
      notification_type: 'idle_prompt',
      message: 'Claude is waiting for your input',
    });
  });

  it('refuses to start inside another Claude Code session (CLAUDECODE=1)', async () => {
    const f = new Fixture();
    const a = f.start(['--settings', f.settingsFile, taskPrompt()], { CLAUDECODE: '1' });
    await waitFor(
      () => a.exit,
      TIMEOUT,
      () => a.screen(),
    );
    expect(a.exit?.exitCode).toBe(1);
    await waitFor(
      () => a.screen().includes('cannot be launched inside another Claude Code session'),
      TIMEOUT,
      () => a.screen(),
    );
    expect(f.names()).toEqual([]);
  });

  it('rejects a --session-id that is not a UUID, like the real CLI', async () => {
    const f = new Fixture();
    const a = f.start(['--session-id', 'not-a-uuid', '--settings', f.settingsFile, taskPrompt()]);
    await waitFor(
      () => a.exit,
      TIMEOUT,
      () => a.screen(),
    );
    expect(a.exit?.exitCode).toBe(1);
    await waitFor(
      () => a.screen().includes('Invalid session ID'),
      TIMEOUT,
      () => a.screen(),
    );
    expect(f.names()).toEqual([]);
  });
});
