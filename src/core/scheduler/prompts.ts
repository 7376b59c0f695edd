/** Follow-up prompts the scheduler types into an agent. Pure text. */

export function handoffFollowUp(taskId: string, title: string): string {
  return [
    `Task ${taskId} (${title}) is not finished: the handoff file has no "## Task ${taskId} Complete: ${title}" section yet.`,
    'Please finish the task, commit all your work, and append that section (with ### Gotchas) to the handoff file.',
  ].join('\n');
}

export function gateFailurePrompt(taskId: string, gate: string, output: string): string {
  return [
    `The ${gate} check failed for Task ${taskId}. Here is the end of its output:`,
    '',
    output.trim().split('\n').slice(-40).join('\n'),
    '',
    'Fix the cause, make the check pass, and commit your work.',
  ].join('\n');
}

export function ciFailurePrompt(taskId: string, summary: string, failing: string[], log: string): string {
  return [
    `CI failed for Task ${taskId}: ${summary}.`,
    ...(failing.length > 0 ? [`Failing checks: ${failing.join(', ')}.`] : []),
    'Here is the end of the failed log:',
    '',
    log.trim().split('\n').slice(-60).join('\n') || '(no log)',
    '',
    'Fix the cause, run the checks locally, and commit your work.',
  ].join('\n');
}

/** The worktree is mid-merge with the integration branch: the conflicted files have markers. */
export function resolveConflictPrompt(taskId: string, integrationBranch: string, files: string[]): string {
  return [
    `Task ${taskId}: ${integrationBranch} has moved on and was merged into your branch; the merge stopped with conflicts in:`,
    ...files.map((f) => `- ${f}`),
    'Resolve the conflict markers in those files (keep both sides where they are both needed), make the tests pass,',
    'then `git add` the files and `git commit` to finish the merge.',
  ].join('\n');
}

/** 1 → "1 minute", 2.5 → "2.5 minutes" (to a tenth, as the watchdog measures). */
export function minutesText(minutes: number): string {
  const m = Math.round(minutes * 10) / 10;
  return `${m} ${m === 1 ? 'minute' : 'minutes'}`;
}

/** A blocker question's nudge: `stalled` (no output for `minutes`) or `overdue` (running for `minutes`, over the limit). */
export function nudgePrompt(taskId: string, why: 'stalled' | 'overdue', minutes: number | undefined): string {
  const took = minutes === undefined ? 'a while' : minutesText(minutes);
  return [
    why === 'stalled'
      ? `Task ${taskId}: there has been no output for ${took}.`
      : `Task ${taskId}: the task has been running for ${took}, over its time limit.`,
    'If you are blocked, say exactly what blocks you. Otherwise continue the task, commit, and write the handoff section.',
  ].join('\n');
}

/** The agent's screen stopped on something mstui does not recognise (or it was interrupted). */
export function waitingNudge(taskId: string): string {
  return `Task ${taskId}: please continue. If you are blocked or need a decision, say exactly what you need; otherwise finish the task, commit, and write the handoff section.`;
}

/** The agent reported an unexpected finding (seed 000's guardrail): have it check again another way before it counts. */
export function doubleCheckPrompt(taskId: string, quote: string): string {
  return [
    `Task ${taskId}: you reported: "${quote}".`,
    'Double-check with another method (search differently, read the files, run the tests) before concluding;',
    'if it still holds, say so plainly (what you found, in one sentence) and write it in your handoff section.',
  ].join('\n');
}
