/** A bordered box over the tree and detail pane: help, diff, log (scrollable) or a yes/no confirmation. */
import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { diffStyles, styled } from './diff-colour.js';
import type { OverlayContent } from './overlay-content.js';
import { truncate } from './run-summary.js';

export interface OverlayProps {
  content: OverlayContent;
  scroll: number;
  height: number;
  width: number;
  /** A confirmation: drawn in yellow, not scrollable. */
  confirm?: boolean;
  /** Colours for a diff's lines (false with NO_COLOR). */
  colour?: boolean;
}

/** Lines of content a page of the overlay shows (border top/bottom and the title take three). */
export const overlayPageFor = (height: number): number => Math.max(1, height - 3);

/** How far the content can scroll down before its last line reaches the bottom. */
export const overlayMaxScroll = (content: OverlayContent, height: number): number =>
  Math.max(0, content.lines.length - overlayPageFor(height));

export function Overlay({ content, scroll, height, width, confirm = false, colour = true }: OverlayProps) {
  // The diff was cleaned of control characters (overlay-content.ts); the colours come from Ink, after.
  const styles = useMemo(() => (content.diff ? diffStyles(content.lines, colour) : []), [content.diff, content.lines, colour]);
  const page = overlayPageFor(height);
  const first = Math.max(0, Math.min(scroll, overlayMaxScroll(content, height)));
  const lines = content.lines.slice(first, first + page);
  const inner = Math.max(0, width - 4);
  const position = content.lines.length > page ? `  ${first + 1}–${first + lines.length}/${content.lines.length}` : '';
  return (
    <Box
      flexDirection="column"
      width={width}
      height={confirm ? Math.min(height, 4) : height}
      borderStyle="round"
      borderColor={confirm ? 'yellow' : undefined}
      paddingX={1}
      overflowY="hidden"
    >
      <Text bold wrap="truncate-end">
        {truncate(`${content.title}${position}`, inner)}
      </Text>
      {lines.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines are positions in a text
        <Text key={`${first + i}`} color={confirm ? 'yellow' : undefined} wrap="truncate-end">
          {styled(truncate(l, inner) || ' ', styles[first + i])}
        </Text>
      ))}
    </Box>
  );
}
