/** Minimal markdown line scanner: headings and fenced code, nothing else. */

export interface Line {
  /** 1-based line number. */
  n: number;
  text: string;
  inFence: boolean;
  heading: { level: number; text: string } | null;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;

export function scanLines(source: string): Line[] {
  const raw = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out: Line[] = [];
  let fence: string | null = null;
  for (let i = 0; i < raw.length; i++) {
    const text = raw[i] ?? '';
    const f = FENCE.exec(text);
    if (f?.[1]) {
      const marker = f[1];
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      out.push({ n: i + 1, text, inFence: true, heading: null });
      continue;
    }
    const h = fence === null ? HEADING.exec(text) : null;
    out.push({
      n: i + 1,
      text,
      inFence: fence !== null,
      heading: h?.[1] ? { level: h[1].length, text: h[2] ?? '' } : null,
    });
  }
  return out;
}

/** The first `# ` heading's text, or null. */
export function firstTitle(lines: Line[]): string | null {
  for (const l of lines) if (l.heading?.level === 1) return stripInline(l.heading.text);
  return null;
}

/** Removes emphasis and code marks so a title reads as plain text. */
export function stripInline(text: string): string {
  return text
    .replace(/\*\*|__/g, '')
    .replace(/`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Index of the line that ends the section opened at `start` (exclusive). */
export function sectionEnd(lines: Line[], start: number, level: number): number {
  for (let i = start + 1; i < lines.length; i++) {
    const h = lines[i]?.heading;
    if (h && h.level <= level) return i;
  }
  return lines.length;
}

/** Milestone id from a plan or handoff file name: `M4_cleanup.md` → `M4`, `HANDOFF_M4.md` → `M4`. */
export function milestoneIdFromFile(path: string): string {
  const base = (path.split(/[\\/]/).pop() ?? path).replace(/\.(md|markdown|ya?ml)$/i, '');
  const m = /^(?:HANDOFF_)?(M\d+[A-Za-z0-9.]*)(?:[_-]|$)/i.exec(base);
  if (m?.[1]) return m[1];
  return base.replace(/_Milestone_Plan$/i, '').replace(/^\d+_/, '');
}
