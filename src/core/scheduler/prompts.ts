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

export function conflictPrompt(taskId: string, integrationBranch: string, files: string[]): string {
  return [
    `Task ${taskId} conflicts with ${integrationBranch} in: ${files.join(', ') || '(unknown files)'}.`,
    `Merge ${integrationBranch} into your branch, resolve the conflicts, make the tests pass, and commit.`,
  ].join('\n');
}
