import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { orders } from './support';
import { MultiAzService, MultiAzServiceProps } from '../../src/multi-az-service';
import { TrafficShift } from '../../src/traffic';
import { envStack } from '../support/app';

/*
 * aws-cdk#36649: after a blue/green deployment ECS has moved the production rule's weights to the
 * other target group; a stack update that rewrites the rule sends production traffic back to a
 * target group with no tasks. So the rule, its listener and the properties that would replace a
 * target group must synthesize identically whatever a user changes day to day.
 */

type Props = Partial<MultiAzServiceProps>;

/** Target-group properties whose change replaces the target group (and so rewrites the rule). */
const REPLACING_TG_PROPERTIES = ['Port', 'Protocol', 'ProtocolVersion', 'TargetType', 'VpcId', 'Name', 'IpAddressType'];
/** Load-balancer properties whose change replaces the load balancer, its listener and the rule. */
const REPLACING_LB_PROPERTIES = ['Scheme', 'Type', 'Name'];

interface RoutingResources {
  readonly listener: unknown;
  readonly rule: unknown;
  readonly targetGroups: Record<string, unknown>;
  readonly loadBalancer: unknown;
}

function routing(props: Props, configure: (stack: Stack) => Props = none): RoutingResources {
  const stack = envStack(3);
  orders(stack, { ...props, ...configure(stack) });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, any>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const listeners = ofType('AWS::ElasticLoadBalancingV2::Listener').filter(([id]) => /LoadBalancerListener[0-9A-F]{8}$/.test(id));
  const rules = ofType('AWS::ElasticLoadBalancingV2::ListenerRule');
  expect(listeners).toHaveLength(1);
  expect(rules).toHaveLength(1);
  const targetGroups: Record<string, unknown> = {};
  for (const [id, tg] of ofType('AWS::ElasticLoadBalancingV2::TargetGroup')) {
    targetGroups[id] = Object.fromEntries(REPLACING_TG_PROPERTIES.map((p) => [p, tg.Properties[p]]));
  }
  const [lbId, lb] = ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')[0];
  const loadBalancer = [lbId, Object.fromEntries(REPLACING_LB_PROPERTIES.map((p) => [p, lb.Properties[p]]))];
  return { listener: listeners[0], rule: rules[0], targetGroups, loadBalancer };
}

const secret = (stack: Stack): Props => ({
  secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(stack, 'Db', 'orders/db')) },
});

const none = (): Props => ({});

// Every row has three entries: jest passes a done callback in place of a missing last argument.
const CHANGES: Array<[string, Props, (stack: Stack) => Props]> = [
  ['image', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27') }, none],
  ['environment', { environment: { LOG_LEVEL: 'debug', FEATURE_X: 'on' } }, none],
  ['secrets', {}, secret],
  ['cpu and memory', { cpu: 2048, memoryLimitMiB: 8192 }, none],
  ['cpu architecture', { cpuArchitecture: ecs.CpuArchitecture.ARM64 }, none],
  ['container port', { containerPort: 3000 }, none],
  ['health check path', { healthCheckPath: '/ready' }, none],
  ['container health check', { containerHealthCheck: { command: ['CMD-SHELL', 'exit 0'] } }, none],
  ['grace period, deregistration delay and stop timeout', {
    healthCheckGracePeriod: Duration.seconds(120), deregistrationDelay: Duration.seconds(5), stopTimeout: Duration.seconds(100),
  }, none],
  ['checks', { checks: [{ name: 'orders', path: '/orders', expectStatus: 200, bodyContains: '[' }] }, none],
  ['alarm thresholds', { serverErrorRatePercent: 1, minimumRequests: 100, p99LatencyThreshold: Duration.millis(300), unhealthyHostThreshold: 2 }, none],
  ['capacity', { baselineTasks: 10, maxTasks: 60, targetCpuUtilizationPercent: 40 }, none],
  ['zones', { zones: 2 }, none],
  ['traffic plan: canary', { trafficShift: TrafficShift.canary(5, Duration.minutes(10)) }, none],
  ['traffic plan: linear', { trafficShift: TrafficShift.linear(25, Duration.minutes(3)) }, none],
  ['bake time', { bakeTime: Duration.minutes(60) }, none],
  ['zonal autoshift', { zonalAutoshift: { blockedWindows: ['Fri:16:00-Mon:08:00'] } }, none],
];

describe('the production listener and rule never change with day-to-day changes (aws-cdk#36649)', () => {
  const before = routing({});

  test.each(CHANGES)('%s', (_name, props, configure) => {
    const after = routing(props, configure);
    expect(after.rule).toEqual(before.rule);
    expect(after.listener).toEqual(before.listener);
    expect(after.targetGroups).toEqual(before.targetGroups);
    expect(after.loadBalancer).toEqual(before.loadBalancer);
  });

  test('the rule forwards to blue and green with fixed weights', () => {
    expect((before.rule as any)[1].Properties.Actions).toEqual([{
      Type: 'forward',
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: { Ref: expect.stringMatching(/^OrdersBlueTargetGroup/) }, Weight: 100 },
          { TargetGroupArn: { Ref: expect.stringMatching(/^OrdersGreenTargetGroup/) }, Weight: 0 },
        ],
      },
    }]);
  });

  test('switching internetFacing replaces the load balancer (documented: not a day-to-day change), and the comparison sees it', () => {
    const internal = routing({ internetFacing: false });
    expect(internal.loadBalancer).not.toEqual(before.loadBalancer);
  });
});

