/** The UiEngine the Ink UI renders from, implemented over a RunEngine. */
import type { Event } from '../core/scheduler/types.js';
import type { RunEngine } from '../engine/run-engine.js';
import type { Intent, RunMeta, UiEngine } from '../ui/view-model.js';

const INTENT_EVENTS: Record<Exclude<Intent['type'], 'answer' | 'quit'>, (task: string) => Event> = {
  pause: () => ({ type: 'PauseToggled' }),
  skip: (task) => ({ type: 'SkipRequested', task }),
  force: (task) => ({ type: 'ForceRequested', task }),
  retry: (task) => ({ type: 'RetryRequested', task }),
};

export interface UiEngineOptions {
  now: () => number;
  onQuit: () => void;
  /** Agents' screens without their colours (NO_COLOR). Default: NO_COLOR set to anything but the empty string. */
  noColor?: boolean;
}

export function uiEngine(engine: RunEngine, meta: RunMeta, opts: UiEngineOptions): UiEngine {
  const startedAtMs = opts.now();
  const ansi = !(opts.noColor ?? Boolean(process.env.NO_COLOR));
  return {
    meta,
    startedAtMs,
    now: opts.now,
    getState: () => engine.getState(),
    subscribe(cb) {
      return engine.subscribe(() => cb());
    },
    // A finished agent's last screen stays on show.
    screen: (task) => engine.agents.screenOf(task, ansi),
    onScreen: (cb) => engine.agents.onOutput(cb),
    outputTail: (task) => (engine.getState().tasks[task]?.gateOutput ?? '').split('\n').filter(Boolean).slice(-12),
    setAgentViewport: (cols, rows) => engine.agents.setViewport(cols, rows),
    send(intent) {
      if (intent.type === 'quit') return opts.onQuit();
      if (intent.type === 'answer')
        return engine.dispatch({ type: 'Answered', task: intent.task, answer: intent.answer, kind: intent.kind });
      engine.dispatch(INTENT_EVENTS[intent.type]('task' in intent ? intent.task : ''));
    },
  };
}
