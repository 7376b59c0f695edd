/**
 * Attach: the whole terminal goes to one agent's pty. The current screen is painted from the
 * headless terminal (no history replay), every key goes to the agent except the detach key,
 * resizes pass through. A status line names the detach key for a few seconds (attach-banner.ts).
 * Resolves when the user detaches or the agent exits.
 */
import type { LiveAgent } from '../engine/agents.js';
import { ATTACH_BANNER_MS, hideBanner, showBanner, withBanner } from './attach-banner.js';

/** Ctrl-] (0x1d): the telnet/ssh-style escape; never forwarded to the agent. */
export const DEFAULT_DETACH_KEY = '\u001d';

export interface AttachIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
}

export function attachToAgent(
  agent: LiveAgent,
  io: AttachIo,
  detachKey = DEFAULT_DETACH_KEY,
  bannerMs = ATTACH_BANNER_MS,
): Promise<'detached' | 'exited'> {
  const { stdin, stdout } = io;
  const cols = stdout.columns || 120;
  const rows = stdout.rows || 32;
  const restore = { cols: agent.screen.cols, rows: agent.screen.rows };
  // The pty may be gone already (the agent exited while Ink was unmounting): resize is then a no-op.
  agent.proc.resize(cols, rows);
  agent.screen.resize(cols, rows);
  const lines = agent.screen.lines();
  stdout.write(`\u001b[?25h\u001b[2J\u001b[H${lines.join('\r\n')}${showBanner(agent.task, cols, rows)}`);
  return new Promise((resolve) => {
    let settled = false;
    // The status line is drawn again after each of the agent's redraws while it is up; then the agent's bottom row
    // comes back from its screen (which has everything it printed meanwhile).
    let bannerUp = true;
    const banner = setTimeout(() => {
      bannerUp = false;
      void agent.screen.flushed().then(() => {
        if (settled) return;
        const shown = agent.screen.ansiLines();
        stdout.write(hideBanner(shown[shown.length - 1] ?? '', agent.screen.rows));
      });
    }, bannerMs);
    const onData = (chunk: Buffer | string) => {
      const text = chunk.toString();
      const at = text.indexOf(detachKey);
      if (at < 0) return agent.proc.write(text);
      if (at > 0) agent.proc.write(text.slice(0, at));
      finish('detached');
    };
    const onResize = () => {
      agent.proc.resize(stdout.columns, stdout.rows);
      agent.screen.resize(stdout.columns, stdout.rows);
    };
    const tap = (d: string) => stdout.write(withBanner(d, bannerUp, agent.task, agent.screen.cols, agent.screen.rows));
    const finish = (how: 'detached' | 'exited') => {
      // The agent may exit long after a detach: this must then do nothing (Ink owns the terminal again).
      if (settled) return;
      settled = true;
      clearTimeout(banner);
      stdin.off('data', onData);
      stdout.off('resize', onResize);
      agent.taps.delete(tap);
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      // Resizing the pty of an exited process throws (ioctl ENOTTY).
      if (how === 'detached') agent.proc.resize(restore.cols, restore.rows);
      agent.screen.resize(restore.cols, restore.rows);
      stdout.write('\u001b[2J\u001b[H');
      resolve(how);
    };
    agent.taps.add(tap);
    void agent.exited.then(() => finish('exited'));
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
    stdout.on('resize', onResize);
  });
}
