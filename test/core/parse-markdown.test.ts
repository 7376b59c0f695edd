import { describe, expect, it } from 'vitest';
import { kindOf } from '../../src/core/plan/ids.js';
import { milestoneIdFromFile } from '../../src/core/plan/markdown.js';
import { matchTaskHeading, parseMarkdownPlan, type RawPlan } from '../../src/core/plan/parse-markdown.js';

function parse(source: string, file = 'M1_test.md'): RawPlan {
  const r = parseMarkdownPlan(source, file);
  if (!r.ok) throw new Error(`unexpected error: ${r.error.message}`);
  return r.value;
}

/** A plan with one task whose section holds `fields`. */
function oneTask(fields: string) {
  const plan = parse(`# Plan\n\n## Tasks\n\n### Task 1.1: Only task\n\n${fields}\n`);
  expect(plan.tasks).toHaveLength(1);
  const t = plan.tasks[0];
  if (!t) throw new Error('no task');
  return t;
}

describe('task headings', () => {
  it.each([
    ['## heading', '# P\n\n## Task 1.1: First\n\nbody\n\n## Task 1.2: Second\n', ['1.1', '1.2'], ['First', 'Second'], [3, 7]],
    [
      '### heading under ## Tasks',
      '# P\n\n## Tasks\n\n### Task 1.1: First\n\n### Task 1.2: Second\n',
      ['1.1', '1.2'],
      ['First', 'Second'],
      [5, 7],
    ],
    ['dash form', '# P\n\n## Task 1.1 - Dash title\n\n## Task 1.2 – En dash\n', ['1.1', '1.2'], ['Dash title', 'En dash'], [3, 5]],
    ['ids with letters and three parts', '## Task 2.1b: Letter\n\n## Task 1.2.3: Deep\n', ['2.1b', '1.2.3'], ['Letter', 'Deep'], [1, 3]],
    ['emphasis stripped from title', '## Task 1.1: **Bold** `code` title\n', ['1.1'], ['Bold code title'], [1]],
    ['bare heading uses id as title', '## Task 3.1\n\ntext\n', ['3.1'], ['3.1'], [1]],
  ])('%s', (_name, source, ids, titles, lines) => {
    const plan = parse(source);
    expect(plan.tasks.map((t) => t.id)).toEqual(ids);
    expect(plan.tasks.map((t) => t.title)).toEqual(titles);
    expect(plan.tasks.map((t) => t.line)).toEqual(lines);
  });

  it('ignores task headings inside fenced code blocks', () => {
    const source = [
      '# P',
      '',
      '## Task 1.1: Real',
      '',
      '```markdown',
      '## Task 9.9: Example in a fence',
      '```',
      '',
      '~~~',
      '### Task 8.8: Tilde fence',
      '~~~',
      '',
      '## Task 1.2: Also real',
    ].join('\n');
    const plan = parse(source);
    expect(plan.tasks.map((t) => t.id)).toEqual(['1.1', '1.2']);
    // The fenced example stays part of task 1.1's body.
    expect(plan.tasks[0]?.body).toContain('## Task 9.9: Example in a fence');
  });

  it('a task section ends at the next task or a heading at its level', () => {
    const source = '# P\n\n## Task 1.1: A\n\nalpha\n\n### Notes\n\nnote\n\n## Task 1.2: B\n\nbeta\n\n## Appendix\n\nnot a task\n';
    const plan = parse(source);
    expect(plan.tasks[0]?.body).toBe('## Task 1.1: A\n\nalpha\n\n### Notes\n\nnote');
    expect(plan.tasks[1]?.body).toBe('## Task 1.2: B\n\nbeta');
  });

  it.each([
    ['Task 1.1: Title', { id: '1.1', title: 'Title' }],
    ['Task 1.1 - Title', { id: '1.1', title: 'Title' }],
    ['Task `1.1`: Title', { id: '1.1', title: 'Title' }],
    ['Task 1.1 Complete', null],
    ['Tasks', null],
    ['Overview', null],
  ])('matchTaskHeading(%j)', (text, expected) => {
    expect(matchTaskHeading(text)).toEqual(expected);
  });
});

describe('**Type:**', () => {
  it.each([
    ['**Type:** CODING', 'CODING', 'coding'],
    ['**Type:** RESEARCH', 'RESEARCH', 'research'],
    ['**Type:** MIXED', 'MIXED', 'mixed'],
    ['**Type:** VALIDATION', 'VALIDATION', 'validation'],
    ['**Type:** MIXED (research + coding)', 'MIXED (research + coding)', 'mixed'],
    ['**Type:** RESEARCH + CODING', 'RESEARCH + CODING', 'mixed'],
    ['**Type:** VERIFICATION', 'VERIFICATION', 'validation'],
    ['**Type:** TESTING', 'TESTING', 'validation'],
    ['**Type:** DOCUMENTATION', 'DOCUMENTATION', 'documentation'],
    ['**Type**: `CODING`', 'CODING', 'coding'],
    ['- Type: RESEARCH', 'RESEARCH', 'research'],
    ['**Type:** Something else', 'Something else', 'unknown'],
    ['No type here.', null, 'unknown'],
  ])('%s', (line, rawType, kind) => {
    const t = oneTask(line);
    expect(t.rawType).toBe(rawType);
    expect(kindOf(t.rawType)).toBe(kind);
  });
});

