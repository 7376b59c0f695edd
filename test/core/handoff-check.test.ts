/** handoffLoss: a task may only add sections to the handoff; the header and earlier sections stay as they were. */
import { describe, expect, it } from 'vitest';
import { handoffLoss, handoffLossText } from '../../src/core/handoff-check.js';

const HEADER = '# Handoff M1\n\nNotes for the next task.\n\n';
const S11 = '## Task 1.1 Complete: Store\n\nAdded the store.\n\n';
const S12 = '## Task 1.2 Complete: API\n\n- routes\n\n';
const S13 = '## Task 1.3 Complete: UI\n\nScreens.\n';
const BEFORE = HEADER + S11 + S12;

describe('handoffLoss', () => {
  const cases: { name: string; after: string; loss: ReturnType<typeof handoffLoss> }[] = [
    { name: 'a section appended', after: BEFORE + S13, loss: null },
    { name: 'nothing changed', after: BEFORE, loss: null },
    { name: 'trailing spaces and CRLF do not count', after: (HEADER + S11 + S12).replace(/\n/g, '  \r\n') + S13, loss: null },
    { name: 'a section added between earlier ones', after: HEADER + S11 + S13 + S12, loss: null },
    {
      name: 'rewritten with only its own section',
      after: S13,
      loss: { header: 'removed', removed: ['1.1', '1.2'], changed: [] },
    },
    { name: 'an earlier section removed', after: HEADER + S12 + S13, loss: { header: null, removed: ['1.1'], changed: [] } },
    {
      name: 'an earlier section rewritten',
      after: HEADER + S11.replace('Added the store.', 'Store.') + S12 + S13,
      loss: { header: null, removed: [], changed: ['1.1'] },
    },
    {
      name: 'an earlier title changed',
      after: HEADER + S11 + S12.replace('API', 'Routes') + S13,
      loss: { header: null, removed: [], changed: ['1.2'] },
    },
    {
      name: 'the header edited',
      after: HEADER.replace('Notes', 'My notes') + S11 + S12 + S13,
      loss: { header: 'changed', removed: [], changed: [] },
    },
    {
      name: 'both earlier sections removed, the header kept',
      after: HEADER + S13,
      loss: { header: null, removed: ['1.1', '1.2'], changed: [] },
    },
  ];
  for (const c of cases) it(c.name, () => expect(handoffLoss(BEFORE, c.after)).toEqual(c.loss));

  it('a handoff that had only a header keeps it', () => {
    expect(handoffLoss(HEADER, HEADER + S11)).toBeNull();
    expect(handoffLoss(HEADER, S11)).toEqual({ header: 'removed', removed: [], changed: [] });
  });

  it('a two-task section is one entry', () => {
    const shared = '## Task 4.1 & 4.2 Complete: Both\n\nDone.\n\n';
    expect(handoffLoss(HEADER + shared, HEADER + S11)).toEqual({ header: null, removed: ['4.1 & 4.2'], changed: [] });
  });
});

describe('handoffLossText', () => {
  const table: [Parameters<typeof handoffLossText>[0], string][] = [
    [
      { header: 'removed', removed: ['1.1', '1.2'], changed: [] },
      'the task removed the header and the sections of 1.1, 1.2 from plans/HANDOFF_M1.md',
    ],
    [{ header: null, removed: ['1.1'], changed: [] }, 'the task removed the section of 1.1 from plans/HANDOFF_M1.md'],
    [{ header: 'changed', removed: [], changed: ['1.2'] }, 'the task changed the header and the section of 1.2 in plans/HANDOFF_M1.md'],
    [
      { header: null, removed: ['1.1'], changed: ['1.2', '1.3'] },
      'the task removed the section of 1.1 and changed the sections of 1.2, 1.3 from plans/HANDOFF_M1.md',
    ],
  ];
  for (const [loss, text] of table) it(text, () => expect(handoffLossText(loss, 'plans/HANDOFF_M1.md')).toBe(text));
});
