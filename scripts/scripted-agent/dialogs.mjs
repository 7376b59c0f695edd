/**
 * The dialogs of Claude Code 2.1.328 as recorded (test/fixtures/claude-2.1.328/screens): texts, option order, the
 * option the cursor starts on, which keys answer. A dialog resolves with the label picked, or with the name of
 * the key that answered it (`escape`, `shift-tab`, `enter` on a dialog without options).
 */
import { wrap } from './screen.mjs';

const DOCS = 'https://code.claude.com/docs/en/permission-modes';
const CLASSIFIER_DOCS = `${DOCS}#server-side-classifier-review`;

/** `text` wrapped to the screen width, each line behind `indent`. */
const para = (text, cols, indent) => wrap(text, cols - 2 * indent.length).map((l) => `${indent}${l}`);

const TRUST =
  "Quick safety check: Is this a project you created or one you trust? (Like your own code, a well-known open source project, or work from your team). If not, take a moment to review what's in this folder first.";

/** Bare options, cursor on "No, exit"; digits do nothing; Esc cancels (exits). */
export const trustDialog = (cwd, cols) => ({
  header: [
    ' Accessing workspace:',
    '',
    ` ${cwd}`,
    '',
    ...para(TRUST, cols, ' '),
    '',
    " Claude Code'll be able to read, edit, and execute files here.",
    '',
    ' Security guide',
    '',
  ],
  options: ['No, exit', 'Yes, I trust this folder'],
  selected: 0,
  footer: ['', ' Enter to confirm · Esc to cancel'],
});

/** Bare options, "Yes" first, cursor on "No (recommended)"; Esc says no. */
export const apiKeyDialog = (key) => ({
  indent: '  ',
  header: [
    '  Detected a custom API key in your environment',
    '',
    `  ANTHROPIC_API_KEY: sk-ant-...${key.slice(-20)}`,
    '',
    '  Do you want to use this API key?',
    '',
  ],
  options: ['Yes', 'No (recommended)'],
  selected: 1,
  footer: ['', '  Enter to confirm · Esc to cancel'],
});

/** The tool call a permission dialog is about, drawn above it. */
export const runningCommand = (command) => ['● Running a command', `  ⎿  $ ${command}`, ''];

const dashed = (cols) => '╌'.repeat(cols);

/**
 * The normal permission prompt: numbered, cursor on "1. Yes", a digit picks at once. The auto-mode tip is drawn
 * in manual (default) mode only.
 */
export const permissionDialog = ({ command, description, cwd, mode, cols }) => ({
  above: runningCommand(command),
  header: [
    ' Bash command',
    ...(mode === 'default' ? [' Tip: auto mode handles these prompts for you — choose "switch to auto mode" below'] : []),
    ` ${description}`,
    dashed(cols),
    ` ${command}`,
    dashed(cols),
    ' Do you want to proceed?',
  ],
  options: [
    'Yes',
    `Yes, and always allow access to ${cwd} from this project`,
    'Yes, and switch to auto mode · auto mode handles these prompts for you',
    'No',
  ],
  numbered: true,
  digits: true,
  selected: 0,
  footer: ['', ' Esc to cancel · Tab to amend'],
});

/** Where the requests go, as auto mode's messages name it: the host of ANTHROPIC_BASE_URL. */
export function gatewayOf(env) {
  try {
    return new URL(env.ANTHROPIC_BASE_URL).host || 'your gateway';
  } catch {
    return 'your gateway';
  }
}

/** Auto mode's first fallback step (once per session): no options; Enter stays, shift+Tab leaves, Esc cancels. */
export const autoUnavailableDialog = (gateway, cols) => ({
  header: [
    "  Auto mode can't check actions in this session",
    '',
    ...para(
      `Auto mode's safety check runs on the server. Your requests go through ${gateway}, and the check isn't getting through.`,
      cols,
      '  ',
    ),
    '',
    '  You can stay in auto mode and approve each action that needs the check yourself.',
    '',
    ...para(
      "Or you can leave for accept edits mode, which has no safety check, and auto mode stays off. These then run without asking: file edits and commands such as rm and mv in your working folders, some tools, such as subagents and scheduled tasks, and anything allowed by rules that auto mode set aside, such as Bash(*). This turn stops, so its waiting actions don't run, but background tasks go on. Claude goes on at your next message, or sooner.",
      cols,
      '  ',
    ),
    '',
    '  To get the check back, ask whoever runs your gateway to pass it through:',
    `  ${CLASSIFIER_DOCS}`,
    '',
  ],
  options: [],
  footer: ['  Enter to stay in auto mode · shift+Tab to leave for accept edits mode and stop · Esc to cancel'],
  keys: { enter: 'enter', 'shift-tab': 'shift-tab' },
});

/** The message auto mode leaves in the transcript once the user chose to stay. */
export const autoStayMessage = (gateway, cols) =>
  wrap(
    `Auto mode can't check actions in this session. Its safety check runs on the server, and your requests go through ${gateway}, which doesn't pass it through. Actions that need the check now ask for your approval. To work without these prompts, switch permission mode with Shift+Tab. To use auto mode, ask whoever runs ${gateway} to pass Claude Code's server-side safety check through: ${CLASSIFIER_DOCS}`,
    cols - 7,
  ).map((l, i) => `${i === 0 ? '●' : ' '} ${l}`);

/** Auto mode's second step: bare options, cursor on "No". */
export const autoFallbackDialog = ({ command, description, cols, above }) => ({
  above,
  header: [
    ' Bash command',
    ` ${description}`,
    dashed(cols),
    ` ${command}`,
    dashed(cols),
    " Auto mode can't check actions in this session, so this one needs your approval",
    '',
    ' Do you want to proceed?',
  ],
  options: ['No', 'Yes'],
  selected: 0,
  footer: ['', ' Esc to cancel · Tab to amend'],
});
