/** Valid plans in each supported format, written for the fuzz test. */

export const MARKDOWN_PLAN = `# M3: Todo app — persistence

**Depends on:** M2 (core model)

Some intro text. A fenced example is not a task:

\`\`\`markdown
## Task 9.9: Not a task
**Depends on:** 1.1
\`\`\`

## Tasks

### Task 3.1: Storage interface

**Type:** CODING
**Files:** \`src/store.ts\`, \`src/store.test.ts\`
**Depends on:** none

Write the interface.

### Task 3.2: SQLite backend

**Type:** MIXED (research + coding)
**Files:**
- src/sqlite.ts
- src/migrations/001.sql

**Depends on:** Task 3.1

#### Notes

Use WAL mode.

### Task 3.2b: File backend

**Type:** CODING
**Depends on:** 3.1

### Task 3.3: Wire up & migrate

**Type:** RESEARCH + CODING
**Depends on:** 3.2, 3.2b

~~~
### Task 3.4: still inside a fence
~~~

### Task 3.4: E2E validation

**Type:** VALIDATION
**Depends on:** 3.3 (after the wiring)

## Out of scope

Sync.
`;

export const MARKDOWN_IDS = ['3.1', '3.2', '3.2b', '3.3', '3.4'];

export const HANDOFF = `# Handoff M3

## Task 3.1 Complete: Storage interface

Done.

### Gotchas

- Dates were strings — solution: parse with Date.parse
- **Gotcha:** ids collide: use uuid

## Task 3.2 & 3.2b Complete: Backends

### E2E Test Results

| Test | Steps | Result |
|------|-------|--------|
| save-load | create, save, load | ✅ PASSED |
| crash | kill -9 | ❌ FAILED |

- reopen: PASSED

\`\`\`
## Task 3.3 Complete: inside a fence, not done
\`\`\`
`;

export const HANDOFF_DONE = ['3.1', '3.2', '3.2b'];

export const TASK_ID_PLAN = `# Milestone: Search

## Overview

Mentions TASK-999 in prose, which is not a task.

## Task Sequence

1. **TASK-001** [CODING] Index builder
2. **TASK-002** [RESEARCH] Ranking study (depends on TASK-001)
3. TASK-003 Query API — depends on TASK-001, TASK-002
   Extra notes for TASK-003, blocked by TASK-002.
- [ ] TASK-004 type: validation End-to-end check, after TASK-003

## Risks

TASK-005 is a follow-up.
`;

export const TASK_IDS = ['TASK-001', 'TASK-002', 'TASK-003', 'TASK-004'];

export const YAML_PLAN = `metadata:
  id: M7
  name: Notifications
status: active
dependencies:
  requires: []
defaults: &defaults
  type: coding
tasks:
  - id: T1
    title: Event bus
    <<: *defaults
    status: done
    files: [src/bus.ts]
    dependencies: []
  - id: T2
    title: "Email \\u00e9 sender"
    type: mixed
    description: |
      Multi-line
      description.
    dependencies: [T1]
  - id: 3
    name: Push sender
    status: Completed
    dependencies:
      - T1
  - id: T4
    title: Validation
    type: validation
    dependencies: [T2, "3"]
    files: null
`;

export const YAML_IDS = ['T1', 'T2', '3', 'T4'];
export const YAML_DONE = ['T1', '3'];

export const GITHUB_ISSUES = `[
  {"number": 155, "title": "Wire UI", "body": "Depends on #153 and #154", "state": "OPEN", "labels": [{"name": "feature"}]},
  {"number": 153, "title": "Schema", "body": null, "state": "CLOSED", "labels": []},
  {"number": 154, "title": "API", "body": "blocked by #153, requires #99", "state": "open", "labels": [{"name": "bug"}, {"name": "p1"}]},
  {"number": 156, "title": "Docs", "state": "OPEN"}
]`;

export const GITHUB_IDS = ['153', '154', '155', '156'];
export const GITHUB_DONE = ['153'];
