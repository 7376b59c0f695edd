import { describe, expect, it } from 'vitest';
import type { RawPlan } from '../../src/core/plan/parse-markdown.js';
import { hasTaskIds, parseTaskIdPlan } from '../../src/core/plan/parse-task-ids.js';

function parse(source: string, file = 'M2_auth.md', name?: string): RawPlan {
  const r = parseTaskIdPlan(source, file, name);
  if (!r.ok) throw new Error(`unexpected error: ${r.error.message}`);
  return r.value;
}

const brief = (p: RawPlan) => p.tasks.map((t) => ({ id: t.id, title: t.title, deps: t.deps, line: t.line }));

const SEQUENCE_PLAN = [
  '# Auth milestone',
  '',
  'This work replaces TASK-001 from the old plan; see TASK-099 for context.',
  '',
  '**Task Sequence:**',
  '1. **TASK-005:** Create user table',
  '2. **TASK-003:** Add login endpoint (depends on TASK-005)',
  '3. **TASK-004:** Session cookies — depends on TASK-003, TASK-005',
  '',
  '## Notes',
  '',
  'TASK-007 is out of scope.',
].join('\n');

describe('hasTaskIds', () => {
  it.each([
    ['see TASK-005', true],
    ['TASK-5', true],
    ['TASK-abc', false],
    ['MYTASK-005', false],
    ['## Task 1.1: x', false],
  ])('%s → %s', (text, expected) => {
    expect(hasTaskIds(text)).toBe(expected);
  });
});

describe('task sequence', () => {
  it('lists tasks in sequence order, with titles and deps from the same line', () => {
    expect(brief(parse(SEQUENCE_PLAN))).toEqual([
      { id: 'TASK-005', title: 'Create user table', deps: null, line: 6 },
      { id: 'TASK-003', title: 'Add login endpoint', deps: ['TASK-005'], line: 7 },
      { id: 'TASK-004', title: 'Session cookies', deps: ['TASK-003', 'TASK-005'], line: 8 },
    ]);
  });

  it('ids mentioned outside the sequence are not tasks', () => {
    const ids = parse(SEQUENCE_PLAN).tasks.map((t) => t.id);
    expect(ids).not.toContain('TASK-001');
    expect(ids).not.toContain('TASK-099');
    expect(ids).not.toContain('TASK-007');
  });

  it.each([
    ['## Task Sequence', 2],
    ['## Implementation Plan', 2],
    ['### Task Breakdown', 3],
    ['## Tasks', 2],
  ])('section heading %s', (heading) => {
    const source = [
      '# Plan',
      '',
      'Background mentions TASK-010.',
      '',
      heading,
      '',
      '1. **TASK-002:** Second in number, first in order',
      '2. **TASK-001:** First in number',
      '',
      '## Risks',
      '',
      '- TASK-003 might slip',
    ].join('\n');
    expect(brief(parse(source))).toEqual([
      { id: 'TASK-002', title: 'Second in number, first in order', deps: null, line: 7 },
      { id: 'TASK-001', title: 'First in number', deps: null, line: 8 },
    ]);
  });

  it.each([
    ['- [ ] TASK-010: Checkbox title', 'TASK-010', 'Checkbox title'],
    ['- `TASK-011` - Code id', 'TASK-011', 'Code id'],
    ['### TASK-012: Heading task', 'TASK-012', 'Heading task'],
    ['1. TASK-013', 'TASK-013', 'TASK-013'],
  ])('defining line %s', (line, id, title) => {
    const plan = parse(`# P\n\n## Task Sequence\n\n${line}\n`);
    expect(plan.tasks.map((t) => [t.id, t.title])).toEqual([[id, title]]);
  });

  it('a line that only mentions an id after other words is not a task', () => {
    const plan = parse('# P\n\n## Task Sequence\n\n1. **TASK-001:** Build\nRemember that TASK-001 needs review.\n');
    expect(plan.tasks.map((t) => t.id)).toEqual(['TASK-001']);
  });

  it('indented continuation lines join the body and may add deps', () => {
    const source = [
      '## Task Sequence',
      '',
      '1. **TASK-001:** Schema',
      '2. **TASK-002:** API',
      '   - Requires: TASK-001',
      '   - Owner: backend',
    ].join('\n');
    const plan = parse(source);
    expect(plan.tasks[1]?.deps).toEqual(['TASK-001']);
    expect(plan.tasks[1]?.body).toBe('2. **TASK-002:** API\n   - Requires: TASK-001\n   - Owner: backend');
  });

  it('reads a [TYPE] tag as the raw type', () => {
    const plan = parse('## Task Sequence\n\n1. **TASK-001:** [RESEARCH] Compare libraries\n2. **TASK-002:** Plain\n');
    expect(plan.tasks.map((t) => t.rawType)).toEqual(['RESEARCH', null]);
  });

  it('ignores ids inside fenced code in the sequence', () => {
    const plan = parse('## Task Sequence\n\n1. **TASK-001:** Real\n```\n2. **TASK-002:** fenced\n```\n');
    expect(plan.tasks.map((t) => t.id)).toEqual(['TASK-001']);
  });
});

