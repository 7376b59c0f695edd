/**
 * The control socket's remote attach, over a real Unix socket, with fake agents whose pty behaves like node-pty's
 * after an exit (resize throws ENOTTY). Every path a client can take (the agent ending, leaving, late keys and
 * resizes, half a message, malformed messages) must leave the supervisor running: an uncaught throw fails the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clientMessage, MAX_COLS } from '../../src/adapters/control-socket.js';
import { agentExitedReason, serveControl } from '../../src/cli/control.js';
import { initState } from '../../src/core/scheduler/init.js';
import { Agents } from '../../src/engine/agents.js';
import type { RunEngine } from '../../src/engine/run-engine.js';
import { type FakeAgent, fakePty } from '../helpers/fake-pty.js';
import { waitFor } from '../helpers/wait-for.js';
import { OPTIONS } from '../ui/fake-engine.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Client {
  socket: Socket;
  got: { op: string; [k: string]: unknown }[];
  closed: () => boolean;
  send(m: unknown): void;
}

/** A served engine with one live fake agent for task 1.1; resizes of its dead pty throw, as node-pty's do. */
async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'mstui-control-'));
  const pty = fakePty();
  const agents = new Agents(pty, () => 0, 80, 24);
  agents.start('1.1', ['agent'], dir, {}, join(dir, 'logs', '1.1.log'), () => {});
  const fake = pty.spawned[0] as FakeAgent;
  const resizes: [number, number][] = [];
  fake.resize = (cols, rows) => {
    if (fake.exited) throw new Error('ioctl(2) failed, ENOTTY');
    resizes.push([cols, rows]);
  };
  const state = initState([{ id: '1.1', title: 'Store', deps: [], files: [], done: false }], null, OPTIONS);
  const engine = { agents, getState: () => state } as unknown as RunEngine;
  const path = join(dir, 'mstui.sock');
  const stop = await serveControl(path, engine, 'M1');
  cleanups.push(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const client = async (): Promise<Client> => {
    const socket = connect(path);
    const got: Client['got'] = [];
    let closed = false;
    let buf = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      buf += d;
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        got.push(JSON.parse(buf.slice(0, i)));
        buf = buf.slice(i + 1);
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
    });
    cleanups.push(() => void socket.destroy());
    await new Promise((r) => socket.once('connect', r));
    return { socket, got, closed: () => closed, send: (m) => socket.write(`${typeof m === 'string' ? m : JSON.stringify(m)}\n`) };
  };
  const agent = agents.get('1.1');
  if (!agent) throw new Error('no agent');
  return { fake, agent, agents, resizes, client };
}

const ops = (c: Client) => c.got.map((m) => m.op);

