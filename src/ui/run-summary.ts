/** Header numbers: status counts, the progress fraction and time formatting. Pure. */
export { KIRO_CREDIT, progressFraction, type RunCounts, runCounts } from '../core/run-view.js';

/** `[█████░░░░░]`-style bar of `width` cells (without brackets). */
export function progressBar(fraction: number, width: number): string {
  const w = Math.max(0, width);
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * w);
  return '█'.repeat(filled) + '░'.repeat(w - filled);
}

/** 65_000 → "1:05", 3_725_000 → "1:02:05". Negative or NaN → "0:00". */
export function formatElapsed(ms: number): string {
  const total = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Cuts `text` to `width` columns with an ellipsis (glyphs used here are one column wide). */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  return chars.length <= width
    ? text
    : `${chars
        .slice(0, width - 1)
        .join('')
        .trimEnd()}…`;
}
