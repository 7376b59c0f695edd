/** The first prompt an agent gets for a task, by task kind. */
import type { Task, TaskKind } from './plan/model.js';

export interface PromptContext {
  milestoneId: string;
  milestoneTitle: string;
  planPath: string;
  handoffPath: string;
  branch: string;
  testCommand: string | undefined;
}

/** Seed 000's reminder for VALIDATION tasks. */
export const E2E_REMINDER =
  'REMINDER: This is a VALIDATION task. Run the end-to-end scenario for real (use your E2E test workflow, e.g. e2e-test-designer → e2e-test-architect → e2e-tester); do not just run the bash commands from the milestone file. Record each test with its steps and PASSED/FAILED in the handoff under "### E2E Test Results".';

const BASE = `You are working on milestone {milestoneId} ({milestoneTitle}), plan {plan}.
Task: {id} — {title}
Handoff file: {handoff}
Branch: {branch} (this git worktree is yours alone)

{body}

When the task is done:
1. Make sure the tests pass{testHint}.
2. Commit all of your work on this branch.
3. Append a section to the handoff file (create the file if it does not exist yet), headed exactly:
   ## Task {id} Complete: {title}
   with "### Gotchas" (problems you hit and how you solved them) and "### Next Task Notes".`;

export function buildPrompt(task: Task, ctx: PromptContext, templates: Partial<Record<TaskKind, string>> = {}): string {
  const template = templates[task.kind] ?? (task.kind === 'validation' ? `${BASE}\n\n${E2E_REMINDER}` : BASE);
  const values: Record<string, string> = {
    milestoneId: ctx.milestoneId,
    milestoneTitle: ctx.milestoneTitle,
    plan: ctx.planPath,
    id: task.id,
    title: task.title,
    handoff: ctx.handoffPath,
    branch: ctx.branch,
    body: task.body,
    kind: task.kind,
    testHint: ctx.testCommand ? ` (\`${ctx.testCommand}\`)` : '',
  };
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}
