/**
 * The main thread's side of the SQLite worker: numbered requests, one lock for the single connection
 * (kysely transactions and ledger batches must not interleave), and failure of every pending request
 * if the thread dies.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isSqliteWorkerMessage } from './sqlite-worker-protocol.js';
import type { SqliteQueryResult, SqliteWorkerData, SqliteWorkerMessage, SqliteWorkerRequest } from './sqlite-worker-protocol.js';

type RequestWithoutId = SqliteWorkerRequest extends infer Request ? (Request extends { id: number } ? Omit<Request, 'id'> : never) : never;

interface PendingRequest {
  resolve(result: SqliteQueryResult | null): void;
  reject(error: Error): void;
}

export class SqliteWorkerError extends Error {
  constructor(message: string, readonly code: string | null) {
    super(message);
    this.name = 'SqliteWorkerError';
  }
}

export class SqliteWorkerClient {
  private readonly pending = new Map<number, PendingRequest>();
  private nextId = 1;
  private failure: Error | null = null;
  private lockTail: Promise<void> = Promise.resolve();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: unknown) => {
      if (isSqliteWorkerMessage(message)) this.settle(message);
    });
    worker.on('error', (error: Error) => this.fail(new Error(`the SQLite worker failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => this.fail(new Error(`the SQLite worker exited (code ${code})`)));
    worker.unref();
  }

  static async start(filename: string): Promise<SqliteWorkerClient> {
    const worker = createWorker({ filename });
    let onMessage: (message: unknown) => void = () => {};
    let onError: (error: Error) => void = () => {};
    let onExit: (code: number) => void = () => {};
    const opened = await new Promise<unknown>((resolve, reject) => {
      onMessage = resolve;
      onError = reject;
      onExit = (code) => reject(new Error(`the SQLite worker exited while opening (code ${code})`));
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    })
      .catch(async (error: unknown) => {
        await worker.terminate();
        throw error;
      })
      .finally(() => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      });
    if (!isSqliteWorkerMessage(opened) || opened.type !== 'ready') {
      await worker.terminate();
      const reason = isSqliteWorkerMessage(opened) && opened.type === 'open-failed' ? opened.message : 'unexpected first message';
      throw new Error(`cannot open SQLite database "${filename}": ${reason}`);
    }
    return new SqliteWorkerClient(worker);
  }

  request(request: RequestWithoutId): Promise<SqliteQueryResult | null> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref();
      // `satisfies` keeps the message in step with the protocol without widening it.
      this.worker.postMessage({ ...request, id } satisfies SqliteWorkerRequest);
    });
  }

  /** Waits for exclusive use of the connection; call the returned function to release it. */
  async lock(): Promise<() => void> {
    let release: () => void = () => {};
    const previous = this.lockTail;
    this.lockTail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    return release;
  }

  async close(): Promise<void> {
    if (!this.failure) {
      try {
        await this.request({ type: 'close' });
      } finally {
        this.failure = new Error('the SQLite store is closed');
        await this.worker.terminate();
      }
    }
  }

  private settle(message: SqliteWorkerMessage): void {
    if (message.type !== 'result' && message.type !== 'failure') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.worker.unref();
    if (message.type === 'result') pending.resolve(message.result);
    else pending.reject(new SqliteWorkerError(message.message, message.code));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(this.failure);
    this.pending.clear();
  }
}

function createWorker(workerData: SqliteWorkerData): Worker {
  const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './sqlite-worker.ts' : './sqlite-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return new Worker(workerUrl, { workerData });
  // Running from source (tests, tsx): a worker thread does not inherit the TypeScript loader, so it registers
  // tsx itself before importing the worker module.
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx'));
  const tsxApi = new URL('./esm/api/index.mjs', tsxLoader).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
