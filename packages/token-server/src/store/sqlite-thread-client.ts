/** The store's side of the SQLite thread (sqlite-thread.ts): one request at a time per id, answers by id. */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { QueryResult } from 'kysely';
import {
  fromErrorShape,
  type SqliteReadiness,
  type SqliteReply,
  type SqliteRequest,
  type SqliteThreadOptions,
} from './sqlite-protocol.js';

interface Waiting {
  resolve(result: QueryResult<unknown>): void;
  reject(error: unknown): void;
}

// The thread's script sits next to this module, compiled (.js) or run from source (.ts).
const runFromSource = extname(fileURLToPath(import.meta.url)) === '.ts';
const threadScript = new URL(`./sqlite-thread${runFromSource ? '.ts' : '.js'}`, import.meta.url);

/** Node 20 does not apply `--import tsx` to worker threads: from source, the thread registers tsx first. */
function startWorker(options: SqliteThreadOptions): Worker {
  if (!runFromSource) return new Worker(threadScript, { workerData: options });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const script = JSON.stringify(threadScript.href);
  const bootstrap = `import(${tsx}).then((tsx) => { tsx.register(); return import(${script}); })`;
  return new Worker(bootstrap, { eval: true, workerData: options });
}

export class SqliteThread {
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private stopped: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: SqliteReply) => this.answer(reply));
    worker.on('error', (error) => this.stop(error));
    worker.on('exit', (code) => this.stop(new Error(`the SQLite thread exited (code ${code})`)));
    // Like an open file handle, the thread alone does not keep the process running; a pending query does.
    worker.unref();
  }

  /** Starts the thread and waits until it has opened the database (rejects with the reason if it cannot). */
  static start(options: SqliteThreadOptions): Promise<SqliteThread> {
    const worker = startWorker(options);
    return new Promise((resolve, reject) => {
      const failed = (error: unknown) => reject(error);
      worker.once('error', failed);
      worker.once('message', (readiness: SqliteReadiness) => {
        worker.off('error', failed);
        if (readiness.ready) resolve(new SqliteThread(worker));
        else reject(fromErrorShape(readiness.error));
      });
    });
  }

  run(sql: string, parameters: readonly unknown[]): Promise<QueryResult<unknown>> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    if (this.waiting.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, sql, parameters } satisfies SqliteRequest);
    });
  }

  /** Lets queued statements finish, closes the database, and ends the thread. */
  async close(): Promise<void> {
    if (this.stopped) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.ref();
    this.worker.postMessage('close');
    await exited;
  }

  private answer(reply: SqliteReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.settled(reply.id);
    if ('error' in reply) waiting.reject(fromErrorShape(reply.error));
    else if ('rows' in reply) waiting.resolve({ rows: reply.rows });
    else {
      waiting.resolve({
        numAffectedRows: BigInt(reply.changes),
        insertId: BigInt(reply.lastInsertRowid),
        rows: [],
      });
    }
  }

  private settled(id: number): void {
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.worker.unref();
  }

  private stop(reason: Error): void {
    if (this.stopped) return;
    this.stopped = reason;
    for (const [id, waiting] of this.waiting) {
      this.settled(id);
      waiting.reject(reason);
    }
  }
}
