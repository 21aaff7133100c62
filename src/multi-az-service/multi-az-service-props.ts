import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ServiceRollbackAlarmOptions } from '../alarms/service-rollback-alarms';
import { ZonalOutlierOptions } from '../alarms/zonal-outlier-alarms';
import { DeploymentNotificationOptions } from '../notifications/deployment-notifications';
import { ZonalAutoshiftOptions, ZonalShiftOnAlarmOptions } from '../resilience';
import { ZoneLossExperimentOptions } from '../resilience/zone-loss-experiment';
import { TrafficShift } from '../traffic';
import { HttpCheck } from '../verification/http-check';

/**
 * Properties of a `MultiAzService`.
 */
export interface MultiAzServiceProps extends ServiceRollbackAlarmOptions {
  /**
   * The container image the service runs.
   */
  readonly image: ecs.ContainerImage;

  /**
   * The VPC the service runs in. Its private subnets (with egress) must span at least `zones`
   * Availability Zones; with an internet-facing load balancer, so must its public subnets.
   *
   * @default - the stack's shared network: one VPC for every MultiAzService in the stack, with
   * public and private subnets in every zone and one NAT gateway per zone
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The ECS cluster the service runs in. Must be in `vpc` when both are given.
   *
   * @default - one cluster per stack and VPC (Container Insights on), shared by every
   * MultiAzService in that VPC
   */
  readonly cluster?: ecs.ICluster;

  /**
   * Number of Availability Zones the tasks spread over (at least 2).
   *
   * An environment-agnostic stack sees only two zones: the service then spans two and warns.
   *
   * @default 3
   */
  readonly zones?: number;

  /**
   * The port the container listens on (1–65535).
   *
   * @default 8080
   */
  readonly containerPort?: number;

  /**
   * CPU units of each task (a Fargate value: 256, 512, 1024, 2048, 4096, 8192 or 16384).
   *
   * @default 512
   */
  readonly cpu?: number;

  /**
   * Memory of each task in MiB, a value Fargate accepts with `cpu`. The container gets the same
   * hard limit (`memory` of its container definition), so it is stopped at this limit rather
   * than left unbounded in the task.
   *
   * @default 1024
   */
  readonly memoryLimitMiB?: number;

  /**
   * The user (`user`, `user:group`, `uid` or `uid:gid`) the container runs as. Root (`root`,
   * `0`) is refused: leave it out to run as the image's own user.
   *
   * @default - the image's user (root unless the image sets one)
   */
  readonly containerUser?: string;

  /**
   * Mount the container's root file system read-only. Paths the application writes to go in
   * `writablePaths`.
   *
   * @default false
   */
  readonly readonlyRootFilesystem?: boolean;

  /**
   * Absolute paths inside the container that stay writable with `readonlyRootFilesystem`: each
   * is a task volume (Fargate ephemeral storage, emptied with the task) mounted read-write at
   * that path, e.g. `['/tmp', '/var/cache/nginx', '/var/run']`.
   *
   * @default - none
   */
  readonly writablePaths?: string[];

  /**
   * How long the logs the service causes to exist are kept: the container's log group, and
   * (decided by the first service of the stack that defines them) the shared verification
   * hook's log group and the shared network's flow-log and custom-resource log groups.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * CPU architecture of the tasks.
   *
   * @default ecs.CpuArchitecture.X86_64
   */
  readonly cpuArchitecture?: ecs.CpuArchitecture;

  /**
   * Environment variables of the container.
   *
   * @default - none
   */
  readonly environment?: { [key: string]: string };

  /**
   * Secrets exposed to the container as environment variables.
   *
   * @default - none
   */
  readonly secrets?: { [key: string]: ecs.Secret };

  /**
   * Path the load balancer requests on each task to decide whether it is healthy. Starts with `/`.
   *
   * @default '/'
   */
  readonly healthCheckPath?: string;

  /**
   * Health check run by ECS inside the container.
   *
   * @default - none: the load balancer's health check decides
   */
  readonly containerHealthCheck?: ecs.HealthCheck;

  /**
   * Time after a task starts during which ECS ignores failing load-balancer health checks.
   *
   * @default Duration.seconds(60)
   */
  readonly healthCheckGracePeriod?: Duration;

  /**
   * Time the load balancer keeps sending in-flight requests to a task it is removing (0–3600 s).
   *
   * @default Duration.seconds(30)
   */
  readonly deregistrationDelay?: Duration;

  /**
   * Time the container has to exit after SIGTERM before it is killed (2–120 s on Fargate).
   *
   * @default Duration.seconds(30)
   */
  readonly stopTimeout?: Duration;

