/**
 * The agent's screen in the live pane, drawn cheaply for Ink.
 *
 * Ink lays out and measures every <Text> whose content changed (string-width over the whole row, kept forever in
 * its measure cache) and, in every frame, measures every row again before writing it. An agent that prints changes
 * every row in every frame. So the rows go through one <Transform> over a fixed block of one-space lines: Ink sees
 * the same text each frame (no relayout, nothing measured, nothing cached), and the transform hands Ink's output
 * stage the real rows, already cut to the pane's width with their colours (SGR) kept.
 */
import { Transform } from 'ink';
import { useMemo } from 'react';
import { fitAnsi } from './ansi-fit.js';

export interface ScreenRowsProps {
  /** Rows with SGR sequences, at most as many as the pane has lines for. */
  rows: readonly string[];
  width: number;
}

export function ScreenRows({ rows, width }: ScreenRowsProps) {
  const block = useMemo(() => Array.from({ length: rows.length }, () => ' ').join('\n'), [rows.length]);
  const fitted = rows.map((row) => fitAnsi(row, width));
  if (rows.length === 0) return null;
  return <Transform transform={(_line, index) => fitted[index] ?? ''}>{block}</Transform>;
}
