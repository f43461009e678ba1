// A minimal Marionette client: Firefox's own remote protocol (`firefox --marionette`), the one
// that sees the extension's moz-extension:// windows (WebDriver BiDi skips them). Frames are
// `<byte length>:<JSON>`; a command is [0, id, name, params], its answer [1, id, error, result].
// Marionette runs one command at a time and allows one session per browser.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export class MarionetteError extends Error {
  constructor({ error, message }) {
    super(`${error}: ${message}`);
    this.error = error;
  }
}

class Connection {
  #socket;
  #buffer = Buffer.alloc(0);
  #seq = 0;
  #pending = new Map(); // id -> {resolve, reject}
  #hello; // the server's first frame: {applicationType, marionetteProtocol}

  constructor(socket) {
    this.#socket = socket;
    this.#hello = new Promise((resolve) => { this.onHello = resolve; });
    socket.on('data', (chunk) => this.#receive(chunk));
    socket.on('close', () => {
      for (const { reject } of this.#pending.values()) reject(new Error('marionette: connection closed'));
      this.#pending.clear();
    });
  }

  hello() {
    return this.#hello;
  }

  #receive(chunk) {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const colon = this.#buffer.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(this.#buffer.subarray(0, colon).toString());
      if (this.#buffer.length < colon + 1 + length) return;
      const frame = JSON.parse(this.#buffer.subarray(colon + 1, colon + 1 + length).toString());
      this.#buffer = this.#buffer.subarray(colon + 1 + length);
      if (!Array.isArray(frame)) {
        this.onHello(frame);
        continue;
      }
      const [, id, error, result] = frame;
      const entry = this.#pending.get(id);
      this.#pending.delete(id);
      if (error) entry?.reject(new MarionetteError(error));
      else entry?.resolve(result);
    }
  }

  command(name, params = {}) {
    const id = ++this.#seq;
    const body = Buffer.from(JSON.stringify([0, id, name, params]));
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#socket.write(Buffer.concat([Buffer.from(`${body.length}:`), body]));
    });
  }

  close() {
    this.#socket.end();
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Starts Firefox with Marionette on a free port (marionette.port 0: Firefox writes the port it
// took to <profile>/MarionetteActivePort) and opens a session.
export async function launchFirefox({ binary, profile, prefs = {}, env = process.env, args = [], timeout = 30_000 }) {
  const userJs = Object.entries({ 'marionette.port': 0, ...prefs })
    .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n');
  fs.writeFileSync(path.join(profile, 'user.js'), `${userJs}\n`);
  const child = spawn(binary, ['--marionette', '-headless', '-no-remote', '-profile', profile, ...args],
    { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // A runner that dies without quitting (a crash, an unhandled rejection) leaves no Firefox behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  exited.then(() => process.off('exit', killOnExit));
  const portFile = path.join(profile, 'MarionetteActivePort');
  const deadline = Date.now() + timeout;
  let port = null;
  while (!port) {
    if (child.exitCode !== null) throw new Error(`firefox exited (${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`firefox: no Marionette port within ${timeout} ms: ${stderr}`);
    }
    if (fs.existsSync(portFile)) port = Number(fs.readFileSync(portFile, 'utf8').trim()) || null;
    if (!port) await sleep(50);
  }
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const connection = new Connection(socket);
  await connection.hello();
  await connection.command('WebDriver:NewSession', { capabilities: { alwaysMatch: { acceptInsecureCerts: true } } });
  return {
    command: (name, params) => connection.command(name, params),
    async quit() {
      await connection.command('Marionette:Quit', { flags: ['eForceQuit'] }).catch(() => {});
      connection.close();
      const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      if (!done) child.kill('SIGKILL');
      await exited;
    },
  };
}