  /**
   * Tasks the service needs to carry its normal load with every zone up.
   *
   * The service runs more: `ceil(baselineTasks × zones / (zones − 1))` rounded up to a multiple
   * of `zones`, so that losing any one zone still leaves `baselineTasks` running. See
   * `capacityPlan`.
   *
   * @default 2
   */
  readonly baselineTasks?: number;

  /**
   * Most tasks autoscaling may run. At least the statically stable minimum.
   *
   * @default - three times the statically stable minimum
   */
  readonly maxTasks?: number;

  /**
   * Average CPU utilisation (percent, 1–100) autoscaling keeps the service at.
   *
   * @default 60
   */
  readonly targetCpuUtilizationPercent?: number;

  /**
   * How production traffic moves to a new revision: all at once (blue/green), canary or linear,
   * on ECS native deployments. Not allowed with `rolling`.
   *
   * @default TrafficShift.allAtOnce()
   */
  readonly trafficShift?: TrafficShift;

  /**
   * Time the old revision is kept running after all traffic has moved, while the rollback
   * alarms watch the new one (0–1440 min, whole minutes). Not allowed with `rolling`.
   *
   * @default Duration.minutes(10)
   */
  readonly bakeTime?: Duration;

  /**
   * Deploy with ECS rolling updates (circuit breaker with rollback, deployment alarms) instead
   * of a traffic-shifting strategy. Rolling deployments have no test-traffic stage, so they run
   * no verification checks: `checks`, `trafficShift` and `bakeTime` are refused with it.
   *
   * @default false
   */
  readonly rolling?: boolean;

  /**
   * HTTP checks every healthy task of a new revision must pass, in every zone, before the
   * revision receives production traffic.
   *
   * @default - one check: GET `healthCheckPath` answering 200
   */
  readonly checks?: HttpCheck[];

  /**
   * Whether the load balancer is reachable from the internet (else only from inside the VPC).
   *
   * @default true
   */
  readonly internetFacing?: boolean;

  /**
   * Certificate for HTTPS on port 443; port 80 then redirects to HTTPS on a listener of its own
   * (which ECS never shifts).
   *
   * @default - a DNS-validated certificate for `domainName` when it is given, else HTTP on
   * port 80 only (with the warning `cdk-safe-deploy:plainHttp` when internet-facing)
   */
  readonly certificate?: acm.ICertificate;

  /**
   * The name clients reach the service at, e.g. `orders.example.com`: with `hostedZone`, the
   * service gets an alias record for the load balancer and (unless `certificate` is given) a
   * certificate validated through DNS in that zone, so HTTPS is one prop.
   *
   * @default - no record: clients use the load balancer's DNS name
   */
  readonly domainName?: string;

  /**
   * The Route 53 hosted zone `domainName` is in. Required with `domainName`.
   *
   * @default - none
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * Bucket the load balancer writes its access logs to (it must allow the Elastic Load
   * Balancing log delivery; aws-cdk-lib adds that to a bucket of the same stack).
   *
   * @default - no access logs
   */
  readonly accessLogBucket?: s3.IBucket;

  /**
   * Turn on deletion protection of the load balancer: it cannot be deleted, nor its stack,
   * until this is turned off again.
   *
   * @default false
   */
  readonly deletionProtection?: boolean;

  /**
   * ARN of an AWS WAF (v2) regional web ACL to associate with the load balancer.
   *
   * @default - no web ACL
   */
  readonly webAclArn?: string;

  /**
   * Remove every rule of the default security group of the stack's shared VPC (through
   * aws-cdk-lib's custom resource, whose function logs with `logRetention`). Nothing of the
   * service uses that group. Applies only to the shared network (no `vpc` or `cluster` given),
   * and is decided by the first service that defines it.
   *
   * @default true
   */
  readonly restrictDefaultSecurityGroup?: boolean;

  /**
   * Turn on zonal autoshift (AWS moves traffic away from an impaired zone on its own) with
   * practice runs. Zonal shift itself is always enabled on the load balancer.
   *
   * Practice runs are blocked while a deployment is in progress, while any `blockingAlarms` is in
   * ALARM, and while any per-zone outlier alarm is (so at most 99 minus the outlier alarms may be
   * given as `blockingAlarms`); the outcome alarms default to the regional rollback alarms.
   *
   * @default - zonal autoshift off
   */
  readonly zonalAutoshift?: ZonalAutoshiftOptions;

  /**
   * HTTP checks every healthy task of a new revision must pass, in every zone, once production
   * traffic has shifted to it (ECS lifecycle stage POST_PRODUCTION_TRAFFIC_SHIFT, after the whole
   * canary or linear shift and before the bake time ends the deployment). A failing check rolls the
   * deployment back, as a failing check in `checks` does before production traffic.
   *
   * Same check types and rules as `checks`. The hook is registered at that stage only when at least
   * one check is given. Not allowed with `rolling: true`.
   *
   * @default - none: the hook does not run after production traffic
   */
  readonly checksAfterTraffic?: HttpCheck[];