describe('**Files:**', () => {
  it.each([
    ['inline backticked list', '**Files:** `src/a.ts`, `src/b.ts`', ['src/a.ts', 'src/b.ts']],
    ['File: singular (modify)', '**File:** `src/x.ts` (modify)', ['src/x.ts']],
    [
      'bullet list under Files',
      '**Files:**\n- `src/one.ts` (new)\n- `src/two.ts`\n* test/two.test.ts\n\nProse after.',
      ['src/one.ts', 'src/two.ts', 'test/two.test.ts'],
    ],
    ['N/A verification task', '**Files:** N/A (verification task)', []],
    ['plain comma list', '**Files:** src/a.ts, docs/b.md', ['src/a.ts', 'docs/b.md']],
    ['duplicates removed', '**Files:** `a.ts`\n\n**Files:** `a.ts`, `b.ts`', ['a.ts', 'b.ts']],
    ['no field', 'Just prose mentioning `src/z.ts`.', []],
  ])('%s', (_name, fields, files) => {
    expect(oneTask(fields).files).toEqual(files);
  });

  it('ignores field lines inside a fence', () => {
    expect(oneTask('```\n**Files:** `fenced.ts`\n**Type:** CODING\n```').files).toEqual([]);
    expect(oneTask('```\n**Type:** CODING\n```').rawType).toBeNull();
  });
});

describe('dependencies', () => {
  it.each([
    ['**Depends on:** 1.1, 1.2', ['1.1', '1.2']],
    ['Depends on: Task 1.1', ['1.1']],
    ['**Dependencies:** none', []],
    ['**Depends on:** None.', []],
    ['**Depends on:** Task 1.1 and Task 1.2', ['1.1', '1.2']],
    ['**Depends on:** Task 1.1 (store), Task 2.1b (schema)', ['1.1', '2.1b']],
    ['**Depends on:** 1.1 & 1.2; 1.3', ['1.1', '1.2', '1.3']],
    ['**Dependency:** `1.2.3`', ['1.2.3']],
    ['No dependency field at all.', null],
  ])('%s', (line, deps) => {
    expect(oneTask(line).deps).toEqual(deps);
  });

  it('keeps deps per task', () => {
    const plan = parse('## Task 1.1: A\n\n**Depends on:** none\n\n## Task 1.2: B\n\n## Task 1.3: C\n\nDepends on: 1.1, 1.2\n');
    expect(plan.tasks.map((t) => t.deps)).toEqual([[], null, ['1.1', '1.2']]);
  });
});

describe('milestone', () => {
  it.each([
    ['M4_cleanup.md', 'M4'],
    ['plans/M12-api.md', 'M12'],
    ['HANDOFF_M4.md', 'M4'],
    ['m2.5_polish.markdown', 'm2.5'],
    ['03_Search_Milestone_Plan.md', 'Search'],
    ['C:\\plans\\M7_x.md', 'M7'],
  ])('id from %s → %s', (file, id) => {
    expect(milestoneIdFromFile(file)).toBe(id);
  });

  it('takes id from the file name and title from the first # heading', () => {
    const plan = parse('Intro line\n\n# Milestone 4: **Cleanup** pass\n\n## Task 4.1: Do it\n', 'plans/M4_cleanup.md');
    expect(plan.milestoneId).toBe('M4');
    expect(plan.title).toBe('Milestone 4: Cleanup pass');
  });

  it('falls back to the milestone id as title', () => {
    expect(parse('## Task 1.1: A\n', 'M9_x.md').title).toBe('M9');
  });

  it('milestone-level Depends on before the first task goes to requires, not to task deps', () => {
    const source = '# M5\n\n**Depends on:** M1 (coordinator loop), M3\n\n## Tasks\n\n### Task 5.1: First\n\n**Type:** CODING\n';
    const plan = parse(source, 'M5_next.md');
    expect(plan.requires).toEqual(['M1', 'M3']);
    expect(plan.tasks.map((t) => t.deps)).toEqual([null]);
  });

  it('requires is empty when the preamble has no dependency field', () => {
    expect(parse('# M\n\n## Task 1.1: A\n\n**Depends on:** none\n').requires).toEqual([]);
  });
});

describe('unsafe ids', () => {
  it.each([
    ['## Task ../x: T', 3, '"../x"', 'it contains a path separator'],
    ['## Task a b: T', 3, '"a b"', 'it contains a space'],
    ['### Task 1..2: T', 3, '"1..2"', "it contains '..'"],
    ['## Task 1.1.lock: T', 3, '"1.1.lock"', "it ends with '.' or '.lock'"],
    ['## Task -x: T', 3, '"-x"', 'only letters, digits, ".", "-" and "_" are allowed (at most 64)'],
  ])('%s', (heading, line, quoted, why) => {
    const r = parseMarkdownPlan(`# P\n\n${heading}\n`, 'plans/M1_x.md');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('unsafe-id');
    expect(r.error.message).toBe(`plans/M1_x.md:${line}: task id ${quoted} cannot be used in a branch or path name: ${why}`);
  });
});
