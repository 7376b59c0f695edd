/** Mounts the App over a fake engine with ink-testing-library, records the callbacks, presses keys by name. */
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { App, type AppProps } from '../../src/ui/app.js';
import { waitFor } from '../helpers/wait-for.js';
import { type FakeEngine, type FakeEngineOptions, fakeEngine } from './fake-engine.js';

/** Bytes a terminal sends for the key names KEYMAP uses. */
export const KEY_BYTES: Record<string, string> = {
  up: '\u001B[A',
  down: '\u001B[B',
  pageup: '\u001B[5~',
  pagedown: '\u001B[6~',
  home: '\u001B[H',
  end: '\u001B[F',
  enter: '\r',
  escape: '\u001B',
  space: ' ',
  tab: '\t',
  backspace: '\u007F',
  'ctrl+c': '\u0003',
};

export interface Calls {
  attach: string[];
  tmux: string[];
  diff: string[];
  log: string[];
  exit: number;
}

export interface Harness {
  engine: FakeEngine;
  calls: Calls;
  frames: string[];
  /** The last frame without colours. */
  frame(): string;
  press(key: string): void;
  /** Poll until the frame contains `text` (or matches it); returns the frame. */
  see(text: string | RegExp, timeoutMs?: number): Promise<string>;
  unmount(): void;
}

export interface MountOptions extends Partial<Omit<AppProps, 'engine'>> {
  engine?: FakeEngine;
  plan?: FakeEngineOptions;
  diffText?: string;
  logText?: string;
}

export function mount(opts: MountOptions = {}): Harness {
  const engine = opts.engine ?? fakeEngine(opts.plan ?? { tasks: [{ id: '1.1' }, { id: '1.2', deps: ['1.1'] }] });
  const calls: Calls = { attach: [], tmux: [], diff: [], log: [], exit: 0 };
  const { engine: _e, plan: _p, diffText, logText, ...rest } = opts;
  const r = render(
    <App
      engine={engine}
      onAttach={(t) => calls.attach.push(t)}
      loadDiff={async (t) => {
        calls.diff.push(t);
        return diffText ?? `diff --git a/${t} b/${t}`;
      }}
      loadLog={async (t) => {
        calls.log.push(t);
        return logText ?? `log of ${t}`;
      }}
      openInTmux={(t) => calls.tmux.push(t)}
      onExit={() => calls.exit++}
      rows={24}
      tickMs={0}
      {...rest}
    />,
  );
  const frame = () => stripVTControlCharacters(r.lastFrame() ?? '');
  return {
    engine,
    calls,
    frames: r.frames,
    frame,
    press: (key) => r.stdin.write(KEY_BYTES[key] ?? key),
    see: (text, timeoutMs = 3000) =>
      waitFor(
        () => {
          const f = frame();
          return (typeof text === 'string' ? f.includes(text) : text.test(f)) ? f : '';
        },
        timeoutMs,
        () => `frame containing ${String(text)}; last frame:\n${frame()}`,
      ),
    unmount: () => {
      r.unmount();
      r.cleanup();
    },
  };
}
