/**
 * Keybindings as data: the key handler, the one-line hint and the `?` help overlay are all generated from
 * KEYMAP, so a key cannot work without being documented (or be documented without working).
 */
import type { Key } from 'ink';
import { ANSWER_KEYS } from '../core/scheduler/answer-keys.js';
import type { Answer } from '../core/scheduler/types.js';

/**
 * Where a binding applies. `question`: only while a question accepting `answer` is pending, and then it wins
 * over `list` (so `s` answers "skip" instead of asking to skip the selected task). `filter`: while typing a `/`
 * filter (other printable keys edit it). `overlay`: help, diff and log overlays. `confirm`: the quit / skip
 * confirmations. Overlays are modal: `list` and `question` keys are off while one is open. `any`: in every mode,
 * after the mode's own keys (Ctrl-C).
 */
export type KeyContext = 'list' | 'question' | 'filter' | 'overlay' | 'confirm' | 'any';

/** How keys see the screen: the tree (with the question bar), a `/` filter being typed, a modal overlay, a confirmation. */
export type KeyMode = 'none' | 'filter' | 'modal' | 'confirm';

export type KeyAction =
  | 'move-down'
  | 'move-up'
  | 'page-down'
  | 'page-up'
  | 'top'
  | 'bottom'
  | 'next-waiting'
  | 'filter'
  | 'filter-keep'
  | 'filter-clear'
  | 'filter-erase'
  | 'attach'
  | 'pause'
  | 'skip'
  | 'force'
  | 'retry'
  | 'diff'
  | 'log'
  | 'ci'
  | 'tmux'
  | 'quit'
  | 'interrupt'
  | 'help'
  | 'answer'
  | 'scroll-down'
  | 'scroll-up'
  | 'scroll-page-down'
  | 'scroll-page-up'
  | 'scroll-top'
  | 'scroll-bottom'
  | 'close'
  | 'confirm'
  | 'cancel';

export interface KeyBinding {
  /**
   * Key names as produced by `keyName`: a printable character, or enter/escape/up/down/pageup/pagedown/home/end/tab/
   * backspace, or ctrl+<letter>.
   */
  keys: readonly string[];
  action: KeyAction;
  help: string;
  when: KeyContext;
  /** For `answer` bindings: the answer the key gives. */
  answer?: Answer;
  /** Short label in the one-line key hint; bindings without one are only in the help overlay. */
  hint?: string;
  /** The hint's label while the run is paused (`p resume`). */
  pausedHint?: string;
}

/** An answer's key comes from ANSWER_KEYS, the table the headless asker reads too. */
const answer = (a: Answer, help: string): KeyBinding => ({ keys: [ANSWER_KEYS[a]], action: 'answer', answer: a, help, when: 'question' });

