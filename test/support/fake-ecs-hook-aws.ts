import * as http from 'node:http';
import { AddressInfo } from 'node:net';

/** One request the fake ELBv2 endpoint received: the query action and its form parameters. */
export interface Elbv2Request {
  readonly action: string;
  readonly params: Record<string, string>;
}

/** A target as the fake DescribeTargetHealth reports it. */
export interface FakeTarget {
  readonly ip: string;
  readonly port: number;
  readonly zone?: string;
  readonly state: string;
  readonly reason?: string;
}

/** An error the fake answers with instead of the next response. */
export interface FakeAwsError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

const NS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * A local Elastic Load Balancing v2 endpoint speaking the AWS query protocol (form-encoded POST,
 * XML answers) for DescribeRules and DescribeTargetHealth. Records every request.
 */
export class FakeElbv2 {
  public readonly requests: Elbv2Request[] = [];
  /** Rule ARN -> weighted target groups of its forward action. */
  public readonly rules = new Map<string, Array<{ arn: string; weight: number }>>();
  /** Target group ARN -> its targets. */
  public readonly targets = new Map<string, FakeTarget[]>();
  /** Errors answered, in order, before any real response. */
  public readonly errors: FakeAwsError[] = [];
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private port = 0;

  public async start(): Promise<string> {
    this.port = await listen(this.server);
    return this.url;
  }

  public get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  public stop(): Promise<void> {
    return close(this.server);
  }

  /** Forget requests, rules, targets and queued errors. */
  public reset(): void {
    this.requests.length = 0;
    this.errors.length = 0;
    this.rules.clear();
    this.targets.clear();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const action = params.Action ?? '';
      this.requests.push({ action, params });
      const error = this.errors.shift();
      if (error) return this.reply(res, error.status, `<ErrorResponse xmlns="${NS}"><Error><Type>${error.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`);
      if (action === 'DescribeRules') return this.reply(res, 200, this.describeRules(params));
      if (action === 'DescribeTargetHealth') return this.reply(res, 200, this.describeTargetHealth(params));
      return this.reply(res, 400, `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>${escapeXml(action)}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`);
    });
  }

  private reply(res: http.ServerResponse, status: number, xml: string): void {
    res.writeHead(status, { 'content-type': 'text/xml' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
  }

  private describeRules(params: Record<string, string>): string {
    const arns = Object.entries(params).filter(([k]) => k.startsWith('RuleArns.member.')).map(([, v]) => v);
    const members = arns.filter((arn) => this.rules.has(arn)).map((arn) => {
      const groups = this.rules.get(arn)!.map((g) => `<member><TargetGroupArn>${escapeXml(g.arn)}</TargetGroupArn><Weight>${g.weight}</Weight></member>`).join('');
      return `<member><RuleArn>${escapeXml(arn)}</RuleArn><Priority>1</Priority><IsDefault>false</IsDefault><Conditions/>`
        + `<Actions><member><Type>forward</Type><Order>1</Order><ForwardConfig><TargetGroups>${groups}</TargetGroups>`
        + '<TargetGroupStickinessConfig><Enabled>false</Enabled></TargetGroupStickinessConfig></ForwardConfig></member></Actions></member>';
    }).join('');
    return `<DescribeRulesResponse xmlns="${NS}"><DescribeRulesResult><Rules>${members}</Rules></DescribeRulesResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></DescribeRulesResponse>`;
  }

  private describeTargetHealth(params: Record<string, string>): string {
    const members = (this.targets.get(params.TargetGroupArn) ?? []).map((t) => {
      const zone = t.zone ? `<AvailabilityZone>${t.zone}</AvailabilityZone>` : '';
      const reason = t.reason ? `<Reason>${t.reason}</Reason>` : '';
      return `<member><Target><Id>${t.ip}</Id><Port>${t.port}</Port>${zone}</Target><HealthCheckPort>${t.port}</HealthCheckPort>`
        + `<TargetHealth><State>${t.state}</State>${reason}</TargetHealth></member>`;
    }).join('');
    return `<DescribeTargetHealthResponse xmlns="${NS}"><DescribeTargetHealthResult><TargetHealthDescriptions>${members}</TargetHealthDescriptions></DescribeTargetHealthResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></DescribeTargetHealthResponse>`;
  }
}

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

/** A local HTTP server standing in for one task of the service. Records every request. */
export class FakeTask {
  public readonly requests: TaskRequest[] = [];
  public behaviour: TaskBehaviour = { status: 200, body: 'ok' };
  public port = 0;
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

  public async start(): Promise<number> {
    this.port = await listen(this.server);
    return this.port;
  }

  public stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    return close(this.server);
  }
}
