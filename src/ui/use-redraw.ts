/** When the App re-renders: engine state changes and agent output (coalesced), a clock tick, terminal resizes. */
import { useStdout } from 'ink';
import { type RefObject, useEffect, useLayoutEffect, useReducer, useRef } from 'react';
import type { UiEngine } from './view-model.js';

/** A state change is drawn at most this long after the previous frame: ~20 frames a second at most. */
export const REDRAW_MS = 50;
/**
 * The shown agent's output is drawn at most this long after the previous frame: 10 frames a second at most. Every
 * frame costs the whole screen in Ink, so chatty agents would otherwise keep the CPU busy drawing and a key press
 * would often wait behind such a frame; a key's own frame shows the latest screen anyway.
 */
export const OUTPUT_REDRAW_MS = 100;
/** Elapsed times are shown to the second. */
export const CLOCK_TICK_MS = 1000;

export interface RedrawOptions {
  /** The task whose screen is on display; output of other tasks does not redraw. */
  shownTask: RefObject<string | undefined>;
  redrawMs: number;
  outputRedrawMs: number;
  /** 0 = no clock tick. */
  tickMs: number;
}

interface Pending {
  /** When the App last rendered, for whatever reason (a key, a redraw, the clock). */
  lastFrameMs: number;
  /** The shortest wait asked for by changes not drawn yet; Infinity = nothing to draw. */
  gapMs: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  timerDueMs: number;
}

/**
 * A change schedules one redraw `redrawMs` (state) or `outputRedrawMs` (the shown agent printed) after the previous
 * frame, at once when that is past; everything that happens meanwhile rides along with it. Any render of the App
 * counts as that frame and settles what was pending: a key press renders at once (through the App's reducer, not
 * through here), and the next redraw caused by output comes no sooner than `outputRedrawMs` after it. A timer, not a
 * loop: nothing runs while nothing happens.
 */
export function useRedraw(engine: UiEngine, { shownTask, redrawMs, outputRedrawMs, tickMs }: RedrawOptions): void {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const { stdout } = useStdout();
  const pending = useRef<Pending>({
    lastFrameMs: Number.NEGATIVE_INFINITY,
    gapMs: Number.POSITIVE_INFINITY,
    timer: undefined,
    timerDueMs: 0,
  });

  // Runs after every commit of the App: everything that happened before it is on screen now.
  useLayoutEffect(() => {
    const p = pending.current;
    p.lastFrameMs = Date.now();
    p.gapMs = Number.POSITIVE_INFINITY;
    if (p.timer !== undefined) clearTimeout(p.timer);
    p.timer = undefined;
  });

  useEffect(() => {
    const p = pending.current;
    const schedule = (gapMs: number) => {
      p.gapMs = Math.min(p.gapMs, gapMs);
      const now = Date.now();
      const dueMs = Math.max(now, p.lastFrameMs + p.gapMs);
      if (p.timer !== undefined) {
        if (p.timerDueMs <= dueMs) return;
        clearTimeout(p.timer);
      }
      p.timerDueMs = dueMs;
      p.timer = setTimeout(() => {
        p.timer = undefined;
        redraw();
      }, dueMs - now);
    };
    const offState = engine.subscribe(() => schedule(redrawMs));
    const offScreen = engine.onScreen((task) => {
      if (task === shownTask.current) schedule(outputRedrawMs);
    });
    return () => {
      offState();
      offScreen();
      if (p.timer !== undefined) clearTimeout(p.timer);
      p.timer = undefined;
    };
  }, [engine, redrawMs, outputRedrawMs, shownTask]);

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