describe('regressions', () => {
  it('a "# ... Implementation Plan" title does not swallow a narrower Task Sequence section', () => {
    const source =
      '# Auth Implementation Plan\n\nTASK-009 was dropped.\n\n## Task Sequence\n\n1. **TASK-001:** A\n\n## Notes\n\nTASK-007 is out of scope.\n';
    expect(parse(source).tasks.map((t) => t.id)).toEqual(['TASK-001']);
  });

  it('a "# Implementation Plan" title is still used when nothing narrower exists', () => {
    expect(parse('# Implementation Plan\n\n- TASK-002: B\n- TASK-001: A\n').tasks.map((t) => t.id)).toEqual(['TASK-002', 'TASK-001']);
  });

  it.each([
    ['Clean up after migration', 'Clean up after migration', null],
    ['Endpoint requires auth header', 'Endpoint requires auth header', null],
    ['Update dependencies', 'Update dependencies', null],
    ['Clean up after migration (depends on TASK-001)', 'Clean up after migration', ['TASK-001']],
    ['Deploy — after TASK-001', 'Deploy', ['TASK-001']],
    ['Seed data (depends on: none)', 'Seed data', []],
  ])('dependency words in a title: %s', (text, title, deps) => {
    const plan = parse(`## Task Sequence\n\n1. **TASK-001:** First\n2. **TASK-002:** ${text}\n`);
    expect(plan.tasks[1]).toMatchObject({ title, deps });
  });
});

describe('without a sequence section', () => {
  it('falls back to defining lines anywhere', () => {
    const plan = parse('# P\n\n- **TASK-002:** B\n- **TASK-001:** A\n');
    expect(plan.tasks.map((t) => t.id)).toEqual(['TASK-002', 'TASK-001']);
  });

  it('falls back to first mentions in prose, deduplicated', () => {
    const plan = parse('# P\n\nWe start with TASK-009 and then TASK-004.\nAfter TASK-009 is merged, done.\n');
    expect(brief(plan)).toEqual([
      { id: 'TASK-009', title: 'TASK-009', deps: null, line: 3 },
      { id: 'TASK-004', title: 'TASK-004', deps: null, line: 3 },
    ]);
  });
});

describe('milestone', () => {
  it('id from the file name, title from the # heading', () => {
    const plan = parse(SEQUENCE_PLAN, 'docs/M7_auth.md');
    expect([plan.milestoneId, plan.title, plan.requires]).toEqual(['M7', 'Auth milestone', []]);
  });

  it('an explicit milestone name wins over the file name', () => {
    expect(parse(SEQUENCE_PLAN, 'docs/M7_auth.md', 'auth-v2').milestoneId).toBe('auth-v2');
  });
});

describe('malformed ids (seed 001: every id is ^TASK-[0-9]+$)', () => {
  const fail = (source: string) => {
    const r = parseTaskIdPlan(source, 'M2_auth.md');
    if (r.ok) throw new Error(`expected an error, got tasks ${r.value.tasks.map((t) => t.id).join(', ')}`);
    return r.error;
  };

  it.each([
    ['1. **TASK-0x3:** Third', 'TASK-0x3', 5],
    ['- TASK-12b: Typo', 'TASK-12b', 5],
    ['### TASK-XXX: Template left in', 'TASK-XXX', 5],
    ['- [ ] TASK-: Empty', 'TASK-', 5],
    ['   - Requires: TASK-0o1', 'TASK-0o1', 5],
  ])('%s is an error naming %s and its line', (line, id, n) => {
    const e = fail(`## Task Sequence\n\n1. **TASK-001:** A\n2. **TASK-002:** B\n${line}\n`);
    expect(e.code).toBe('malformed-id');
    expect(e.message).toContain(`M2_auth.md:${n}: malformed task id ${id}:`);
    expect(e.message).not.toContain('\n');
  });

  it('a 3-task plan with one malformed id is refused, not run as 2 tasks', () => {
    expect(fail('## Task Sequence\n\n1. **TASK-001:** A\n2. **TASK-0x3:** B\n3. **TASK-004:** C\n').message).toMatch(
      /^M2_auth\.md:4: malformed task id TASK-0x3/,
    );
  });

  it.each([
    ['prose placeholders without a digit', 'Ids look like TASK-XXX or TASK-NNN.'],
    ['file names after an id', 'Bundles live in `.task_bundles/TASK-001/` and TASK-001.md.'],
    ['a malformed id outside the sequence section', ''],
  ])('%s are not errors', (_what, prose) => {
    const source = `# P\n\nOld plan: TASK-0x9.\n\n## Task Sequence\n\n1. **TASK-001:** A\n${prose}\n\n## Notes\n\nTASK-1a was dropped.\n`;
    expect(parse(source).tasks.map((t) => t.id)).toEqual(['TASK-001']);
  });

  it('ids in fenced code are not checked', () => {
    expect(parse('## Task Sequence\n\n1. **TASK-001:** A\n```\nTASK-0x3\n```\n').tasks.map((t) => t.id)).toEqual(['TASK-001']);
  });
});