  /**
   * A switch for one emergency deployment: ship a fix while the safety nets would stop it, for
   * example while a rollback alarm fires because of the revision being replaced.
   *
   * Remove it from the code right after that deployment: the next deployment is protected again.
   *
   * @default - off: every deployment is watched by the rollback alarms and verified
   */
  readonly breakGlass?: ServiceBreakGlassOptions;

  /**
   * Defines a CloudWatch dashboard of the service (`dashboard`): requests, 5xx rate, p99 latency
   * and healthy targets per zone; the same per target group (the old and the new revision side by
   * side during a deployment); CPU, memory and running tasks against the capacity plan; the
   * rollback alarms, with their thresholds drawn on the graphs; and the verification hook's verdicts.
   *
   * @default false
   */
  readonly dashboard?: boolean;

  /**
   * Name of the dashboard: 1 to 255 characters among A-Z, a-z, 0-9, `-` and `_`. Only with
   * `dashboard: true`.
   *
   * @default - generated by CloudFormation
   */
  readonly dashboardName?: string;

  /**
   * Zone-loss experiments (AWS FIS): one experiment template per zone of the service, which
   * impairs that zone (denies all traffic in and out of the service's task subnets there and
   * stops the service's tasks there) and stops early when the regional 5xx-rate or p99-latency
   * rollback alarm fires. The per-zone alarms of the impaired zone and the unhealthy-targets
   * alarm are expected to fire and do not stop it. Nothing runs until an operator starts an
   * experiment (`zoneLossExperiments`).
   *
   * @default - no zone-loss experiments
   * @see https://docs.aws.amazon.com/fis/latest/userguide/what-is.html
   */
  readonly zoneLossExperiments?: ZoneLossExperimentOptions;

  /**
   * Deployment notifications to an SNS topic: deployment started, rollback started, completed and
   * failed, and the state changes of the rollback alarms.
   *
   * @default - no notifications
   */
  readonly notifications?: DeploymentNotificationOptions;

  /**
   * Per-zone outlier alarms (gray failures): one zone's 5xx rate or p99 latency clearly worse than
   * the other zones', with an absolute floor and a minimum-traffic guard. They are deployment alarms:
   * an outlier during a deployment or its bake time rolls it back.
   *
   * Needs concrete zones: in an environment-agnostic stack no outlier alarm is created (warning
   * `cdk-safe-deploy:zonalOutlierAlarmsSkipped`). Turning them off with `enabled: false` is recorded
   * in the service's metadata and as the warning `cdk-safe-deploy:zonalOutlierAlarmsOff`. See
   * docs/gray-failures.md for the expressions and what they catch and miss.
   *
   * @default - on: 5xx rate above 3× the other zones' and 1 %, p99 above 2× the slowest other zone's
   * and 500 ms, at least `minimumRequests` in the zone and in the other zones together
   */
  readonly zonalOutlier?: ZonalOutlierOptions;

  /**
   * Starts an ARC zonal shift away from a zone when one of its outlier alarms goes into ALARM: an
   * EventBridge rule per zone starts a Step Functions state machine that calls `StartZonalShift` on
   * the load balancer, expiring after `expiresIn`. Only the outlier alarms start it (never the
   * practice-run or rollback alarms). Requires the outlier alarms and concrete zones.
   *
   * @default - off: an outlier alarm rolls a deployment back but shifts no traffic
   */
  readonly zonalShiftOnOutlier?: ZonalShiftOnAlarmOptions;
}

/**
 * A switch for one emergency deployment of a `MultiAzService`: ship a fix while the safety nets
 * would stop it.
 *
 * It shows in the template (the service's deployment configuration and its
 * `cdk-safe-deploy:break-glass` metadata), as a synth warning (`cdk-safe-deploy:breakGlass`, which
 * can be acknowledged), and in `describeDeployment()`. The deployment circuit breaker stays on in
 * every case. Remove it from the code after the deployment: the next deployment is protected again.
 */
export interface ServiceBreakGlassOptions {
  /**
   * Why the safety nets are off; shown in the warning, the template and `describeDeployment()`.
   */
  readonly reason: string;

  /**
   * Deploy even if the rollback alarms are in ALARM: the service lists no deployment alarms, so ECS
   * neither blocks nor rolls back the deployment on them. The alarms themselves stay.
   *
   * @default false
   */
  readonly ignoreAlarms?: boolean;

  /**
   * Skip the built-in verification: the verification hook is not registered, so the new revision
   * receives production traffic without the zone gate and the HTTP checks.
   *
   * @default false
   */
  readonly skipVerification?: boolean;
}
