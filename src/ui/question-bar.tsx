/** Bottom lines: the pending question with its answer keys, and a one-line key hint (or the last key's notice). */
import { Box, Text } from 'ink';
import { cleanLine } from '../core/plan/clean-text.js';
import type { Question } from '../core/scheduler/types.js';
import { KEYMAP } from './keymap.js';
import { answerLabels } from './pending-question.js';
import { truncate } from './run-summary.js';

export interface QuestionBarProps {
  question: Question | null;
  /** Questions waiting in all, the shown one included. */
  pending: number;
  /** A message about the last key, shown instead of the key hint. */
  notice: string | null;
  hint: string;
  width: number;
  /** Tasks that depend on a merge question's task: `n` skips them too, and the label says so. */
  dependents?: number;
}

/** Two lines for the question (long ones wrap), one for the key hint. */
export const QUESTION_BAR_HEIGHT = 3;

/** Tab selects the next task waiting (KEYMAP's next-waiting). */
const moreWaiting = (pending: number): string => (pending > 1 ? `(+${pending - 1} more waiting: Tab)` : '');

/** The answer keys and the "more waiting" note: units that never break across lines. */
function tail(q: Question, pending: number, dependents: number): string[] {
  return [...answerLabels(q, KEYMAP, dependents), moreWaiting(pending)].filter(Boolean);
}

/** "Merge 1.2 into mstui/M1? [y]es [n]o: skip 1.2 al[w]ays [d]iff", plus "(+2 more waiting: Tab)" when others wait. */
export function questionLine(q: Question, pending: number, dependents = 0): string {
  return [cleanLine(q.text), ...tail(q, pending, dependents)].join(' ');
}

/** Greedy wrap of words (units that must stay whole); a word longer than a line is cut. */
export function wordWrap(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words.filter(Boolean)) {
    if (line === '') line = truncate(word, width);
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = truncate(word, width);
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

const words = (text: string): string[] => text.split(' ');

/** The question in two lines at most; when it needs more, its text is cut so that the answer keys stay visible. */
export function questionLines(q: Question, pending: number, width: number, dependents = 0): [string, string] {
  const keys = tail(q, pending, dependents);
  const text = cleanLine(q.text);
  const flow = wordWrap([...words(text), ...keys], width);
  if (flow.length <= 2) return [flow[0] ?? '', flow[1] ?? ''];
  const answers = keys.join(' ');
  const [first = '', ...rest] = wordWrap(words(text), width);
  const room = width - answers.length - 1;
  return [first, room > 0 ? `${truncate(rest.join(' '), room)} ${answers}` : truncate(answers, width)];
}

export function QuestionBar({ question, pending, notice, hint, width, dependents = 0 }: QuestionBarProps) {
  return (
    <Box flexDirection="column" width={width} height={QUESTION_BAR_HEIGHT}>
      {question ? (
        questionLines(question, pending, width, dependents).map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the two lines of one question
          <Text key={i} color="yellow" bold wrap="truncate-end">
            {line || ' '}
          </Text>
        ))
      ) : (
        <>
          <Text dimColor wrap="truncate-end">
            No question pending.
          </Text>
          <Text> </Text>
        </>
      )}
      <Text dimColor={notice === null} color={notice === null ? undefined : 'yellow'} wrap="truncate-end">
        {truncate(notice ?? hint, width)}
      </Text>
    </Box>
  );
}
