/**
 * Agents' terminals take the size of the run screen's pane (UiEngine.setAgentViewport), and a finished agent's last
 * screen stays on show: the whole RunEngine over in-memory ports, through the UI bridge.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { uiEngine } from '../../src/cli/ui-bridge.js';
import { initState } from '../../src/core/scheduler/init.js';
import { RunEngine } from '../../src/engine/run-engine.js';
import type { RunMeta } from '../../src/ui/view-model.js';
import { engineSetup, type FakeAgent, fakeDeps, HANDOFF_REL, recordingRunner, task, tempRepoDir } from '../helpers/fake-ports.js';
import { waitFor } from '../helpers/wait-for.js';

const dirs: { remove(): void }[] = [];
const engines: RunEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.shutdown(0);
  for (const d of dirs.splice(0)) d.remove();
});

const TASKS = [task('1.1', 'Store'), task('1.2', 'API')];
const META: RunMeta = {
  milestoneId: 'M1',
  milestoneTitle: 'M',
  planPath: 'plans/M1.md',
  integrationBranch: 'mstui/M1',
  waves: [],
  tasks: {},
  format: 'markdown',
};

function world(noColor = false) {
  const tmp = tempRepoDir();
  dirs.push(tmp);
  const deps = fakeDeps(tmp.dir, { files: { [HANDOFF_REL]: '# Handoff M1\n\n' }, runner: recordingRunner() });
  deps.pty.exitOnKill = true;
  const setup = engineSetup(tmp.dir, TASKS);
  setup.runId = deps.store.createRun('M1', 'plans/M1.md', 'main', deps.now()).id;
  const state = initState(
    TASKS.map((t) => ({ id: t.id, title: t.title, deps: t.deps, files: t.files, done: false })),
    null,
    { parallel: 2, stopOnFailure: false, autoYes: true, permissions: 'ask', maxRetries: 2, needsConfirmation: false, integration: false },
  );
  const engine = new RunEngine(state, setup, deps);
  engines.push(engine);
  const ui = uiEngine(engine, META, { now: deps.now, onQuit: () => {}, noColor });
  const agent = (id: string): Promise<FakeAgent> => waitFor(() => deps.pty.agentIn(setup.layout.taskPath(id)), 5000, `an agent for ${id}`);
  return { deps, setup, engine, ui, agent };
}

describe('agent viewport', () => {
  it('new agents start at the pane size; live ones are resized, an exited one is left alone and nothing throws', async () => {
    const w = world();
    w.ui.setAgentViewport(78, 30);
    await w.engine.start();
    const a = await w.agent('1.1');
    const b = await w.agent('1.2');
    expect([a.options.cols, a.options.rows, b.options.cols, b.options.rows]).toEqual([78, 30, 78, 30]);
    expect(w.engine.agents.get('1.1')?.screen.cols).toBe(78);
    // The same size again changes nothing; a new one resizes both ptys and their screens.
    w.ui.setAgentViewport(78, 30);
    expect(a.resizes).toEqual([]);
    w.ui.setAgentViewport(130, 37);
    expect([a.resizes, b.resizes]).toEqual([[{ cols: 130, rows: 37 }], [{ cols: 130, rows: 37 }]]);
    expect(w.engine.agents.get('1.2')?.screen.rows).toBe(37);
    // 1.1's agent exits: a later resize skips it (no throw), 1.2's follows.
    a.exit(0);
    expect(() => w.ui.setAgentViewport(100, 40)).not.toThrow();
    expect([a.resizes.length, b.resizes.at(-1)]).toEqual([1, { cols: 100, rows: 40 }]);
  });

  it('an agent a user is attached to keeps the attached size; fit() gives it the pane size back', async () => {
    const w = world();
    await w.engine.start();
    const a = await w.agent('1.1');
    const live = w.engine.agents.get('1.1');
    if (!live) throw new Error('no live agent 1.1');
    const tap = () => {};
    live.taps.add(tap);
    w.ui.setAgentViewport(90, 30);
    expect(a.resizes).toEqual([]);
    live.taps.delete(tap);
    w.engine.agents.fit(live);
    expect(a.resizes).toEqual([{ cols: 90, rows: 30 }]);
  });

  it("a finished agent's last screen stays on show (with colours, or plain under NO_COLOR)", async () => {
    for (const noColor of [false, true]) {
      const w = world(noColor);
      await w.engine.start();
      const a = await w.agent('1.1');
      a.emit('\u001b[32m● Done: the store works.\u001b[0m\r\n❯ ');
      await w.engine.agents.get('1.1')?.screen.flushed();
      const live = w.ui.screen('1.1');
      if (noColor) expect(live?.[0]).toBe('● Done: the store works.');
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the SGR colour of the agent's row
      else expect(live?.[0]).toMatch(/^\u001b\[[0-9;]*m● Done: the store works\./);
      a.exit(0);
      await waitFor(() => w.engine.agents.get('1.1') === undefined);
      // At once (the screen itself), and once its rows were kept (a snapshot): the same rows.
      expect(w.ui.screen('1.1')).toEqual(live);
      await Promise.resolve();
      expect(w.ui.screen('1.1')).toEqual(live);
      expect(w.ui.screen('nobody')).toBeNull();
      await w.engine.shutdown(0);
    }
  });
});
