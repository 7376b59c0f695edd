/** When a task starts waiting for a human: ring the bell and, inside tmux, show a message. */
import type { Event, RunState } from '../core/scheduler/types.js';
import type { Runner } from '../ports.js';

export function newQuestions(prev: RunState, next: RunState): string[] {
  const out: string[] = [];
  if (next.question && next.question !== prev.question) out.push(next.question.text);
  for (const id of next.order) {
    const q = next.tasks[id]?.question;
    if (q && q !== prev.tasks[id]?.question) out.push(q.text);
  }
  return out;
}

export function notifier(runner: Runner, bell: boolean) {
  return (_event: Event, prev: RunState, next: RunState) => {
    const questions = newQuestions(prev, next);
    if (questions.length === 0) return;
    if (bell) process.stdout.write('\u0007');
    if (process.env.TMUX) void runner.run('tmux', ['display-message', `mstui: ${questions[0]}`]).catch(() => {});
  };
}