describe('remote attach over the control socket', () => {
  it("the agent ending closes the client with 'agent exited'; the dead pty is not resized back", async () => {
    const { fake, agent, resizes, client } = await setup();
    const c = await client();
    c.send({ op: 'attach', task: '1.1', cols: 100, rows: 30 });
    await waitFor(
      () => ops(c).includes('screen'),
      5000,
      () => JSON.stringify(c.got),
    );
    expect(resizes).toEqual([[100, 30]]);
    fake.emit('hello');
    await waitFor(
      () => ops(c).includes('output'),
      5000,
      () => JSON.stringify(c.got),
    );
    fake.exit(0);
    await waitFor(c.closed, 5000, 'the server closed the connection');
    expect(c.got.at(-1)).toEqual({ op: 'exit', reason: agentExitedReason('1.1') });
    expect(agentExitedReason('1.1')).toMatch(/agent exited .*the run goes on/);
    expect(resizes).toEqual([[100, 30]]);
    // The screen goes back to the engine's size; the tap is gone.
    expect([agent.screen.cols, agent.screen.rows]).toEqual([80, 24]);
    expect(agent.taps.size).toBe(0);
  });

  it("a client leaving gives a live agent the pane's size as it is now, not the size it had before the attach", async () => {
    const { agent, agents, resizes, client } = await setup();
    const c = await client();
    c.send({ op: 'attach', task: '1.1', cols: 100, rows: 30 });
    await waitFor(
      () => ops(c).includes('screen'),
      5000,
      () => JSON.stringify(c.got),
    );
    // The run screen was resized meanwhile: the attached agent keeps the client's size until it leaves.
    agents.setViewport(90, 40);
    expect(resizes).toEqual([[100, 30]]);
    c.socket.destroy();
    await waitFor(() => agent.taps.size === 0, 5000, 'the tap removed');
    expect(resizes).toEqual([
      [100, 30],
      [90, 40],
    ]);
    expect([agent.screen.cols, agent.screen.rows]).toEqual([90, 40]);
  });

  it('late keys and resizes after the agent exited, then the client leaving, are no-ops', async () => {
    const { fake, agent, resizes, client } = await setup();
    const c = await client();
    c.send({ op: 'attach', task: '1.1', cols: 100, rows: 30 });
    await waitFor(() => ops(c).includes('screen'));
    // The client's messages are on their way as the agent ends: they land after the exit.
    fake.exit(0);
    c.send({ op: 'input', data: Buffer.from('late').toString('base64') });
    c.send({ op: 'resize', cols: 90, rows: 20 });
    c.socket.end();
    await waitFor(c.closed, 5000, 'closed');
    expect(fake.writes).toEqual([]);
    expect(resizes).toEqual([[100, 30]]);
    expect(agent.taps.size).toBe(0);
  });

  it('a client that leaves while attached restores the size; the agent ending afterwards sends nothing', async () => {
    const { fake, agent, resizes, client } = await setup();
    const c = await client();
    c.send({ op: 'attach', task: '1.1', cols: 100, rows: 30 });
    await waitFor(() => ops(c).includes('screen'));
    c.send({ op: 'input', data: Buffer.from('y').toString('base64') });
    await waitFor(
      () => fake.writes.includes('y'),
      5000,
      () => JSON.stringify(fake.writes),
    );
    c.socket.destroy();
    await waitFor(
      () => resizes.length === 2,
      5000,
      () => JSON.stringify(resizes),
    );
    expect(resizes).toEqual([
      [100, 30],
      [80, 24],
    ]);
    expect(agent.taps.size).toBe(0);
    fake.emit('after the client left');
    fake.exit(0);
    await agent.exited;
  });

  it('half a message, then gone; malformed messages; absurd sizes: the server goes on serving', async () => {
    const { agent, resizes, client } = await setup();
    const half = await client();
    half.socket.write('{"op":"attach","task":"1.');
    half.socket.destroy();
    const bad = await client();
    for (const line of ['null', '42', 'not json', '{"op":"input","data":5}', '{"op":"attach","task":{}}', '{"op":"nope"}']) bad.send(line);
    bad.send({ op: 'attach', task: '1.1', cols: 1e9, rows: 1e9 });
    await waitFor(
      () => ops(bad).includes('screen'),
      5000,
      () => JSON.stringify(bad.got),
    );
    expect(agent.screen.cols).toBe(MAX_COLS);
    bad.send({ op: 'resize', cols: -1, rows: Number.NaN });
    bad.send({ op: 'resize', cols: 0, rows: 0 });
    bad.socket.destroy();
    await waitFor(() => agent.screen.cols === 80, 5000, 'restored');
    expect(resizes.at(-1)).toEqual([80, 24]);
    // And a status request still gets its answer.
    const s = await client();
    s.send({ op: 'status' });
    await waitFor(s.closed, 5000, 'status answered');
    expect(ops(s)).toEqual(['status']);
  });

  it('attach to a task with no agent says so', async () => {
    const { client } = await setup();
    const c = await client();
    c.send({ op: 'attach', task: '9.9', cols: 80, rows: 24 });
    await waitFor(c.closed, 5000, 'closed');
    expect(c.got).toEqual([{ op: 'error', message: 'no agent is running for task 9.9' }]);
  });
});

describe('clientMessage', () => {
  it.each([
    [{ op: 'status' }, { op: 'status' }],
    [
      { op: 'input', data: 'eA==' },
      { op: 'input', data: 'eA==' },
    ],
    [
      { op: 'resize', cols: 5000, rows: 9000 },
      { op: 'resize', cols: 1000, rows: 500 },
    ],
    [
      { op: 'attach', task: '1.1', cols: 0, rows: 0 },
      { op: 'attach', task: '1.1', cols: 0, rows: 0 },
    ],
    [{ op: 'resize', cols: 1.5, rows: 3 }, null],
    [{ op: 'attach', task: 1, cols: 1, rows: 1 }, null],
    [{ op: 'input' }, null],
    [null, null],
    ['status', null],
  ])('%j → %j', (input, expected) => {
    expect(clientMessage(input)).toEqual(expected);
  });
});
