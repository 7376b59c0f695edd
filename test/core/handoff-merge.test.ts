import { describe, expect, it } from 'vitest';
import { mergeHandoff } from '../../src/core/handoff-merge.js';

const PRE = '# Handoff M1\n\nEach task appends its section.\n\n';

/** A task section with the subheadings every agent writes: parallel ones share all of them. */
function section(id: string, what: string, gotcha: string, next = 'none'): string {
  return [
    `## Task ${id} Complete: ${what}`,
    '',
    '### What Was Implemented',
    `- ${what}`,
    '',
    '### Gotchas',
    `- ${gotcha}`,
    '',
    '### Next Task Notes',
    `- ${next}`,
    '',
    '',
  ].join('\n');
}

const S11 = section('1.1', 'store', 'sqlite needs WAL');
const S12 = section('1.2', 'left view', 'ink rerenders twice');
const S13 = section('TASK-007', 'right view', 'tmux needs -L');
const S14 = section('#153', 'docs', 'links are relative');

interface Case {
  name: string;
  base: string;
  ours: string;
  theirs: string;
  want: string;
  conflict?: boolean;
}

const cases: Case[] = [
  {
    name: 'two parallel sections sharing every subheading: both whole, ours first',
    base: PRE,
    ours: PRE + S12,
    theirs: PRE + S13,
    want: PRE + S12 + S13,
  },
  {
    name: 'base holds earlier sections; each side appends one',
    base: PRE + S11,
    ours: PRE + S11 + S12,
    theirs: PRE + S11 + S13,
    want: PRE + S11 + S12 + S13,
  },
  {
    name: "theirs' new section goes after the section preceding it on their side",
    base: PRE + S11 + S12,
    ours: PRE + S11 + S12 + S14,
    theirs: PRE + S11 + S13 + S12,
    want: PRE + S11 + S13 + S12 + S14,
  },
  {
    name: "theirs' first section goes after ours' own new ones (earlier merges stay first)",
    base: '',
    ours: S12,
    theirs: S13,
    want: S12 + S13,
  },
  {
    name: 'the same new section on both sides is written once',
    base: PRE + S11,
    ours: PRE + S11 + S12 + S13,
    theirs: PRE + S11 + S13,
    want: PRE + S11 + S12 + S13,
  },
  {
    name: 'a section added on both sides, theirs extending ours: the longer one',
    base: PRE,
    ours: PRE + S12,
    theirs: `${PRE + S12.trimEnd()}\n- and a second note\n\n`,
    want: `${PRE + S12.trimEnd()}\n- and a second note\n\n`,
  },
  {
    name: 'the same base section extended on both sides: every added line, ours first',
    base: PRE + S11 + S12,
    ours: PRE + S11.replace('- none\n', '- none\n- ours note\n') + S12,
    theirs: PRE + S11.replace('- none\n', '- none\n- theirs note\n') + S12,
    want: PRE + S11.replace('- none\n', '- none\n- ours note\n- theirs note\n') + S12,
  },
  {
    name: 'a section deleted on one side and unchanged on the other is deleted',
    base: PRE + S11 + S12,
    ours: PRE + S12 + S13,
    theirs: PRE + S11 + S12 + S14,
    want: PRE + S12 + S13 + S14,
  },
  {
    name: 'a section deleted on one side and changed on the other is kept, changed',
    base: PRE + S11 + S12,
    ours: PRE + S12,
    theirs: PRE + S11.replace('- none', '- more') + S12,
    want: PRE + S11.replace('- none', '- more') + S12,
  },
  {
    name: 'a preamble edited on one side, sections on both',
    base: PRE + S11,
    ours: PRE.replace('M1', 'M1 (todo app)') + S11 + S12,
    theirs: PRE + S11 + S13,
    want: PRE.replace('M1', 'M1 (todo app)') + S11 + S12 + S13,
  },
  {
    name: 'preamble edits apart from each other merge line-wise',
    base: PRE + S11,
    ours: PRE.replace('M1', 'M1!') + S11,
    theirs: PRE.replace('Each task', 'Every task') + S11,
    want: PRE.replace('M1', 'M1!').replace('Each task', 'Every task') + S11,
  },
  {
    name: 'the preamble changed differently on both sides: markers around it only, sections merged',
    base: PRE + S11,
    ours: PRE.replace('M1', 'Ours') + S11 + S12,
    theirs: PRE.replace('M1', 'Theirs') + S11 + S13,
    want: `<<<<<<< ours\n${PRE.replace('M1', 'Ours')}||||||| base\n${PRE}=======\n${PRE.replace('M1', 'Theirs')}>>>>>>> theirs\n${S11}${S12}${S13}`,
    conflict: true,
  },
  {
    name: 'no trailing newline on either side: lines are not glued and the result ends with one',
    base: PRE + S11.trimEnd(),
    ours: PRE + S11 + S12.trimEnd(),
    theirs: PRE + S11 + S13.trimEnd(),
    want: `${PRE + S11 + S12.trimEnd()}\n${S13.trimEnd()}\n`,
  },
  {
    name: 'CRLF files stay CRLF',
    base: (PRE + S11).replace(/\n/g, '\r\n'),
    ours: (PRE + S11 + S12).replace(/\n/g, '\r\n'),
    theirs: (PRE + S11 + S13).replace(/\n/g, '\r\n'),
    want: (PRE + S11 + S12 + S13).replace(/\n/g, '\r\n'),
  },
  {
    name: 'a `## ` line inside a code fence does not start a section',
    base: PRE,
    ours: `${PRE + S12}\`\`\`md\n## Task 9.9 Complete: example\n### Gotchas\n\`\`\`\n`,
    theirs: PRE + S13,
    want: `${PRE + S12}\`\`\`md\n## Task 9.9 Complete: example\n### Gotchas\n\`\`\`\n${S13}`,
  },
  {
    name: '`### Task … Complete` sections under one `## ` heading are units too',
    base: '# H\n\n## Completed\n\n',
    ours: '# H\n\n## Completed\n\n### Task 1.2 Complete: a\n\n#### Gotchas\n- a\n\n',
    theirs: '# H\n\n## Completed\n\n### Task 1.3 Complete: b\n\n#### Gotchas\n- b\n\n',
    want: '# H\n\n## Completed\n\n### Task 1.2 Complete: a\n\n#### Gotchas\n- a\n\n### Task 1.3 Complete: b\n\n#### Gotchas\n- b\n\n',
  },
  {
    name: 'one side unchanged: the other side verbatim (even without a trailing newline)',
    base: PRE + S11,
    ours: PRE + S11,
    theirs: PRE + S11 + S12.trimEnd(),
    want: PRE + S11 + S12.trimEnd(),
  },
];

describe('mergeHandoff', () => {
  it.each(cases)('$name', ({ base, ours, theirs, want, conflict = false }) => {
    expect(mergeHandoff(base, ours, theirs)).toEqual({ text: want, conflict });
  });

  it('keeps every line of both parallel sections, once each, in order (where git union drops shared subheadings)', () => {
    const { text } = mergeHandoff(PRE + S11, PRE + S11 + S12, PRE + S11 + S13);
    for (const s of [S11, S12, S13]) expect(text.split(s)).toHaveLength(2);
    expect(text.match(/^### Gotchas$/gm)).toHaveLength(3);
    expect(text.indexOf(S12)).toBeLessThan(text.indexOf(S13));
  });

  it('merging the merged result again with either side changes nothing', () => {
    const merged = mergeHandoff(PRE + S11, PRE + S11 + S12, PRE + S11 + S13).text;
    expect(mergeHandoff(PRE + S11 + S12, merged, PRE + S11 + S12).text).toBe(merged);
    expect(mergeHandoff(PRE + S11 + S13, merged, PRE + S11 + S13 + S14).text).toBe(merged + S14);
  });
});
