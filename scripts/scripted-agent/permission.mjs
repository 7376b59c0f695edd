/**
 * The mid-work Bash step that needs permission, per permission mode, as 2.1.328 does it:
 * - default (and auto without `autoFallback`): the numbered prompt, PermissionRequest at once, Notification
 *   `permission_prompt` after `permissionNotifyMs`;
 * - auto with `autoFallback`: "Enter to stay in auto mode" (Notification `agent_needs_input`, no PermissionRequest),
 *   then "❯ No / Yes" (Notification `permission_prompt`); the first step is shown once per session;
 * - bypassPermissions runs it, dontAsk refuses it and the turn goes on.
 * Returns 'ran' | 'refused' | 'denied' (No / Esc: the caller ends the turn as interrupted, without Stop).
 */
import { autoFallbackDialog, autoStayMessage, autoUnavailableDialog, gatewayOf, permissionDialog } from './dialogs.mjs';

const NEEDS_PERMISSION = { message: 'Claude needs your permission', notification_type: 'permission_prompt' };
const NEEDS_CHOICE = {
  message: "Auto mode can't check actions in this session and needs your choice",
  notification_type: 'agent_needs_input',
};

/**
 * ctx: { A, sc, cwd, env, cols, ask(dialog), fire(event, fields), log(...lines), toolFields(name, input, id),
 * transcript, newToolId() }
 */
export async function permissionStep(ctx) {
  const { A, sc, fire, log, transcript } = ctx;
  const input = { command: String(sc.permissionCommand), description: 'Run the test suite' };
  const id = ctx.newToolId();
  transcript.assistant(
    [
      { type: 'text', text: 'Running the tests.' },
      { type: 'tool_use', id, name: 'Bash', input },
    ],
    sc.usage,
    'tool_use',
  );
  await fire('PreToolUse', ctx.toolFields('Bash', input, id));
  const started = Date.now();
  const mode = A.permissionMode;
  if (mode === 'dontAsk') {
    log(`● Bash(${input.command})`, '  ⎿  Denied: not pre-approved (dontAsk)', '');
    transcript.toolResult(id, 'Permission to use Bash has been denied.', true);
    return 'refused';
  }
  let answer = 'Yes';
  if (mode === 'auto' && sc.autoFallback) answer = await autoFallback(ctx, input);
  else if (mode !== 'bypassPermissions') answer = await prompt(ctx, input);
  if (!/^Yes\b/.test(answer)) {
    if (answer === 'shift-tab') A.permissionMode = 'acceptEdits';
    log('  Did not run 1 call', `  ⎿  $ ${input.command}`);
    transcript.toolResult(id, "The user doesn't want to proceed with this tool use.", true);
    return 'denied';
  }
  if (answer.startsWith('Yes, and switch to auto mode')) A.permissionMode = 'auto';
  log(`● Bash(${input.command})`, '  ⎿  3 passed', '');
  const tool_response = { stdout: '3 passed', stderr: '', interrupted: false, isImage: false, noOutputExpected: false };
  transcript.toolResult(id, '3 passed');
  await fire('PostToolUse', { ...ctx.toolFields('Bash', input, id), tool_response, duration_ms: Date.now() - started });
  return 'ran';
}

/** Shows `dialog`, fires `notification` if it is still up after permissionNotifyMs; resolves with the answer. */
async function askWithNotice(ctx, dialog, notification, alsoFire = Promise.resolve()) {
  const { A, sc, fire } = ctx;
  const answer = ctx.ask(dialog);
  const ms = Number(sc.permissionNotifyMs);
  const timer = ms > 0 ? setTimeout(() => A.dialog && void fire('Notification', notification), ms) : undefined;
  const [picked] = await Promise.all([answer, alsoFire]);
  clearTimeout(timer);
  return picked;
}

function prompt(ctx, input) {
  const { A, cwd, cols, fire } = ctx;
  const dialog = permissionDialog({ ...input, cwd, mode: A.permissionMode, cols });
  const suggestions = [
    { type: 'addDirectories', directories: [cwd], destination: 'session' },
    { type: 'setMode', mode: 'acceptEdits', destination: 'session' },
  ];
  const request = fire('PermissionRequest', { ...ctx.toolFields('Bash', input, null), permission_suggestions: suggestions });
  return askWithNotice(ctx, dialog, NEEDS_PERMISSION, request);
}

async function autoFallback(ctx, input) {
  const { A, env, cols, log } = ctx;
  const gateway = gatewayOf(env);
  log('  Running a command', `  ⎿  $ ${input.command}`, '');
  if (!A.autoStayed) {
    const step = await askWithNotice(ctx, autoUnavailableDialog(gateway, cols), NEEDS_CHOICE);
    if (step !== 'enter') return step;
    A.autoStayed = true;
    log(...autoStayMessage(gateway, cols), '');
  }
  return askWithNotice(ctx, autoFallbackDialog({ ...input, cols }), NEEDS_PERMISSION);
}
