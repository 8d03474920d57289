/* global setTimeout, clearTimeout, fetch, AbortSignal */
// Child processes of the stack: spawn with a log prefix, wait until an HTTP URL answers, stop cleanly.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A free loopback port, picked by the OS (the stack then binds it a moment later). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether nothing listens on loopback `port` (binding it is the only sure test). */
function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Throws naming each of the given fixed ports that something already listens on. Checked before anything
 * starts: otherwise the readiness probe gets its answer from that other process and the stack looks up.
 * @param {[string, number][]} named
 */
export async function assertPortsFree(named) {
  const taken = [];
  for (const [name, port] of named) if (!(await portIsFree(port))) taken.push(`${port} (${name})`);
  if (taken.length) throw new Error(`port${taken.length > 1 ? 's' : ''} ${taken.join(', ')} already in use`);
}

// Children still running when this process exits (an uncaught error, process.exit) are killed then.
const running = new Set();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `node <args>` and forwards its output, line by line, to `log` with a name prefix. The child
 * leads a process group of its own, so Ctrl-C in the terminal reaches only the parent, which then stops
 * each child once, cleanly (a child that got SIGINT from the terminal and then SIGTERM from the parent
 * would take the second signal as "exit now" and skip its drain).
 */
export function startProcess(name, args, { cwd, env, log }) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) log(`[${name}] ${line}`);
    });
  }
  return { name, child, exited };
}

/** Resolves once `url` answers with a status below 500; rejects early if the process exits first. */
export async function waitForHttp(url, processHandle, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  processHandle.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${processHandle.name} exited before ${url} answered; see its log above`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`${processHandle.name} did not answer ${url} within ${timeoutMs / 1000} s`);
}

/**
 * SIGTERM, then SIGKILL if the process has not exited after `graceMs`. Resolves with how it ended:
 * `clean` when it exited 0, or by the SIGTERM itself: killed by it (Node's default without a handler) or
 * exiting 143 = 128 + SIGTERM (Vite's handler).
 */
export async function stopProcess({ name, child, exited }, graceMs = 5_000) {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  const { code, signal } = await exited;
  return { name, code, signal, clean: code === 0 || code === 143 || signal === 'SIGTERM' };
}

/** Runs `node <args>` to completion; rejects with its output when it fails. */
export function runNode(args, { cwd, env }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`node ${args.join(' ')} failed (${code}):\n${output}`)),
    );
  });
}
