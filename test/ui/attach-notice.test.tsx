/** Back from an attach whose agent exited: the run screen opens with a notice saying so. */
import { afterEach, expect, test } from 'vitest';
import { type Harness, mount } from './harness.js';

let x: Harness | undefined;
afterEach(() => {
  x?.unmount();
  x = undefined;
});

test('the initial notice is on the bar, with the task selected again; the next key clears it', async () => {
  x = mount({ initialTask: '1.2', initialNotice: 'The agent of 1.2 exited; the run goes on.' });
  const frame = await x.see('The agent of 1.2 exited; the run goes on.');
  expect(frame).toMatch(/^› .*1\.2/m);
  x.press('k');
  await x.see(/^› .*1\.1/m);
  expect(x.frame()).not.toContain('exited; the run goes on');
});