export const KEYMAP: readonly KeyBinding[] = [
  { keys: ['j', 'down'], action: 'move-down', help: 'select the next task', when: 'list' },
  { keys: ['k', 'up'], action: 'move-up', help: 'select the previous task', when: 'list' },
  { keys: ['pagedown'], action: 'page-down', help: 'move a page down', when: 'list' },
  { keys: ['pageup'], action: 'page-up', help: 'move a page up', when: 'list' },
  { keys: ['g', 'home'], action: 'top', help: 'select the first task', when: 'list' },
  { keys: ['G', 'end'], action: 'bottom', help: 'select the last task', when: 'list' },
  { keys: ['enter', 'a'], action: 'attach', help: "attach to the selected task's agent", when: 'list', hint: 'attach' },
  { keys: ['tab'], action: 'next-waiting', help: 'select the next task waiting for you (a question)', when: 'list' },
  { keys: ['/'], action: 'filter', help: 'filter the tasks by id or title (enter keeps it, Esc clears it)', when: 'list', hint: 'filter' },
  { keys: ['escape'], action: 'filter-clear', help: 'clear the task filter', when: 'list' },
  {
    keys: ['p'],
    action: 'pause',
    help: 'pause / resume scheduling (no new tasks start while paused)',
    when: 'list',
    hint: 'pause',
    pausedHint: 'resume',
  },
  { keys: ['s'], action: 'skip', help: 'skip the selected task and its dependents (asks first)', when: 'list', hint: 'skip' },
  { keys: ['f'], action: 'force', help: 'force the selected task past its failed gate', when: 'list', hint: 'force' },
  { keys: ['r'], action: 'retry', help: 'retry the selected task', when: 'list', hint: 'retry' },
  { keys: ['d'], action: 'diff', help: "the selected task's diff against the integration branch", when: 'list', hint: 'diff' },
  { keys: ['l'], action: 'log', help: "the selected task's log", when: 'list', hint: 'log' },
  // No hint (the line is full at 100 columns): the detail pane says "v: log" next to a task's CI status.
  { keys: ['v'], action: 'ci', help: "the selected task's CI: checks, PR, the failed log's tail", when: 'list' },
  { keys: ['t'], action: 'tmux', help: 'inside tmux: open the selected agent in a new tmux window', when: 'list', hint: 'tmux' },
  { keys: ['q'], action: 'quit', help: 'quit (asks first; agents stop, state is saved)', when: 'list', hint: 'quit' },
  { keys: ['?'], action: 'help', help: 'this help', when: 'list', hint: 'help' },
  answer('yes', 'answer yes'),
  answer('no', 'answer no (to a merge: skip the task and its dependents, asks first)'),
  answer('always', 'yes, and do not ask again for this kind of question'),
  answer('retry', 'retry, sending the failure to the agent'),
  answer('skip', 'skip the task (and its dependents)'),
  answer('force', 'force the task past the failed check'),
  answer('abort', 'abort the run'),
  answer('approve', "approve the agent's permission request"),
  answer('deny', "deny the agent's permission request"),
  answer('continue', 'continue: you fixed it by hand in the worktree, check again'),
  answer('hand', 'resolve the conflict by hand (the worktree is left mid-merge)'),
  answer('wait', 'keep waiting'),
  answer('nudge', 'nudge the agent: ask it what blocks it'),
  answer('attach', "attach to the asking agent's screen (answer it there; detach to come back)"),
  { keys: ['enter'], action: 'filter-keep', help: 'keep the filter', when: 'filter', hint: 'keep' },
  { keys: ['escape'], action: 'filter-clear', help: 'clear the filter', when: 'filter', hint: 'clear' },
  { keys: ['backspace'], action: 'filter-erase', help: 'erase the last character', when: 'filter' },
  { keys: ['j', 'down'], action: 'scroll-down', help: 'scroll down', when: 'overlay' },
  { keys: ['k', 'up'], action: 'scroll-up', help: 'scroll up', when: 'overlay' },
  { keys: ['pagedown', 'space'], action: 'scroll-page-down', help: 'scroll a page down', when: 'overlay' },
  { keys: ['pageup'], action: 'scroll-page-up', help: 'scroll a page up', when: 'overlay' },
  { keys: ['g', 'home'], action: 'scroll-top', help: 'jump to the top', when: 'overlay' },
  { keys: ['G', 'end'], action: 'scroll-bottom', help: 'jump to the end (a log then follows new output)', when: 'overlay' },
  { keys: ['escape', 'q', '?'], action: 'close', help: 'close the overlay', when: 'overlay', hint: 'close' },
  { keys: ['y', 'enter'], action: 'confirm', help: 'confirm', when: 'confirm', hint: 'yes' },
  { keys: ['n', 'escape'], action: 'cancel', help: 'cancel', when: 'confirm', hint: 'no' },
  { keys: ['ctrl+c'], action: 'interrupt', help: 'ask to quit (closing what is open); at the quit question: quit at once', when: 'any' },
];

/** The contexts that are live, highest precedence first. */
export function activeContexts(mode: KeyMode): KeyContext[] {
  if (mode === 'confirm') return ['confirm', 'any'];
  if (mode === 'modal') return ['overlay', 'any'];
  if (mode === 'filter') return ['filter', 'any'];
  return ['question', 'list', 'any'];
}

function applies(b: KeyBinding, ctx: KeyContext, answers: readonly Answer[]): boolean {
  return b.when === ctx && (ctx !== 'question' || (b.answer !== undefined && answers.includes(b.answer)));
}

/** The binding a key triggers, given the mode and the answers the pending question accepts. */
export function resolveKey(
  name: string,
  mode: KeyMode,
  answers: readonly Answer[],
  keymap: readonly KeyBinding[] = KEYMAP,
): KeyBinding | undefined {
  for (const ctx of activeContexts(mode)) {
    const hit = keymap.find((b) => applies(b, ctx, answers) && b.keys.includes(name));
    if (hit) return hit;
  }
  return undefined;
}

