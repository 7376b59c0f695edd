/** The questions a run asks a human, with the answers each accepts. */
import type { Question, QuestionKind, RunState, TaskRun } from './types.js';

export function questionFor(kind: QuestionKind, t: TaskRun, s: RunState, detail = ''): Question {
  const integration = 'the integration branch';
  const left = Math.max(0, s.options.maxRetries - t.retries);
  switch (kind) {
    case 'merge':
      return { kind, task: t.id, text: `Merge ${t.id} into ${integration}?`, answers: ['yes', 'no', 'always'] };
    case 'gate-failed':
      return {
        kind,
        task: t.id,
        text: `${t.reason ?? 'A check failed'} for ${t.id} (${left} of ${s.options.maxRetries} retries left). Retry with the failure sent to the agent?`,
        answers: left > 0 ? ['retry', 'skip', 'force', 'abort'] : ['skip', 'force', 'abort'],
      };
    case 'handoff-missing':
      return {
        kind,
        task: t.id,
        text: `${t.id} stopped without writing its handoff section. Ask the agent again?`,
        answers: ['retry', 'skip', 'force', 'abort'],
      };
    case 'merge-conflict':
      return {
        kind,
        task: t.id,
        text: `${t.id} conflicts with ${integration}. Let the agent resolve it?`,
        answers: ['retry', 'skip', 'abort'],
      };
    case 'permission':
      return { kind, task: t.id, text: `${t.id} asks for permission${detail ? `: ${detail}` : ''}`, answers: ['approve', 'deny'] };
    case 'confirm-deps':
      return {
        kind,
        task: null,
        text: 'Dependencies were inferred from document order. Run the tasks in that order?',
        answers: ['yes', 'no'],
      };
  }
}
