import { FakeAws, FakeRequest, FakeResponse, queryError, queryXml } from './fake-aws';

/** A target as the fake DescribeTargetHealth reports it. */
export interface FakeTarget {
  readonly ip: string;
  readonly port: number;
  readonly zone?: string;
  readonly state: string;
  readonly reason?: string;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Elastic Load Balancing v2 on a local {@link FakeAws} endpoint (query protocol: form-encoded
 * POST, XML answers): DescribeRules and DescribeTargetHealth served from the rules and targets set
 * here, optionally preceded by queued errors.
 */
export class FakeElbv2 {
  public static async start(): Promise<FakeElbv2> {
    return new FakeElbv2(await FakeAws.start());
  }

  /** Rule ARN -> weighted target groups of its forward action. */
  public readonly rules = new Map<string, Array<{ arn: string; weight: number }>>();
  /** Target group ARN -> its targets. */
  public readonly targets = new Map<string, FakeTarget[]>();
  /** Errors answered, in order and whatever the operation, before any real response. */
  public readonly errors: FakeResponse[] = [];
  /** Asked first on every request: a response to answer instead (an outage), or undefined to serve normally. */
  public unavailable?: () => FakeResponse | undefined;

  private constructor(public readonly aws: FakeAws) {
    this.install();
  }

  /** Base URL for AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2. */
  public get url(): string {
    return this.aws.url;
  }

  /** Every request received: operation and form fields. */
  public get requests(): Array<{ action: string; params: Record<string, string> }> {
    return this.aws.requests.map((r) => ({ action: r.operation, params: r.input }));
  }

  /** Queues a query-protocol error (e.g. `Throttling`, 400) for the next request. */
  public failNext(code: string, message: string, status = 400): void {
    this.errors.push(queryError(code, message, status));
  }

  /** Forgets requests, rules, targets and queued errors. */
  public reset(): void {
    this.aws.reset();
    this.rules.clear();
    this.targets.clear();
    this.errors.length = 0;
    this.unavailable = undefined;
    this.install();
  }

  public close(): Promise<void> {
    return this.aws.close();
  }

  private install(): void {
    this.aws.on('DescribeRules', (req) => this.unavailable?.() ?? this.errors.shift() ?? this.describeRules(req));
    this.aws.on('DescribeTargetHealth', (req) => this.unavailable?.() ?? this.errors.shift() ?? this.describeTargetHealth(req));
  }

  private describeRules(req: FakeRequest): FakeResponse {
    const arns = Object.entries(req.input as Record<string, string>).filter(([k]) => k.startsWith('RuleArns.member.')).map(([, v]) => v);
    const missing = arns.filter((arn) => !this.rules.has(arn));
    if (missing.length > 0) return queryError('RuleNotFound', `One or more rules not found: ${missing.join(', ')}`);
    const members = arns.map((arn) => {
      const groups = this.rules.get(arn)!.map((g) => `<member><TargetGroupArn>${escapeXml(g.arn)}</TargetGroupArn><Weight>${g.weight}</Weight></member>`).join('');
      return `<member><RuleArn>${escapeXml(arn)}</RuleArn><Priority>1</Priority><IsDefault>false</IsDefault><Conditions/>`
        + `<Actions><member><Type>forward</Type><Order>1</Order><ForwardConfig><TargetGroups>${groups}</TargetGroups>`
        + '<TargetGroupStickinessConfig><Enabled>false</Enabled></TargetGroupStickinessConfig></ForwardConfig></member></Actions></member>';
    }).join('');
    return queryXml('DescribeRules', `<Rules>${members}</Rules>`);
  }

  private describeTargetHealth(req: FakeRequest): FakeResponse {
    const arn = (req.input as Record<string, string>).TargetGroupArn;
    if (!this.targets.has(arn)) return queryError('TargetGroupNotFound', `Target groups '${arn}' not found`);
    const members = this.targets.get(arn)!.map((t) => {
      const zone = t.zone ? `<AvailabilityZone>${t.zone}</AvailabilityZone>` : '';
      const reason = t.reason ? `<Reason>${t.reason}</Reason>` : '';
      return `<member><Target><Id>${t.ip}</Id><Port>${t.port}</Port>${zone}</Target><HealthCheckPort>${t.port}</HealthCheckPort>`
        + `<TargetHealth><State>${t.state}</State>${reason}</TargetHealth></member>`;
    }).join('');
    return queryXml('DescribeTargetHealth', `<TargetHealthDescriptions>${members}</TargetHealthDescriptions>`);
  }
}