describe('certificates', () => {
  const withCertificate = (arn: string) => routing({}, (stack) => ({
    certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', arn),
  }));

  test('rotating the certificate updates the listener in place and leaves the rule and target groups alone', () => {
    const a = withCertificate('arn:aws:acm:eu-west-1:123456789012:certificate/old');
    const b = withCertificate('arn:aws:acm:eu-west-1:123456789012:certificate/new');
    expect(b.rule).toEqual(a.rule);
    expect(b.targetGroups).toEqual(a.targetGroups);
    expect((b.listener as any)[0]).toEqual((a.listener as any)[0]);
  });

  test('adding a certificate keeps the rule on the same listener, updated in place to HTTPS', () => {
    const plain = routing({});
    const https = withCertificate('arn:aws:acm:eu-west-1:123456789012:certificate/new');
    expect(https.rule).toEqual(plain.rule);
    expect((https.listener as any)[0]).toEqual((plain.listener as any)[0]);
  });
});

describe('the listener that ECS shifts carries forward actions only', () => {
  // Localized ECS guides ("Application Load Balancer resources for blue/green deployments"):
  // blue/green fails when a listener's rules mix forward and non-forward actions.
  const resourcesOf = (stack: Stack) => Template.fromStack(stack).toJSON().Resources as Record<string, any>;
  const idOf = (resources: Record<string, any>, pattern: RegExp) => Object.keys(resources).find((id) => pattern.test(id))!;

  test('the default action forwards to a target group of its own, which no service registers in', () => {
    const stack = envStack(3);
    orders(stack);
    const resources = resourcesOf(stack);
    const listener = resources[idOf(resources, /^OrdersLoadBalancerListener[0-9A-F]{8}$/)];
    const unrouted = idOf(resources, /^OrdersUnroutedTargetGroup/);
    expect(listener.Properties.DefaultActions).toEqual([{ Type: 'forward', TargetGroupArn: { Ref: unrouted } }]);
    expect(resources[unrouted].Properties).toMatchObject({ Port: 80, Protocol: 'HTTP', TargetType: 'ip' });
    expect(resources[unrouted].Properties.Targets).toBeUndefined();
    const service = Object.values(resources).find((r) => r.Type === 'AWS::ECS::Service');
    expect(JSON.stringify(service.Properties.LoadBalancers)).not.toContain(unrouted);
  });

  test('the production rule matches every path, so the default action is never reached', () => {
    const stack = envStack(3);
    orders(stack);
    const rules = Object.values(resourcesOf(stack)).filter((r) => r.Type === 'AWS::ElasticLoadBalancingV2::ListenerRule');
    expect(rules).toHaveLength(1);
    expect(rules[0].Properties).toMatchObject({ Priority: 50000, Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }] });
  });

  test('with a certificate, the redirect to HTTPS is a separate listener on port 80, and the production listener still forwards only', () => {
    const stack = envStack(3);
    orders(stack, { certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc') });
    const listeners = Object.values(resourcesOf(stack)).filter((r) => r.Type === 'AWS::ElasticLoadBalancingV2::Listener');
    expect(listeners.map((l) => [l.Properties.Port, l.Properties.DefaultActions.map((a: any) => a.Type)]).sort()).toEqual([
      [443, ['forward']],
      [80, ['redirect']],
    ]);
  });

  test('a forward rule a user adds to the listener is accepted', () => {
    const stack = envStack(3);
    const service = orders(stack);
    new elbv2.ApplicationListenerRule(stack, 'V2', {
      listener: service.listener,
      priority: 10,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/v2/*'])],
      action: elbv2.ListenerAction.forward([service.blueTargetGroup]),
    });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test.each<[string, (service: MultiAzService, stack: Stack) => void, RegExp]>([
    ['a redirect rule', (service, stack) => new elbv2.ApplicationListenerRule(stack, 'Old', {
      listener: service.listener,
      priority: 10,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/old/*'])],
      action: elbv2.ListenerAction.redirect({ path: '/new/' }),
    }), /TestStack\/Old adds a redirect action to the listener that ECS shifts/],
    ['a maintenance page (fixed response)', (service) => service.listener.addAction('Maintenance', {
      priority: 5,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
      action: elbv2.ListenerAction.fixedResponse(503, { messageBody: 'Down for maintenance' }),
    }), /Orders\/LoadBalancer\/Listener\/MaintenanceRule adds a fixed-response action/],
    ['a replaced default action', (service) => service.listener.addAction('Default', {
      action: elbv2.ListenerAction.fixedResponse(404),
    }), /Orders\/LoadBalancer\/Listener adds a fixed-response action .* Put redirects and maintenance pages on another listener/],
  ])('fails when a user adds %s to the listener', (_name, add, message) => {
    const stack = envStack(3);
    const service = orders(stack);
    add(service, stack);
    expect(() => Template.fromStack(stack)).toThrow(message);
  });
});
