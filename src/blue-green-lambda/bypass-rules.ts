/**
 * Where CloudFormation resources name a Lambda function they invoke or route traffic to, and
 * whether such a reference is unqualified (the function itself, so `$LATEST`) or qualified (an
 * alias or a version). Pure: works on resolved template JSON.
 */

/** One kind of caller: a resource type and the properties that name the function it calls. */
export interface CallerRule {
  /** CloudFormation resource type. */
  readonly type: string;
  /** What the caller is, for messages. */
  readonly kind: string;
  /** Property paths of the invocation target: `a.b`, `[]` for every item of a list. */
  readonly paths: string[];
  /** Property path of a separate qualifier (`AWS::Lambda::Url`'s `Qualifier`). */
  readonly qualifierPath?: string;
  /** Only IAM policy statements that allow invoking count (IAM resources). */
  readonly iamStatements?: string[];
  /** How to bind this caller to the alias, for messages (`fn` is the BlueGreenLambda). */
  readonly fix: string;
}

const IAM_FIX = 'grant with `fn.grantInvoke(grantee)` (the live alias) instead of `fn.function.grantInvoke(grantee)`';

/** Every caller kind the bypass guard knows. */
export const CALLER_RULES: CallerRule[] = [
  { type: 'AWS::ApiGateway::Method', kind: 'API Gateway REST method', paths: ['Integration.Uri'], fix: 'use `new apigateway.LambdaIntegration(fn.alias)` or `new apigateway.LambdaRestApi(this, id, { handler: fn.alias })`' },
  { type: 'AWS::ApiGateway::Authorizer', kind: 'API Gateway REST authorizer', paths: ['AuthorizerUri'], fix: 'use `handler: fn.alias` in the authorizer' },
  { type: 'AWS::ApiGatewayV2::Integration', kind: 'API Gateway HTTP/WebSocket integration', paths: ['IntegrationUri'], fix: 'use `new HttpLambdaIntegration(id, fn.alias)`' },
  { type: 'AWS::ApiGatewayV2::Authorizer', kind: 'API Gateway HTTP/WebSocket authorizer', paths: ['AuthorizerUri'], fix: 'use `fn.alias` as the authorizer handler' },
  { type: 'AWS::Lambda::Url', kind: 'function URL', paths: ['TargetFunctionArn'], qualifierPath: 'Qualifier', fix: 'use `fn.addFunctionUrl()` (on the live alias)' },
  { type: 'AWS::Lambda::EventSourceMapping', kind: 'event source mapping', paths: ['FunctionName'], fix: 'use `fn.addEventSource(source)` (on the live alias)' },
  { type: 'AWS::Lambda::Permission', kind: 'Lambda permission', paths: ['FunctionName'], fix: 'add it to the alias: `fn.alias.addPermission(id, permission)` or `fn.grantInvoke(principal)`' },
  {
    type: 'AWS::Lambda::EventInvokeConfig',
    kind: 'asynchronous invocation destination',
    paths: ['DestinationConfig.OnSuccess.Destination', 'DestinationConfig.OnFailure.Destination'],
    fix: 'use `new destinations.LambdaDestination(fn.alias)`',
  },
  { type: 'AWS::SNS::Subscription', kind: 'SNS subscription', paths: ['Endpoint'], fix: 'use `new subscriptions.LambdaSubscription(fn.alias)`' },
  { type: 'AWS::SNS::Topic', kind: 'SNS topic subscription', paths: ['Subscription[].Endpoint'], fix: 'subscribe the alias ARN, `fn.alias.functionArn`' },
  { type: 'AWS::Events::Rule', kind: 'EventBridge rule target', paths: ['Targets[].Arn'], fix: 'use `new targets.LambdaFunction(fn.alias)`' },
  { type: 'AWS::Scheduler::Schedule', kind: 'EventBridge Scheduler target', paths: ['Target.Arn'], fix: 'use `new scheduler_targets.LambdaInvoke(fn.alias)`' },
  { type: 'AWS::Pipes::Pipe', kind: 'EventBridge pipe', paths: ['Target', 'Enrichment'], fix: 'target the alias ARN, `fn.alias.functionArn`' },
  {
    type: 'AWS::StepFunctions::StateMachine',
    kind: 'Step Functions state machine',
    paths: ['DefinitionString', 'Definition'],
    fix: 'use `new tasks.LambdaInvoke(this, id, { lambdaFunction: fn.alias })`',
  },
  {
    type: 'Custom::S3BucketNotifications',
    kind: 'S3 bucket notification',
    paths: ['NotificationConfiguration.LambdaFunctionConfigurations[].LambdaFunctionArn'],
    fix: 'use `new s3n.LambdaDestination(fn.alias)`',
  },
  { type: 'AWS::S3::Bucket', kind: 'S3 bucket notification', paths: ['NotificationConfiguration.LambdaConfigurations[].Function'], fix: 'use `new s3n.LambdaDestination(fn.alias)`' },
  { type: 'AWS::Logs::SubscriptionFilter', kind: 'CloudWatch Logs subscription filter', paths: ['DestinationArn'], fix: 'use `new logs_destinations.LambdaDestination(fn.alias)`' },
  {
    type: 'AWS::IoT::TopicRule',
    kind: 'IoT topic rule',
    paths: ['TopicRulePayload.Actions[].Lambda.FunctionArn', 'TopicRulePayload.ErrorAction.Lambda.FunctionArn'],
    fix: 'use the alias ARN, `fn.alias.functionArn`',
  },
  { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', kind: 'load balancer target group', paths: ['Targets[].Id'], fix: 'use `new elbv2_targets.LambdaTarget(fn.alias)`' },
  { type: 'AWS::AppSync::DataSource', kind: 'AppSync data source', paths: ['LambdaConfig.LambdaFunctionArn'], fix: 'use `api.addLambdaDataSource(id, fn.alias)`' },
  { type: 'AWS::Cognito::UserPool', kind: 'Cognito user pool trigger', paths: ['LambdaConfig'], fix: 'use `userPool.addTrigger(operation, fn.alias)`' },
  { type: 'AWS::SES::ReceiptRule', kind: 'SES receipt rule', paths: ['Rule.Actions[].LambdaAction.FunctionArn'], fix: 'use the alias ARN, `fn.alias.functionArn`' },
  { type: 'AWS::IAM::Policy', kind: 'IAM policy', paths: [], iamStatements: ['PolicyDocument.Statement'], fix: IAM_FIX },
  { type: 'AWS::IAM::ManagedPolicy', kind: 'IAM managed policy', paths: [], iamStatements: ['PolicyDocument.Statement'], fix: IAM_FIX },
  { type: 'AWS::IAM::Role', kind: 'IAM role policy', paths: [], iamStatements: ['Policies[].PolicyDocument.Statement'], fix: IAM_FIX },
];

/** Custom resources (`AWS::CloudFormation::CustomResource`, `Custom::*`): CloudFormation invokes the `ServiceToken`. */
export const CUSTOM_RESOURCE_RULE: CallerRule = {
  type: 'Custom::*',
  kind: 'custom resource',
  paths: ['ServiceToken'],
  fix: 'use the alias ARN, `fn.alias.functionArn`, as the service token (or a provider over `fn.alias`)',
};

/** The rule for a resource type, if it is a caller kind the guard knows. */
export function ruleFor(type: string): CallerRule | undefined {
  const found = RULES_BY_TYPE.get(type);
  if (found) return found;
  return type === 'AWS::CloudFormation::CustomResource' || type.startsWith('Custom::') ? CUSTOM_RESOURCE_RULE : undefined;
}

const RULES_BY_TYPE = new Map(CALLER_RULES.map((r) => [r.type, r]));

/**
 * The values a caller of kind `rule` names as its invocation target in `properties` (IAM grants
 * excluded: a permission is not traffic), with the separate qualifier it gives, if any
 * (`AWS::Lambda::Url`'s `Qualifier`: the alias the URL invokes).
 */
export function invocationTargets(rule: CallerRule, properties: unknown): { values: unknown[]; qualifier?: string } {
  const values = rule.paths.flatMap((path) => select(properties, path).map((v) => v.value));
  const qualifier = rule.qualifierPath ? select(properties, rule.qualifierPath)[0]?.value : undefined;
  return typeof qualifier === 'string' && qualifier !== '' ? { values, qualifier } : { values };
}

/** An unqualified reference found in a resource's properties. */
export interface UnqualifiedReference {
  /** The property path where it was found, e.g. `Targets[0].Arn`. */
  readonly path: string;
}

/**
 * The unqualified references to a function in `properties` (a resolved resource's Properties),
 * following `rule`. `forms` are the JSON forms (`JSON.stringify`) of the intrinsics that mean
 * the function itself in the resource's stack: `{"Ref":..}`, `{"Fn::GetAtt":[..,"Arn"]}`,
 * `{"Fn::ImportValue":..}`.
 */
export function unqualifiedReferences(rule: CallerRule, properties: unknown, forms: ReadonlySet<string>): UnqualifiedReference[] {
  const found: UnqualifiedReference[] = [];
  if (properties === null || typeof properties !== 'object') return found;
  const qualifier = rule.qualifierPath ? select(properties, rule.qualifierPath)[0]?.value : undefined;
  const separatelyQualified = qualifier !== undefined && qualifier !== '' && qualifier !== '$LATEST';
  for (const path of rule.paths) {
    for (const { value, at } of select(properties, path)) {
      for (const ref of references(value, forms, at)) {
        if (!ref.qualified && !separatelyQualified) found.push({ path: ref.path });
      }
    }
  }
  for (const path of rule.iamStatements ?? []) {
    for (const { value, at } of select(properties, path)) {
      const statements = Array.isArray(value) ? value : [value];
      statements.forEach((statement, i) => {
        if (!allowsInvoke(statement)) return;
        for (const ref of references(statement.Resource, forms, `${at}[${i}].Resource`)) {
          if (!ref.qualified) found.push({ path: ref.path });
        }
      });
    }
  }
  return found;
}

/** Whether an IAM statement allows invoking a function (`lambda:InvokeFunction`, `lambda:Invoke*`, `lambda:*`, `*`). */
export function allowsInvoke(statement: any): boolean {
  if (statement === null || typeof statement !== 'object' || statement.Effect !== 'Allow') return false;
  const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
  return actions.some((a: unknown) => typeof a === 'string' && (globMatch(a, 'lambda:InvokeFunction') || globMatch(a, 'lambda:InvokeAsync')));
}

function globMatch(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(action);
}

/** Every logical ID referenced by `Ref` or `Fn::GetAtt` in `value` (pseudo parameters excluded). */
export function referencedLogicalIds(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) referencedLogicalIds(v, into);
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj.Ref === 'string' && !obj.Ref.startsWith('AWS::')) into.add(obj.Ref);
    const getAtt = obj['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') into.add(getAtt[0]);
    for (const v of Object.values(obj)) referencedLogicalIds(v, into);
  }
  return into;
}

