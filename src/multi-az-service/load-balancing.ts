import { Duration, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';

/**
 * Port written on both target groups. ECS registers every task with its container port, so
 * this value is never used for traffic or health checks (which go to the traffic port); it is
 * fixed so that changing the container port never replaces a target group, which would rewrite
 * the production listener rule (see docs/multi-az-service.md, "Why the listener never changes").
 */
export const TARGET_GROUP_PORT = 80;

/**
 * Priority of the production rule on the production listener: the last one ALB allows, so that
 * forward rules added to `listener` (another path to another target group) are evaluated before it.
 */
export const PRODUCTION_RULE_PRIORITY = 50_000;

/** The only action type the listener that ECS shifts may carry (see {@link nonForwardActions}). */
export const FORWARD = 'forward';

/** What the load balancer and its target groups need. */
export interface LoadBalancingOptions {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.ISubnet[];
  readonly internetFacing: boolean;
  readonly certificate?: acm.ICertificate;
  readonly accessLogBucket?: s3.IBucket;
  readonly deletionProtection: boolean;
  readonly healthCheckPath: string;
  readonly deregistrationDelay: Duration;
}

/** The load-balancing resources of one service. */
export interface ServiceLoadBalancing {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly listener: elbv2.ApplicationListener;
  readonly blueTargetGroup: elbv2.ApplicationTargetGroup;
  readonly greenTargetGroup: elbv2.ApplicationTargetGroup;
  /** Target of the listener's default action; no request reaches it (the production rule matches every path). */
  readonly unroutedTargetGroup: elbv2.ApplicationTargetGroup;
  readonly productionRule: elbv2.ApplicationListenerRule;
}

/**
 * Defines, in `scope`, the load balancer, the production listener (HTTPS with a certificate, else HTTP; plus an
 * HTTP-to-HTTPS redirect), the blue and green target groups and the production rule that ECS
 * swings between them.
 *
 * Invariant (aws-cdk#36649): the listener and the rule take no value that changes day to day.
 * The rule forwards with fixed weights (blue 100, green 0) to two target groups whose
 * replacement-causing properties (port, protocol, target type, VPC) are constants, so
 * CloudFormation never rewrites the weights ECS has set during a deployment.
 *
 * Forward actions only: ECS blue/green fails on a listener whose rules mix forward and other
 * actions (redirect, fixed-response, authenticate; the localized ECS guides on ALB resources for
 * blue/green). The listener's default action forwards to a target group of its own with no
 * targets, which no request reaches because the production rule matches every path; synthesis
 * fails if anything adds another kind of action to the listener.
 */
export function defineLoadBalancing(scope: Construct, options: LoadBalancingOptions): ServiceLoadBalancing {
  const { vpc, internetFacing, certificate } = options;
  const loadBalancer = new elbv2.ApplicationLoadBalancer(scope, 'LoadBalancer', {
    vpc,
    internetFacing,
    vpcSubnets: { subnets: options.subnets },
    dropInvalidHeaderFields: true,
    deletionProtection: options.deletionProtection,
  });
  // No acknowledgement here: the load balancer and its security group are the user's to extend
  // (connections, listeners), and findings on them stay reported (docs/security.md).
  if (options.accessLogBucket) {
    loadBalancer.logAccessLogs(options.accessLogBucket);
  }

  // Same constant replacement properties as blue and green; nothing registers in it.
  const unroutedTargetGroup = targetGroup(scope, 'UnroutedTargetGroup', options);
  const port = certificate ? 443 : 80;
  const listener = loadBalancer.addListener('Listener', {
    port,
    protocol: certificate ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP,
    certificates: certificate ? [certificate] : undefined,
    sslPolicy: certificate ? elbv2.SslPolicy.RECOMMENDED_TLS : undefined,
    open: internetFacing,
    defaultAction: elbv2.ListenerAction.forward([unroutedTargetGroup]),
  });
  listener.node.addValidation({ validate: () => nonForwardActions(listener).map(forwardOnlyMessage) });
  if (certificate) {
    const redirectListener = loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443, open: internetFacing });
    // When a certificate is added later, the listener moves from 80 to 443 before port 80 is reused.
    redirectListener.node.addDependency(listener);
  }
  if (!internetFacing) {
    loadBalancer.connections.allowFrom(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(port), 'Clients inside the VPC');
    if (certificate) {
      loadBalancer.connections.allowFrom(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(80), 'Clients inside the VPC (redirected to HTTPS)');
    }
  }

  const blueTargetGroup = targetGroup(scope, 'BlueTargetGroup', options);
  const greenTargetGroup = targetGroup(scope, 'GreenTargetGroup', options);
  const productionRule = new elbv2.ApplicationListenerRule(scope, 'ProductionRule', {
    listener,
    priority: PRODUCTION_RULE_PRIORITY,
    conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
    action: elbv2.ListenerAction.weightedForward([
      { targetGroup: blueTargetGroup, weight: 100 },
      { targetGroup: greenTargetGroup, weight: 0 },
    ]),
  });
  return { loadBalancer, listener, blueTargetGroup, greenTargetGroup, unroutedTargetGroup, productionRule };
}

/** An action of the production listener (default action or rule action) that is not a forward. */
export interface NonForwardAction {
  /** Path of the listener or rule construct that carries it. */
  readonly path: string;
  /** Its type (`redirect`, `fixed-response`, `authenticate-oidc`, ...). */
  readonly type: string;
}

/**
 * The actions of `listener`, default or in any rule of its stack that names it, whose type is not
 * `forward`. Rules are found by their `ListenerArn`; a rule in another stack is not seen.
 */
export function nonForwardActions(listener: elbv2.ApplicationListener): NonForwardAction[] {
  const stack = Stack.of(listener);
  const arn = JSON.stringify(stack.resolve(listener.listenerArn));
  const bad = (path: string, actions: unknown): NonForwardAction[] => {
    const list = (stack.resolve(actions) ?? []) as Array<{ type?: unknown }>;
    return list.filter((a) => a.type !== FORWARD).map((a) => ({ path, type: String(a.type) }));
  };
  const found = bad(listener.node.path, (listener.node.defaultChild as elbv2.CfnListener).defaultActions);
  for (const c of stack.node.findAll() as IConstruct[]) {
    if (c instanceof elbv2.CfnListenerRule && JSON.stringify(stack.resolve(c.listenerArn)) === arn) {
      found.push(...bad(c.node.scope?.node.path ?? c.node.path, c.actions));
    }
  }
  return found;
}

function forwardOnlyMessage(action: NonForwardAction): string {
  return `${action.path} adds a ${action.type} action to the listener that ECS shifts during deployments; ECS blue/green deployments fail `
    + 'when a listener mixes forward and other actions (redirect, fixed-response, authenticate). Put redirects and maintenance pages '
    + 'on another listener (loadBalancer.addListener on another port, or the port-80 redirect listener created with a certificate), '
    + 'or use a forward action. See docs/multi-az-service.md, "Listener actions".';
}

function targetGroup(scope: Construct, id: string, options: LoadBalancingOptions): elbv2.ApplicationTargetGroup {
  return new elbv2.ApplicationTargetGroup(scope, id, {
    vpc: options.vpc,
    port: TARGET_GROUP_PORT,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
    deregistrationDelay: options.deregistrationDelay,
    healthCheck: {
      path: options.healthCheckPath,
      interval: Duration.seconds(10),
      timeout: Duration.seconds(5),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
    },
  });
}
