/**
 * A local AWS endpoint for handler tests: an HTTP server on 127.0.0.1 (ephemeral port) that
 * recognises operations of the AWS protocols the SDK v3 clients speak, answers them with
 * per-operation handlers, and logs every request.
 *
 * - JSON 1.0 / 1.1 (CodeDeploy, ECS, CloudWatch): operation from the `X-Amz-Target` header.
 * - Query (ELBv2, older CloudWatch): operation from the `Action` form field.
 * - REST-JSON (Lambda): operation from routes registered with {@link FakeAws.route}.
 *
 * Point clients at it with `AWS_ENDPOINT_URL` (or `AWS_ENDPOINT_URL_<SERVICE>`) before they are created.
 */
import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'http';
import { AddressInfo, Socket } from 'net';

/** One request the server received. */
export interface FakeRequest {
  /** Operation name (`GetDeployment`, `Invoke`, ...), or `unknown`. */
  readonly operation: string;
  /** How the operation was recognised. */
  readonly protocol: 'json' | 'query' | 'rest' | 'unknown';
  readonly method: string;
  /** Path without the query string, URL-decoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names are lower case. */
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Body parsed as JSON (JSON protocols) or form fields (query protocol), if it parses. */
  readonly input: any;
  /** Named groups of the matched REST route. */
  readonly params: Record<string, string>;
  /** Milliseconds since the server started. */
  readonly at: number;
}

/** What the server answers. */
export interface FakeResponse {
  /** @default 200 */
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else as JSON. */
  readonly body?: unknown;
  /** Wait this long before answering. */
  readonly delayMs?: number;
  /** Never answer (the connection is dropped when the server closes). */
  readonly hang?: boolean;
}

export type FakeHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly operation: string;
}

/** A JSON success response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): FakeResponse {
  return { status, body, headers: { 'content-type': 'application/json', ...headers } };
}

/** An error as the JSON protocols (1.0, 1.1, REST-JSON) send it. */
export function jsonError(type: string, message: string, status = 400): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
    body: { __type: type, message, Type: status >= 500 ? 'Service' : 'User' },
  };
}

/** A query-protocol (XML) success response for `action` with the given inner result XML. */
export function queryXml(action: string, resultXml: string): FakeResponse {
  return {
    headers: { 'content-type': 'text/xml' },
    body: `<${action}Response><${action}Result>${resultXml}</${action}Result><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></${action}Response>`,
  };
}

/** A query-protocol (XML) error. */
export function queryError(code: string, message: string, status = 400): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body: `<ErrorResponse><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`,
  };
}

/** A handler answering with each response in turn, then repeating the last one. */
export function sequence(...responses: Array<FakeResponse | FakeHandler>): FakeHandler {
  let i = 0;
  return (req) => {
    const next = responses[Math.min(i++, responses.length - 1)];
    return typeof next === 'function' ? next(req) : next;
  };
}

/** The local endpoint. */
export class FakeAws {
  /** Starts a server on 127.0.0.1 with an ephemeral port. */
  public static async start(): Promise<FakeAws> {
    const fake = new FakeAws();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** Every request received, in order. */
  public readonly requests: FakeRequest[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly handlers = new Map<string, FakeHandler>();
  private readonly routes: Route[] = [];
  private readonly started = Date.now();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void this.dispatch(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8'), res);
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  public get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /**
   * Registers a REST route: `path` is a pattern where `{name}` matches one URL-decoded path
   * segment (`{name+}` matches the rest of the path), exposed in `req.params`.
   */
  public route(method: string, path: string, operation: string): this {
    const source = path.replace(/[.*?^$()|[\]\\]/g, '\\$&')
      .replace(/\{(\w+)\+\}/g, '(?<$1>.+)')
      .replace(/\{(\w+)\}/g, '(?<$1>[^/]+)');
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), operation });
    return this;
  }

  /** Answers `operation` with `handler` (or always the same response), replacing any earlier one. */
  public on(operation: string, handler: FakeHandler | FakeResponse): this {
    this.handlers.set(operation, typeof handler === 'function' ? handler : () => handler);
    return this;
  }

  /** Requests received for `operation`. */
  public calls(operation: string): FakeRequest[] {
    return this.requests.filter((r) => r.operation === operation);
  }

  /** Forgets the request log and every handler (routes stay). */
  public reset(): void {
    this.requests.length = 0;
    this.handlers.clear();
  }

  /** Stops the server, dropping open (e.g. hanging) connections. */
  public async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private identify(method: string, path: string, headers: IncomingHttpHeaders, body: string): Pick<FakeRequest, 'operation' | 'protocol' | 'input' | 'params'> {
    const target = headers['x-amz-target'];
    if (typeof target === 'string') {
      return { operation: target.split('.').pop() ?? target, protocol: 'json', input: parseJson(body), params: {} };
    }
    if (String(headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      const form = Object.fromEntries(new URLSearchParams(body));
      if (form.Action) return { operation: form.Action, protocol: 'query', input: form, params: {} };
    }
    for (const route of this.routes) {
      const match = method === route.method ? route.pattern.exec(path) : null;
      if (match) {
        const params = Object.fromEntries(Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
        return { operation: route.operation, protocol: 'rest', input: parseJson(body), params };
      }
    }
    return { operation: 'unknown', protocol: 'unknown', input: parseJson(body), params: {} };
  }

  private async dispatch(method: string, url: string, headers: IncomingHttpHeaders, body: string, res: ServerResponse): Promise<void> {
    const parsed = new URL(url, 'http://127.0.0.1');
    const { operation, protocol, input, params } = this.identify(method, parsed.pathname, headers, body);
    const req: FakeRequest = {
      operation,
      protocol,
      method,
      path: decodeURIComponent(parsed.pathname),
      query: parsed.searchParams,
      headers,
      body,
      input,
      params,
      at: Date.now() - this.started,
    };
    this.requests.push(req);
    const handler = this.handlers.get(operation);
    const fail = protocol === 'query' ? queryError : jsonError;
    let response: FakeResponse;
    try {
      response = handler ? await handler(req) : fail('UnknownOperationException', `no fake handler for ${operation} (${method} ${parsed.pathname})`, 404);
    } catch (e) {
      response = fail('InternalFailure', `fake handler threw: ${(e as Error).message}`, 500);
    }
    if (response.hang) return;
    const send = () => {
      if (res.destroyed) return;
      const payload = typeof response.body === 'string' || Buffer.isBuffer(response.body)
        ? response.body
        : response.body === undefined ? '' : JSON.stringify(response.body);
      res.writeHead(response.status ?? 200, { 'x-amzn-requestid': 'fake', ...response.headers });
      res.end(payload);
    };
    if (response.delayMs) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        send();
      }, response.delayMs);
      this.timers.add(timer);
    } else {
      send();
    }
  }
}

function parseJson(body: string): any {
  try {
    return body === '' ? undefined : JSON.parse(body);
  } catch {
    return undefined;
  }
}
