/** When the App re-renders: engine state changes and agent output (coalesced), a clock tick, terminal resizes. */
import { useStdout } from 'ink';
import { type RefObject, useEffect, useReducer } from 'react';
import type { UiEngine } from './view-model.js';

/** Engine-driven redraws happen at most once per this window: ~20 frames a second however fast agents print. */
export const REDRAW_MS = 50;
/** Elapsed times are shown to the second. */
export const CLOCK_TICK_MS = 1000;

export interface RedrawOptions {
  /** The task whose screen is on display; output of other tasks does not redraw. */
  shownTask: RefObject<string | undefined>;
  redrawMs: number;
  /** 0 = no clock tick. */
  tickMs: number;
}

/**
 * A state change or output of the shown agent schedules one redraw `redrawMs` after the previous one (at once when
 * the last was longer ago); everything that happens meanwhile rides along with it. A timer, not a loop: nothing runs
 * while nothing happens. Keys redraw at once (they go through the App's reducer, not through here).
 */
export function useRedraw(engine: UiEngine, { shownTask, redrawMs, tickMs }: RedrawOptions): void {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const { stdout } = useStdout();

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastMs = Number.NEGATIVE_INFINITY;
    const schedule = () => {
      if (timer !== undefined) return;
      const waitMs = Math.max(0, lastMs + redrawMs - Date.now());
      timer = setTimeout(() => {
        timer = undefined;
        lastMs = Date.now();
        redraw();
      }, waitMs);
    };
    const offState = engine.subscribe(schedule);
    const offScreen = engine.onScreen((task) => {
      if (task === shownTask.current) schedule();
    });
    return () => {
      offState();
      offScreen();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [engine, redrawMs, shownTask]);

  useEffect(() => {
    if (tickMs <= 0) return;
    const interval = setInterval(redraw, tickMs);
    return () => clearInterval(interval);
  }, [tickMs]);

  useEffect(() => {
    stdout.on('resize', redraw);
    return () => {
      stdout.off('resize', redraw);
    };
  }, [stdout]);
}
