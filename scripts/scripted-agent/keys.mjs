/**
 * Turns raw terminal input into key events: char, paste, enter, escape, backspace, tab, shift-tab, ctrl-c, ctrl-d,
 * ctrl-u, up, down, left, right.
 */

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';
const ARROWS = { A: 'up', B: 'down', C: 'right', D: 'left', Z: 'shift-tab' };

/** Length of the longest suffix of `s` that is a prefix of `token` (a token split across reads). */
function partialSuffix(s, token) {
  for (let n = Math.min(token.length - 1, s.length); n > 0; n--) {
    if (token.startsWith(s.slice(-n))) return n;
  }
  return 0;
}

/** A lone ESC is reported after `escTimeoutMs` without a following byte. */
export function createKeyParser(onKey, { escTimeoutMs = 40 } = {}) {
  let buf = '';
  let paste = null;
  let timer = null;

  function drainPaste() {
    const end = buf.indexOf(PASTE_END);
    if (end < 0) {
      const keep = partialSuffix(buf, PASTE_END);
      paste += buf.slice(0, buf.length - keep);
      buf = buf.slice(buf.length - keep);
      return false;
    }
    paste += buf.slice(0, end);
    buf = buf.slice(end + PASTE_END.length);
    onKey({ name: 'paste', text: paste.replace(/\r\n?/g, '\n') });
    paste = null;
    return true;
  }

  /** Returns false when more bytes are needed. */
  function drainEscape() {
    if (buf.length === 1) return false;
    if (buf.startsWith(PASTE_START)) {
      paste = '';
      buf = buf.slice(PASTE_START.length);
      return true;
    }
    if (PASTE_START.startsWith(buf)) return false;
    if (buf[1] === '[') {
      // a CSI sequence after the ESC: parameters, intermediates, one final byte
      const m = /^\[[0-?]*[ -/]*[@-~]/.exec(buf.slice(1));
      if (!m) {
        if (buf.length < 16) return false;
        buf = buf.slice(2);
        return true;
      }
      const sequence = `\x1b${m[0]}`;
      onKey({ name: ARROWS[m[0].at(-1) ?? ''] ?? 'unknown', sequence });
      buf = buf.slice(sequence.length);
      return true;
    }
    if (buf[1] === 'O') {
      if (buf.length < 3) return false;
      onKey({ name: ARROWS[buf[2] ?? ''] ?? 'unknown', sequence: buf.slice(0, 3) });
      buf = buf.slice(3);
      return true;
    }
    if (buf[1] === '\x1b') {
      onKey({ name: 'escape' });
      buf = buf.slice(1);
      return true;
    }
    onKey({ name: 'meta', ch: buf[1] });
    buf = buf.slice(2);
    return true;
  }

  function drainPlain() {
    const cp = buf.codePointAt(0) ?? 0;
    const ch = String.fromCodePoint(cp);
    buf = buf.slice(ch.length);
    if (ch === '\r' || ch === '\n') onKey({ name: 'enter' });
    else if (ch === '\x7f' || ch === '\b') onKey({ name: 'backspace' });
    else if (ch === '\x03') onKey({ name: 'ctrl-c' });
    else if (ch === '\x04') onKey({ name: 'ctrl-d' });
    else if (ch === '\x15') onKey({ name: 'ctrl-u' });
    else if (ch === '\t') onKey({ name: 'tab' });
    else if (cp >= 0x20) onKey({ name: 'char', ch });
  }

  function drain() {
    while (buf.length > 0) {
      if (paste !== null) {
        if (!drainPaste()) return;
      } else if (buf[0] === '\x1b') {
        if (!drainEscape()) return;
      } else {
        drainPlain();
      }
    }
  }

  return {
    feed(data) {
      if (timer) clearTimeout(timer);
      timer = null;
      buf += data;
      drain();
      if (paste === null && buf.startsWith('\x1b')) {
        timer = setTimeout(() => {
          timer = null;
          buf = buf.slice(1);
          onKey({ name: 'escape' });
          drain();
        }, escTimeoutMs);
      }
    },
  };
}
