import * as http from 'node:http';
import { AddressInfo } from 'node:net';

/** One request a fake task received. */
export interface TaskRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** How a fake task answers: status and body, after an optional delay; `hang` never answers. */
export interface TaskBehaviour {
  readonly status?: number;
  readonly body?: string;
  readonly delayMs?: number;
  readonly hang?: boolean;
}

/** A local HTTP server on a loopback address (127.0.0.1 unless given) standing in for one task of a service. Records every request. */
export class FakeTask {
  public static async start(host = '127.0.0.1'): Promise<FakeTask> {
    const task = new FakeTask();
    await new Promise<void>((resolve) => task.server.listen(0, host, resolve));
    return task;
  }

  public readonly requests: TaskRequest[] = [];
  public behaviour: TaskBehaviour = { status: 200, body: 'ok' };
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const b = this.behaviour;
      if (b.hang) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        res.writeHead(b.status ?? 200, { 'content-type': 'text/plain' });
        res.end(b.body ?? '');
      }, b.delayMs ?? 0);
      this.timers.add(timer);
    });
  });

  private constructor() {}

  public get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The address the server listens on. */
  public get ip(): string {
    return (this.server.address() as AddressInfo).address;
  }

  /** Stops the server, dropping open (e.g. hanging) connections. */
  public close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
