/** Markdown and shell formatting for the milestone report. Pure. */

/** A table cell: `|` escaped, line breaks as `<br>`, empty as an em dash. */
export function cell(text: string | number | null | undefined): string {
  const s = text === null || text === undefined ? '' : String(text);
  const one = s
    .replace(/\r\n?/g, '\n')
    .trim()
    .replace(/\\\|/g, '|') // already escaped pipes stay single-escaped
    .replace(/\|/g, '\\|')
    .replace(/\n+/g, '<br>');
  return one === '' ? '—' : one;
}

/** A GitHub-flavoured markdown table; every cell goes through `cell`. */
export function table(headers: string[], rows: (string | number | null)[][]): string[] {
  const line = (cells: (string | number | null)[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => '---').join('|')}|`, ...rows.map(line)];
}

/** `45s`, `12m 03s`, `1h 02m 03s`; null → `—`. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

/** `2025-03-01 14:05 UTC`: deterministic (no local time zone). */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** One shell word: left bare when it is safe, else single-quoted. */
export function shellWord(s: string): string {
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A double-quoted shell string (for `--title "M1: ..."`): `\`, `"`, `$` and backquotes escaped. */
export function doubleQuoted(s: string): string {
  return `"${s.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escape sequences is the point
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

/** The last `lines` lines of a command's output, without terminal escapes, in a fence no line can close. */
export function outputBlock(output: string, lines = 30): string[] {
  const all = output.replace(ANSI, '').replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  const tail = all.slice(-lines);
  const longest = Math.max(0, ...tail.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((run) => run.length))));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [...(all.length > lines ? [`(last ${lines} of ${all.length} lines)`, ''] : []), fence, ...tail, fence];
}

/** A markdown link whose target cannot break out of its parentheses. */
export function link(text: string, url: string): string {
  return `[${text}](${url.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
}