/** Ink's (input, key) → the key name used in KEYMAP. */
export function keyName(input: string, key: Key): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl) return `ctrl+${input}`;
  if (input === ' ') return 'space';
  return input;
}

/** A control character typed inside a chunk (`jj\r`) → its key name. */
function charName(ch: string): string {
  if (ch === '\r' || ch === '\n') return 'enter';
  if (ch === '\t') return 'tab';
  if (ch === ' ') return 'space';
  if (ch === '\u007F' || ch === '\b') return 'backspace';
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 1 && code <= 26) return `ctrl+${String.fromCodePoint(code + 96)}`;
  return ch;
}

/**
 * Every key of one stdin read, in order. Ink hands over a chunk as one input: `jjj` typed fast, pasted, or sent
 * by `tmux send-keys -l` arrives whole. Ink's input parser already cuts escape sequences (arrows, PgDn) out of a
 * chunk as units, so the rest is text: one key per character.
 */
export function keyNames(input: string, key: Key): string[] {
  const special =
    key.upArrow ||
    key.downArrow ||
    key.leftArrow ||
    key.rightArrow ||
    key.pageUp ||
    key.pageDown ||
    key.home ||
    key.end ||
    key.return ||
    key.escape ||
    key.tab ||
    key.backspace ||
    key.delete ||
    key.ctrl;
  const chars = [...input];
  if (special || chars.length <= 1 || input.includes('\u001B')) return [keyName(input, key)];
  return chars.map(charName);
}

const DISPLAY: Record<string, string> = {
  up: '↑',
  down: '↓',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  escape: 'Esc',
  space: 'Space',
  tab: 'Tab',
  backspace: 'Backspace',
  'ctrl+c': 'Ctrl-C',
};

export const displayKey = (name: string): string => DISPLAY[name] ?? name;

export interface HintOptions {
  /** The run is paused: `p resume`. */
  paused?: boolean;
  /** Columns the line has: hints are dropped (from before `q quit · ? help`, which stay) until it fits. */
  width?: number;
}

/** The one-line hint: hinted bindings of the live contexts, minus keys a pending question has taken over. */
export function keyHint(mode: KeyMode, answers: readonly Answer[], opts: HintOptions = {}, keymap: readonly KeyBinding[] = KEYMAP): string {
  const contexts = activeContexts(mode);
  const taken = new Set(keymap.filter((b) => contexts.includes('question') && applies(b, 'question', answers)).flatMap((b) => b.keys));
  const parts: string[] = [];
  for (const b of keymap) {
    if (!b.hint || b.when === 'question' || !contexts.includes(b.when)) continue;
    const key = b.keys.find((k) => !taken.has(k));
    if (key !== undefined) parts.push(`${displayKey(key)} ${opts.paused && b.pausedHint ? b.pausedHint : b.hint}`);
  }
  const width = opts.width ?? Number.POSITIVE_INFINITY;
  while (parts.length > 2 && parts.join(' · ').length > width) parts.splice(parts.length - 3, 1);
  return parts.join(' · ');
}

export const CONTEXT_TITLES: Record<KeyContext, string> = {
  list: 'Task list',
  question: 'Pending question (its letters take precedence over the task-list keys)',
  filter: 'Typing a / filter (other keys are its text)',
  overlay: 'Help, diff and log overlays',
  confirm: 'Confirmations',
  any: 'Everywhere',
};

/** The help overlay's lines, grouped by context in KEYMAP order. */
export function helpLines(keymap: readonly KeyBinding[] = KEYMAP): string[] {
  const lines: string[] = [];
  const width = Math.max(...keymap.map((b) => b.keys.map(displayKey).join('/').length));
  for (const ctx of Object.keys(CONTEXT_TITLES) as KeyContext[]) {
    const group = keymap.filter((b) => b.when === ctx);
    if (group.length === 0) continue;
    if (lines.length > 0) lines.push('');
    lines.push(CONTEXT_TITLES[ctx]);
    for (const b of group) lines.push(`  ${b.keys.map(displayKey).join('/').padEnd(width)}  ${b.help}`);
  }
  return lines;
}
