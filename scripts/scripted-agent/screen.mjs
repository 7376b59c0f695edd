/**
 * Classic (normal-screen) renderer: finished lines scroll up like a transcript; a live region at the bottom
 * (spinner, prompt box, dialogs) is erased and redrawn in place.
 */

const CSI = '\x1b[';

/** Cut a line to `cols` code points so the live region never wraps (its height must stay countable). */
const clip = (line, cols) => {
  const chars = Array.from(line);
  return chars.length <= cols ? line : chars.slice(0, cols).join('');
};

const tail = (line, cols) => {
  const chars = Array.from(line);
  return chars.length <= cols ? line : chars.slice(chars.length - cols).join('');
};

export function wrap(text, width) {
  const out = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

export class Screen {
  constructor(out) {
    this.out = out;
    this.pending = [];
    this.drawn = 0;
    this.cursorRow = 0;
    this.muted = false;
    this.dead = false;
    this.scheduled = false;
    /** Written before the first real draw (so a muted start writes nothing at all). */
    this.preamble = '';
    /** Recent finished lines, to repaint the screen after a resize. */
    this.history = [];
    this.redrawAll = false;
    /** (cols, rows) => { lines: string[], cursor?: { row, col } } */
    this.region = () => ({ lines: [] });
  }

  get cols() {
    return Math.max(20, this.out.columns || 80);
  }

  get rows() {
    return Math.max(6, this.out.rows || 24);
  }

  /** Adds finished lines above the live region. */
  log(...lines) {
    for (const l of lines) this.pending.push(...String(l).split('\n'));
    this.invalidate();
  }

  /** While muted nothing at all is written (lines are kept until unmuted). */
  mute(on) {
    this.muted = on;
    if (!on) this.invalidate();
  }

  invalidate() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** After a resize the terminal has reflowed the old region unpredictably: clear and redraw the visible part. */
  resized() {
    this.redrawAll = true;
    this.invalidate();
  }

  flush() {
    if (this.muted || this.dead) return;
    const { cols, rows } = this;
    let { lines, cursor } = this.region(cols, rows);
    if (lines.length > rows - 1) {
      const cut = lines.length - (rows - 1);
      lines = lines.slice(cut);
      if (cursor) cursor = { row: Math.max(0, cursor.row - cut), col: cursor.col };
    }
    lines = lines.map((l) => clip(l, cols));
    let s = this.preamble;
    this.preamble = '';
    const pending = this.pending;
    this.pending = [];
    this.history.push(...pending);
    if (this.history.length > 1000) this.history.splice(0, this.history.length - 1000);
    if (this.redrawAll) {
      this.redrawAll = false;
      s += `${CSI}H${CSI}2J`;
      let budget = rows - lines.length;
      let first = this.history.length;
      for (; first > 0 && budget > 0; first--) {
        const height = Math.max(1, Math.ceil(Array.from(this.history[first - 1] ?? '').length / cols));
        if (height > budget) break;
        budget -= height;
      }
      for (const line of this.history.slice(first)) s += `${line}\r\n`;
    } else {
      if (this.drawn > 0) s += `\r${this.cursorRow > 0 ? `${CSI}${this.cursorRow}A` : ''}${CSI}J`;
      for (const line of pending) s += `${line}\r\n`;
    }
    s += lines.join('\r\n');
    if (lines.length > 0 && cursor) {
      const up = lines.length - 1 - cursor.row;
      s += `\r${up > 0 ? `${CSI}${up}A` : ''}${cursor.col > 0 ? `${CSI}${cursor.col}C` : ''}${CSI}?25h`;
      this.cursorRow = cursor.row;
    } else {
      s += `${CSI}?25l`;
      this.cursorRow = Math.max(0, lines.length - 1);
    }
    this.drawn = lines.length;
    this.write(s);
  }

  write(s) {
    if (this.dead) return;
    try {
      this.out.write(s);
    } catch {
      this.dead = true;
    }
  }

  /** Final draw: leave the cursor below the live region, cursor visible, bracketed paste off. */
  finish() {
    this.muted = false;
    this.flush();
    const down = this.drawn - 1 - this.cursorRow;
    this.write(`${down > 0 ? `${CSI}${down}B` : ''}${this.drawn > 0 ? '\r\n' : ''}${CSI}?25h${CSI}?2004l`);
    this.drawn = 0;
  }
}

const FRAMES = ['·', '✢', '✳', '✶', '✻', '✽'];

/** "✶ Working… (3s)" above the prompt box, as 2.1.328 draws it; "esc to interrupt" is in the footer. */
export const spinnerLine = (elapsedMs) =>
  `${FRAMES[Math.floor(elapsedMs / 120) % FRAMES.length]} Working… (${Math.floor(elapsedMs / 1000)}s)`;

/** The footer under the prompt box per permission mode (recorded for default, auto, acceptEdits, plan). */
const MODE_FOOTER = {
  default: '⏸ manual mode on',
  auto: '⏵⏵ auto mode on (shift+tab to cycle)',
  acceptEdits: '⏵⏵ accept edits on (shift+tab to cycle)',
  plan: '⏸ plan mode on (shift+tab to cycle)',
  bypassPermissions: '⏵⏵ bypass permissions on (shift+tab to cycle)',
  dontAsk: "⏵⏵ don't ask on (shift+tab to cycle)",
};

/** Idle: `  ⏸ manual mode on · ? for shortcuts` / `  ⏵⏵ auto mode on (shift+tab to cycle)`; busy adds ` · esc to interrupt`. */
export function footerLine(mode, busy) {
  const base = `  ${MODE_FOOTER[mode] ?? MODE_FOOTER.default}`;
  if (busy) return `${base} · esc to interrupt`;
  return mode === 'default' || !(mode in MODE_FOOTER) ? `${base} · ? for shortcuts` : base;
}

/** `────` / `❯ input` (or the placeholder) / `────` / footer; the cursor sits after the input. */
export function promptBox(input, cols, footer, placeholder = '') {
  const rule = '─'.repeat(cols);
  const all = input.split('\n');
  const shown = all.slice(-8);
  const body = shown.map((l, i) => `${i === 0 ? '❯ ' : '  '}${tail(l, cols - 3)}`);
  const cursorCol = Array.from(body.at(-1) ?? '❯ ').length;
  if (input === '' && placeholder) body[0] = `❯ ${placeholder}`;
  return {
    lines: [rule, ...body, rule, footer],
    cursor: { row: body.length, col: input === '' ? 2 : cursorCol },
  };
}

/**
 * A dialog at the bottom: `above` (the tool call it is about), a rule, `header`, the options (bare or numbered,
 * `❯` on the selected one, each prefixed by `indent`), `footer`.
 */
export function dialogBox(dialog, cols) {
  const lines = [...(dialog.above ?? []), '─'.repeat(cols), ...dialog.header];
  dialog.options.forEach((option, i) => {
    lines.push(`${dialog.indent ?? ' '}${i === dialog.selected ? '❯' : ' '} ${dialog.numbered ? `${i + 1}. ` : ''}${option}`);
  });
  lines.push(...dialog.footer);
  return { lines };
}

const DIRS = ['core', 'engine', 'adapters', 'cli', 'ui'];
const NAMES = ['plan', 'graph', 'runner', 'handoff', 'store', 'index', 'parse', 'model', 'view'];
const TERMS = ['TODO', 'export function', 'Handoff', 'spawn(', 'describe(', 'interface'];

/** Deterministic filler shown while "working". */
export function fillerLine(n) {
  if (n % 3 === 2) return `  ⎿ searching for "${TERMS[n % TERMS.length]}" in src/ (${(n % 9) + 1} matches)`;
  return `  ⎿ reading src/${DIRS[n % DIRS.length]}/${NAMES[(n * 7) % NAMES.length]}.ts (${40 + ((n * 37) % 300)} lines)`;
}

/** How a submitted prompt is shown in the transcript: `❯ first line`, then the rest indented. */
export function promptEcho(prompt) {
  const lines = prompt.replace(/\s+$/, '').split('\n');
  const shown = lines.slice(0, 6).map((l, i) => `${i === 0 ? '❯' : ' '} ${l}`);
  if (lines.length > 6) shown.push(`  … +${lines.length - 6} lines`);
  return shown;
}
