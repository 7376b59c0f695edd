/** The questions a run asks a human, with the answers each accepts. */
import { baselineQuestionText, planReviewText } from './before-start-text.js';
import { KIRO_ANSWERS, kiroQuestionText } from './kiro-text.js';
import type { Question, QuestionKind, RunState, TaskRun } from './types.js';

const INTEGRATION = 'the integration branch';

/** Facts a question carries beside its text, for its answers to act on (never parsed back out of the text). */
export type QuestionFacts = Pick<Question, 'minutes' | 'retryLimit' | 'findingAt'>;

/** The gate that runs `commands.testQuality` on the test files a task changed (seed 000 step 2d). */
export const TEST_QUALITY_GATE = 'test-quality';
/** Seed 000 step 2d: "fix and re-check (up to 2 retries)". */
export const TEST_QUALITY_RETRIES = 2;

/** The retries a failed gate allows: `maxRetries`, and at most TEST_QUALITY_RETRIES for the test-quality gate. */
export const gateRetryLimit = (gate: string, maxRetries: number): number =>
  gate === TEST_QUALITY_GATE ? Math.min(maxRetries, TEST_QUALITY_RETRIES) : maxRetries;

/** `detail` is display text only; what an answer needs goes in `facts`. */
/** A finding that held: go on, skip the task, look at the agent first, or stop. */
const FINDING_ANSWERS: Question['answers'] = ['continue', 'skip', 'attach', 'abort'];

export function questionFor(kind: QuestionKind, t: TaskRun, s: RunState, detail = '', facts: QuestionFacts = {}): Question {
  const max = facts.retryLimit ?? s.options.maxRetries;
  const left = Math.max(0, max - t.retries);
  const q = (text: string, answers: Question['answers']): Question => ({ kind, task: t.id, text, answers, ...facts });
  const took = facts.minutes === undefined ? 'a while' : `${facts.minutes} min`;
  switch (kind) {
    case 'merge':
      return q(`Merge ${t.id} into ${INTEGRATION}?`, ['yes', 'no', 'always']);
    case 'gate-failed':
      return q(
        `${t.reason ?? 'A check failed'} for ${t.id} (${left} of ${max} retries left). Retry with the failure sent to the agent?`,
        left > 0 ? ['retry', 'skip', 'force', 'abort'] : ['skip', 'force', 'abort'],
      );
    case 'ci-failed': {
      const ciLeft = Math.max(0, max - t.ciRetries);
      return q(
        `CI failed for ${t.id} (${ciLeft} of ${max} retries left): ${t.ci.summary || 'a check failed'}.`,
        ciLeft > 0 ? ['retry', 'skip', 'force', 'abort'] : ['skip', 'force', 'continue', 'abort'],
      );
    }
    case 'handoff-missing':
      return q(`${t.id} stopped without writing its handoff section. Ask the agent again?`, ['retry', 'skip', 'force', 'abort']);
    case 'merge-conflict':
      return q(
        `${t.id} conflicts with ${INTEGRATION}${detail ? ` in ${detail}` : ''}. Let the agent resolve it (${left} of ${max} retries left), resolve it by hand, or skip?`,
        left > 0 ? ['retry', 'hand', 'skip', 'abort'] : ['hand', 'skip', 'abort'],
      );
    case 'conflict-by-hand':
      return q(`Resolve the conflicts of ${t.id} by hand in its worktree and commit, then continue.`, ['continue', 'skip', 'abort']);
    case 'permission':
      return q(`${t.id} asks for permission${detail ? `: ${detail}` : ''}`, ['approve', 'deny']);
    case 'overdue':
      return q(`${t.id} has been running for ${took}, over the limit. Keep waiting?`, ['wait', 'nudge', 'skip', 'abort']);
    case 'stalled':
      return q(`${t.id}'s agent has printed nothing for ${took}. Ask it what blocks it?`, ['nudge', 'wait', 'skip', 'abort']);
    case 'trust':
      return q(
        `${t.id}: the agent asks whether to trust this repository${detail ? ` (${detail})` : ''}. Trust it? (The agent remembers the answer in its own config.)`,
        ['yes', 'attach', 'skip', 'abort'],
      );
    case 'api-key':
      return q(`${t.id}: the agent found an API key in its environment. Use it?${detail ? ` (${detail})` : ''}`, [
        'yes',
        'no',
        'attach',
        'abort',
      ]);
    case 'login':
      return q(
        `${t.id}: the agent cannot start work: ${detail || 'it shows a sign-in screen'}. Log in outside mstui (run the agent once in a terminal), then retry.`,
        ['retry', 'attach', 'skip', 'abort'],
      );
    case 'waiting':
      return q(`${t.id} seems to be waiting${detail ? ` (${detail})` : ''}.`, ['attach', 'nudge', 'wait', 'skip', 'abort']);
    case 'budget':
      return q(`${t.id}: ${detail}. Keep going?`, ['continue', 'skip', 'abort']);
    case 'finding':
      return q(
        `${t.id} reports ${detail}; it held after a double check. Continue with the task as it is (or attach to look first)?`,
        FINDING_ANSWERS,
      );
    case 'phase-approval':
    case 'deliverable-missing':
      return q(kiroQuestionText(kind, t.id, t.phase ?? 'design'), KIRO_ANSWERS[kind]);
    case 'setup-failed':
      return q(
        `${t.reason ?? 'commands.setup failed'} in ${t.id}'s new worktree, before its agent started. Run it again (after a fix), skip the task, or abort?`,
        ['retry', 'skip', 'abort'],
      );
    case 'plan-review':
      return runQuestion(kind, planReviewText((s.options.planReview ?? []).filter((o) => o.state !== 'closed')), ['approve', 'abort']);
    case 'baseline-failed':
      return runQuestion(kind, baselineQuestionText(s.baseline), ['continue', 'abort']);
    case 'confirm-deps':
      return runQuestion(kind, 'Dependencies were inferred from document order. Run the tasks in that order?', ['yes', 'no']);
    case 'integration-failed':
      return runQuestion(kind, `The integration test failed on ${INTEGRATION}. Run it again (after a fix), accept it, or abort?`, [
        'retry',
        'force',
        'abort',
      ]);
    case 'disk-full':
      return runQuestion(kind, `The disk is ${detail} full: nothing new starts. Continue anyway?`, ['continue', 'abort']);
  }
}

function runQuestion(kind: QuestionKind, text: string, answers: Question['answers']): Question {
  return { kind, task: null, text, answers };
}