/** What follows a value in a string: the end, or some text (a token in it as {@link TOKEN_MARK}). */
type Following = { readonly text: string } | 'end';

/** Stands for a token in the text that follows a reference. */
const TOKEN_MARK = '\u0000';

interface FoundReference {
  readonly path: string;
  readonly qualified: boolean;
}

/**
 * The references to the function in `value`, each with whether a qualifier follows it.
 * A reference followed by `:<something>` in an `Fn::Join` is qualified (an alias, a version or a
 * `:*` pattern); followed by nothing, by `:$LATEST` or by other text (`/invocations`, `"` in a
 * JSON definition) it is unqualified; followed by another token it cannot be judged and is taken as qualified.
 */
function references(value: unknown, forms: ReadonlySet<string>, path: string): FoundReference[] {
  const out: FoundReference[] = [];
  const walk = (v: unknown, at: string, following: Following): void => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${at}[${i}]`, 'end'));
      return;
    }
    if (v === null || typeof v !== 'object') return;
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Fn::GetAtt' || keys[0] === 'Fn::ImportValue')) {
      if (forms.has(JSON.stringify(obj))) out.push({ path: at, qualified: isQualifier(following) });
      return;
    }
    const join = obj['Fn::Join'];
    if (keys.length === 1 && Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      const [delimiter, parts] = join as [string, unknown[]];
      parts.forEach((part, i) => {
        // The text after this part: the rest of the join, each token in it as a NUL.
        const rest = parts.slice(i + 1).map((p) => (typeof p === 'string' ? p : TOKEN_MARK));
        walk(part, at, rest.length === 0 ? following : { text: delimiter + rest.join(delimiter) });
      });
      return;
    }
    for (const key of keys) walk(obj[key], at ? `${at}.${key}` : key, 'end');
  };
  walk(value, path, 'end');
  return out;
}

/** Whether the text after a reference starts with a qualifier (`:` and something). */
function isQualifier(following: Following): boolean {
  if (following === 'end') return false;
  const text = following.text;
  // A token right after the reference cannot be judged: taken as qualified, so nothing is reported.
  if (text.startsWith(TOKEN_MARK)) return true;
  // `:$LATEST` names the unqualified function's code (aws-cdk-lib's `latestVersion`).
  if (/^:\$LATEST(?![A-Za-z0-9_-])/.test(text)) return false;
  return text.length > 1 && text[0] === ':';
}

/** The values at `path` (`a.b`, `a[].b`) in `root`, each with its concrete path (`a[0].b`). */
function select(root: unknown, path: string): Array<{ value: unknown; at: string }> {
  let current: Array<{ value: unknown; at: string }> = [{ value: root, at: '' }];
  for (const segment of path.split('.')) {
    const each = segment.endsWith('[]');
    const key = each ? segment.slice(0, -2) : segment;
    const next: Array<{ value: unknown; at: string }> = [];
    for (const { value, at } of current) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      const child = (value as Record<string, unknown>)[key];
      if (child === undefined) continue;
      const childAt = at ? `${at}.${key}` : key;
      if (each) {
        if (Array.isArray(child)) child.forEach((item, i) => next.push({ value: item, at: `${childAt}[${i}]` }));
      } else {
        next.push({ value: child, at: childAt });
      }
    }
    current = next;
  }
  return current;
}
