/** The throwaway project `mstui demo` creates: a tiny app, a 6-task plan, a scenario for the scripted agent. */

export const DEMO_PLAN = `# Milestone 1: Todo app, the demo

A six-task milestone with a dependency diamond (1.1 → 1.2 and 1.3 → 1.4) and a VALIDATION task.

## Task 1.1: Todo store
**Type:** CODING
**Files:** \`src/store.js\`
**Depends on:** none

An in-memory store with add, toggle and list.

## Task 1.2: Save the store to a file
**Type:** CODING
**Files:** \`src/persist.js\`
**Depends on:** 1.1

## Task 1.3: Command-line interface
**Type:** CODING
**Files:** \`src/cli.js\`
**Depends on:** 1.1

## Task 1.4: Due dates
**Type:** MIXED (research + coding)
**Files:** \`src/dates.js\`
**Depends on:** 1.2, 1.3

## Task 1.5: User guide
**Type:** DOCUMENTATION
**Files:** \`docs/guide.md\`
**Depends on:** none

## Task 1.6: End-to-end validation
**Type:** VALIDATION
**Depends on:** 1.4, 1.5

Run the CLI against a temporary store and check every command.
`;

export const DEMO_HANDOFF = `# Handoff: M1 Todo app

Each task appends a "## Task X.Y Complete: Title" section here.
`;

/** The demo's test command: fails while any work/*.status file says FAIL (the scripted agent's broken tests). */
export const DEMO_CHECK = `import { readdirSync, readFileSync, existsSync } from 'node:fs';
const dir = 'work';
const failing = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.status') && readFileSync(dir + '/' + f, 'utf8').includes('FAIL')) : [];
if (failing.length) {
  for (const f of failing) console.log('FAIL ' + f + ': expected PASS');
  process.exit(1);
}
console.log('all checks passed');
`;

export const DEMO_APP = `// A tiny todo app; the demo's agents "implement" the milestone around it.
export const todos = [];
`;

/** 1.2 asks for permission once; 1.3 breaks the tests until the retry prompt tells it to fix them. */
export function demoScenario(fast: boolean) {
  const durationMs = fast ? 1200 : 5000;
  return {
    default: { durationMs, printBytesPerSec: 4000, followUpMs: 800 },
    tasks: {
      '1.2': { askPermission: true, permissionCommand: 'npm install write-file-atomic' },
      '1.3': { failTests: true },
      '1.6': { durationMs: durationMs + 1000 },
    },
  };
}
