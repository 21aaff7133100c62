import { Annotations, CfnResource, CustomResource, Duration, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { planCapacity } from './capacity';
import { CapacityPlan } from './capacity-plan';
import { describeBreakGlass, describeService } from './describe';
import { ServiceDesiredCount } from './desired-count/service-desired-count';
import { validateFargateSize } from './fargate-size';
import { defineLoadBalancing } from './load-balancing';
import { MultiAzServiceProps } from './multi-az-service-props';
import { validateContainerUser, validateDomain, validateWritablePaths } from './security';
import { sharedCluster, SharedServiceNetwork } from './shared-network';
import {
  BreakGlassChoice,
  refuseWithRolling,
  requireHealthCheckPath,
  requireInteger,
  requireSeconds,
  validateContainerHealthCheck,
  validateServiceBreakGlass,
} from './validation';
import { ServiceVerificationHook } from './verification-hook';
import { chooseZones, ZoneSource } from './zones';
import { secondsToAlarm, validateDeploymentAlarmNames } from '../alarms/service-alarm-math';
import { ServiceRollbackAlarms } from '../alarms/service-rollback-alarms';
import { ZonalOutlierAlarms } from '../alarms/zonal-outlier-alarms';
import { ServiceDashboard } from '../dashboards/service-dashboard';
import { DeploymentNotificationOptions, DeploymentNotifications, notificationLabel } from '../notifications/deployment-notifications';
import { BASELINE_METADATA_KEY } from '../policy/tier';
import { ZonalAutoshift, ZonalShift } from '../resilience/zonal-shift';
import { ZonalShiftOnAlarm } from '../resilience/zonal-shift-on-alarm';
import { ZoneLossExperiment, ZoneLossExperimentOptions } from '../resilience/zone-loss-experiment';
import { ecsTrafficOptions, EcsTrafficOptions } from '../traffic/ecs';
import { TrafficShift, TrafficShiftType } from '../traffic/traffic-shift';
import { buildEcsHookDetails, DEFAULT_HEALTHY_WITHIN, ecsHookStages, SubnetZone } from '../verification/ecs-hook/config';
import { HttpCheck } from '../verification/http-check';

/** Name of the service's container in its task definition. */
const CONTAINER_NAME = 'App';

/** How long the container's logs are kept unless `logRetention` says otherwise. */
const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/**
 * An HTTP service on ECS Fargate behind an Application Load Balancer that keeps serving when an
 * Availability Zone fails and deploys without downtime.
 *
 * - Tasks spread over `zones` zones (default 3) with AZ rebalancing, in a statically stable
 *   number: losing any one zone still leaves the baseline running (`capacityPlan`).
 * - Deployments are ECS native blue/green (or canary, linear; rolling on request) with a bake
 *   time, the deployment circuit breaker and rollback alarms (regional and per zone).
 * - Before production traffic, a lifecycle hook checks that the new revision has a healthy task
 *   in every zone and that every task passes the HTTP checks.
 * - Zonal shift is enabled on the load balancer; zonal autoshift on request.
 * - The listener and its production rule never depend on day-to-day changes, so a stack update
 *   after a deployment never sends traffic back to the idle target group (aws-cdk#36649).
 *
 * @resource AWS::ECS::Service
 */
export class MultiAzService extends Construct {
  /** The VPC the service runs in. */
  public readonly vpc: ec2.IVpc;
  /** The cluster the service runs in. */
  public readonly cluster: ecs.ICluster;
  /** The Availability Zones the tasks spread over (tokens in an environment-agnostic stack). */
  public readonly availabilityZones: string[];
  /** How many tasks run, and why. */
  public readonly capacityPlan: CapacityPlan;
  /** The task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The service's container. */
  public readonly container: ecs.ContainerDefinition;
  /** The Fargate service. */
  public readonly service: ecs.FargateService;
  /**
   * The custom resource whose `DesiredCount` attribute is the service's desired count: the
   * running count on every update (never below `capacityPlan.minimumTasks`), that minimum on create.
   */
  public readonly desiredCountResource: CustomResource;
  /** The load balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The production listener (HTTPS on 443 with a certificate, else HTTP on 80). */
  public readonly listener: elbv2.ApplicationListener;
  /** The rule of `listener` that ECS swings between the blue and the green target group. */
  public readonly productionRule: elbv2.ApplicationListenerRule;
  /** The target group the first revision registers in. */
  public readonly blueTargetGroup: elbv2.ApplicationTargetGroup;
  /** The alternate target group of blue/green, canary and linear deployments (unused with rolling). */
  public readonly greenTargetGroup: elbv2.ApplicationTargetGroup;
  /** The rollback alarms, wired into the service's deployment alarms. */
  public readonly alarms: ServiceRollbackAlarms;
  /** The checks the verification hook runs (empty with rolling deployments). */
  public readonly checks: HttpCheck[];
  /** The checks the verification hook runs after production traffic has shifted (empty when none are declared). */
  public readonly checksAfterTraffic: HttpCheck[];
  /** Zonal autoshift, when turned on. */
  public readonly zonalAutoshift?: ZonalAutoshift;
  /** The container's log group. */
  public readonly logGroup: logs.LogGroup;
  /** The listener's certificate: `certificate`, or the one defined for `domainName`. */
  public readonly certificate?: acm.ICertificate;
  /** The alias record of `domainName`, when given. */
  public readonly record?: route53.ARecord;
  /** The association of `webAclArn` with the load balancer, when given. */
  public readonly webAclAssociation?: wafv2.CfnWebACLAssociation;
  /** The service's dashboard, with `dashboard: true`. */
  public readonly dashboard?: cloudwatch.Dashboard;
  /** The zone-loss experiments, one per zone in the order of `availabilityZones` (empty unless `zoneLossExperiments` is set). */
  public readonly zoneLossExperiments: ZoneLossExperiment[];
  /** The deployment notifications, when `notifications` is set. */
  public readonly notifications?: DeploymentNotifications;
  /** The per-zone outlier alarms (gray failures), wired into the deployment alarms; absent when turned off. */
  public readonly outlierAlarms?: ZonalOutlierAlarms;
  /** The zonal shift started by an outlier alarm, when `zonalShiftOnOutlier` is given. */
  public readonly zonalShiftOnOutlier?: ZonalShiftOnAlarm;

  private readonly rolling: boolean;
  private readonly traffic: EcsTrafficOptions;
  private readonly trafficShift: TrafficShift;
  private readonly breakGlass?: BreakGlassChoice;

  constructor(scope: Construct, id: string, props: MultiAzServiceProps) {
    super(scope, id);
    const rolling = props.rolling ?? false;
    const containerPort = props.containerPort ?? 8080;
    const cpu = props.cpu ?? 512;
    const memoryLimitMiB = props.memoryLimitMiB ?? 1024;
    const healthCheckPath = props.healthCheckPath ?? '/';
    const targetCpu = props.targetCpuUtilizationPercent ?? 60;
    const internetFacing = props.internetFacing ?? true;
    const deregistrationDelay = props.deregistrationDelay ?? Duration.seconds(30);
    const stopTimeout = props.stopTimeout ?? Duration.seconds(30);
    const gracePeriod = props.healthCheckGracePeriod ?? Duration.seconds(60);

    requireInteger('containerPort', containerPort, 1, 65535, 'Use the port the container listens on, e.g. 8080.');
    requireInteger('targetCpuUtilizationPercent', targetCpu, 1, 100, 'Use e.g. 60.');
    requireHealthCheckPath(healthCheckPath);
    requireSeconds('deregistrationDelay', deregistrationDelay, 0, 3600);
    requireSeconds('stopTimeout', stopTimeout, 2, 120);
    requireSeconds('healthCheckGracePeriod', gracePeriod, 0, 2_147_483_647);
    if (!Token.isUnresolved(cpu) && !Token.isUnresolved(memoryLimitMiB)) validateFargateSize(cpu, memoryLimitMiB);
    const readonlyRootFilesystem = props.readonlyRootFilesystem ?? false;
    validateContainerUser(props.containerUser);
    validateWritablePaths(props.writablePaths, readonlyRootFilesystem);
    validateDomain(props.domainName, props.hostedZone?.zoneName, props.hostedZone !== undefined);
    refuseWithRolling(rolling, 'trafficShift', props.trafficShift, 'rolling updates replace tasks in place and shift no traffic');
    refuseWithRolling(rolling, 'bakeTime', props.bakeTime, 'rolling updates keep no old revision to bake against');
    refuseWithRolling(rolling, 'checks', props.checks, 'rolling updates have no test-traffic stage for the verification hook to run in');
    refuseWithRolling(rolling, 'checksAfterTraffic', props.checksAfterTraffic, 'rolling updates have no production-traffic stage for the verification hook to run in');
    refuseWithRolling(rolling, 'zonalAutoshift', props.zonalAutoshift, 'its deployment-in-progress blocking alarm needs the blue and green target groups of a traffic-shifting deployment');
    validateContainerHealthCheck(props.containerHealthCheck);
    this.breakGlass = props.breakGlass && {
      reason: props.breakGlass.reason,
      ignoreAlarms: props.breakGlass.ignoreAlarms ?? false,
      skipVerification: props.breakGlass.skipVerification ?? false,
    };
    if (this.breakGlass) validateServiceBreakGlass(this.breakGlass, rolling);
    const ignoreAlarms = this.breakGlass?.ignoreAlarms ?? false;
    const skipVerification = this.breakGlass?.skipVerification ?? false;

    this.rolling = rolling;
    this.trafficShift = props.trafficShift ?? TrafficShift.allAtOnce();
    this.traffic = rolling
      ? { deploymentStrategy: ecs.DeploymentStrategy.ROLLING, bakeTime: Duration.minutes(0) }
      : ecsTrafficOptions(this.trafficShift, props.bakeTime ?? Duration.minutes(10), 'trafficShift', 'bakeTime', skipVerification ? undefined : {
        budget: DEFAULT_HEALTHY_WITHIN,
        source: 'the verification hook\'s wait for a healthy new task in every zone',
      });

    // Network and zones.
    const network = this.resolveNetwork(props);
    this.vpc = network.vpc;
    this.cluster = network.cluster;
    this.availabilityZones = network.zones;
    const taskSubnets = this.subnetsIn(ec2.SubnetType.PRIVATE_WITH_EGRESS, 'private subnets (with egress) for the tasks');
    const lbSubnets = internetFacing ? this.subnetsIn(ec2.SubnetType.PUBLIC, 'public subnets for the internet-facing load balancer') : taskSubnets;

    this.capacityPlan = planCapacity(this.availabilityZones.length, props.baselineTasks ?? 2, props.maxTasks);

    // HTTPS: the given certificate, or one validated through DNS for the domain.
    this.certificate = props.certificate ?? (props.domainName && props.hostedZone
      ? new acm.Certificate(this, 'Certificate', {
        domainName: props.domainName,
        validation: acm.CertificateValidation.fromDns(props.hostedZone),
      })
      : undefined);
    if (internetFacing && !this.certificate) {
      Annotations.of(this).addWarningV2('cdk-safe-deploy:plainHttp',
        'The internet-facing load balancer serves plain HTTP on port 80: requests and responses cross the internet unencrypted. ' +
        'Pass domainName and hostedZone (or certificate) for HTTPS, or acknowledge this warning for a service that must stay on HTTP.');
    }

    // Load balancer, listener, production rule, target groups.
    const lb = defineLoadBalancing(this, {
      vpc: this.vpc,
      subnets: lbSubnets,
      internetFacing,
      certificate: this.certificate,
      accessLogBucket: props.accessLogBucket,
      deletionProtection: props.deletionProtection ?? false,
      healthCheckPath,
      deregistrationDelay,
    });
    this.loadBalancer = lb.loadBalancer;
    this.listener = lb.listener;
    this.productionRule = lb.productionRule;
    this.blueTargetGroup = lb.blueTargetGroup;
    this.greenTargetGroup = lb.greenTargetGroup;
    if (props.domainName && props.hostedZone) {
      this.record = new route53.ARecord(this, 'Record', {
        zone: props.hostedZone,
        recordName: props.domainName,
        target: route53.RecordTarget.fromAlias(new route53targets.LoadBalancerTarget(this.loadBalancer)),
      });
    }
    if (props.webAclArn !== undefined) {
      this.webAclAssociation = new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
        resourceArn: this.loadBalancer.loadBalancerArn,
        webAclArn: props.webAclArn,
      });
    }

    // Rollback alarms: literal names, so the service can list them without a dependency cycle.
    this.alarms = new ServiceRollbackAlarms(this, 'Alarms', {
      loadBalancer: this.loadBalancer,
      targetGroups: rolling ? [this.blueTargetGroup] : [this.blueTargetGroup, this.greenTargetGroup],
      targetGroupLabels: rolling ? ['Blue'] : ['Blue', 'Green'],
      availabilityZones: this.availabilityZones,
      serverErrorRatePercent: props.serverErrorRatePercent,
      minimumRequests: props.minimumRequests,
      p99LatencyThreshold: props.p99LatencyThreshold,
      unhealthyHostThreshold: props.unhealthyHostThreshold,
    });
    // Per-zone outlier alarms (gray failures): deployment alarms like the rollback alarms.
    const { enabled: outliersEnabled, ...outlierThresholds } = props.zonalOutlier ?? {};
    this.outlierAlarms = outliersEnabled === false ? undefined : new ZonalOutlierAlarms(this, 'OutlierAlarms', {
      ...outlierThresholds,
      loadBalancer: this.loadBalancer,
      availabilityZones: this.availabilityZones,
      minimumRequests: outlierThresholds.minimumRequests ?? props.minimumRequests,
      period: this.alarms.period,
      evaluationPeriods: this.alarms.evaluationPeriods,
      datapointsToAlarm: this.alarms.datapointsToAlarm,
    });
    const deploymentAlarmNames = [...this.alarms.alarmNames, ...(this.outlierAlarms?.alarmNames ?? [])];
    validateDeploymentAlarmNames(deploymentAlarmNames, 'deploymentAlarms');
    this.warnIfCanaryEndsBeforeItsAlarm();

    // Task definition and container.
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu,
      memoryLimitMiB,
      runtimePlatform: {
        cpuArchitecture: props.cpuArchitecture ?? ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention ?? DEFAULT_LOG_RETENTION });
    this.container = this.taskDefinition.addContainer(CONTAINER_NAME, {
      image: props.image,
      portMappings: [{ containerPort, protocol: ecs.Protocol.TCP }],
      environment: props.environment,
      secrets: props.secrets,
      healthCheck: props.containerHealthCheck,
      stopTimeout,
      memoryLimitMiB,
      user: props.containerUser,
      readonlyRootFilesystem,
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'service', logGroup: this.logGroup }),
    });
    (props.writablePaths ?? []).forEach((containerPath, i) => {
      const name = `writable-${i}`;
      this.taskDefinition.addVolume({ name });
      this.container.addMountPoints({ sourceVolume: name, containerPath, readOnly: false });
    });

    // The service. Its desired count is read at deploy time, so a deployment never lowers a scaled-out count.
    const desiredCount = new ServiceDesiredCount(this, 'DesiredCount', {
      cluster: this.cluster,
      floor: this.capacityPlan.minimumTasks,
      maximum: this.capacityPlan.maximumTasks,
      logRetention: props.logRetention,
    });
    this.desiredCountResource = desiredCount.resource;
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: desiredCount.desiredCount,
      vpcSubnets: { subnets: taskSubnets },
      assignPublicIp: false,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      availabilityZoneRebalancing: ecs.AvailabilityZoneRebalancing.ENABLED,
      circuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriod: gracePeriod,
      // Break-glass ignoreAlarms: no deployment alarms for this deployment; the circuit breaker stays.
      deploymentAlarms: ignoreAlarms ? undefined : { alarmNames: deploymentAlarmNames, behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM },
      deploymentStrategy: this.traffic.deploymentStrategy,
      bakeTime: rolling ? undefined : this.traffic.bakeTime,
      canaryConfiguration: this.traffic.canaryConfiguration,
      linearConfiguration: this.traffic.linearConfiguration,
    });
    desiredCount.bind(this.service);
    // The baseline, for the deployment-safety policy: losing a zone must leave at least this many tasks.
    (this.service.node.defaultChild as CfnResource).addMetadata(BASELINE_METADATA_KEY, this.capacityPlan.baselineTasks);
    // ECS reads the deployment alarms by name, so nothing in the template orders them before the
    // service: without this, a deployment may start (or an update may name alarms) before they exist.
    this.service.node.addDependency(this.alarms);
    this.blueTargetGroup.addTarget(this.service.loadBalancerTarget({
      containerName: CONTAINER_NAME,
      containerPort,
      alternateTarget: rolling ? undefined : new ecs.AlternateTarget('AlternateTarget', {
        alternateTargetGroup: this.greenTargetGroup,
        productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(this.productionRule),
      }),
    }));
    const scaling = this.service.autoScaleTaskCount({
      minCapacity: this.capacityPlan.minimumTasks,
      maxCapacity: this.capacityPlan.maximumTasks,
    });
    scaling.scaleOnCpuUtilization('CpuScaling', { targetUtilizationPercent: targetCpu });

    // Verification before production traffic.
    this.checks = rolling ? [] : (props.checks ?? [{ name: 'health', path: healthCheckPath }]);
    this.checksAfterTraffic = rolling ? [] : (props.checksAfterTraffic ?? []);
    if (!rolling && !skipVerification) this.addVerificationHook(containerPort, taskSubnets, this.checksAfterTraffic, props.logRetention);
    if (this.breakGlass) this.recordBreakGlass(this.breakGlass);

    // Zonal shift always; autoshift on request.
    ZonalShift.enable(this.loadBalancer);
    if (props.zonalAutoshift) {
      this.zonalAutoshift = new ZonalAutoshift(this, 'ZonalAutoshift', {
        ...props.zonalAutoshift,
        loadBalancer: this.loadBalancer,
        targetGroups: [this.blueTargetGroup, this.greenTargetGroup],
        outcomeAlarms: props.zonalAutoshift.outcomeAlarms ?? this.alarms.regionalAlarms,
        // No practice run while one zone is already an outlier: shifting another zone away would leave
        // the service on the degraded zone and one more.
        blockingAlarms: [...(props.zonalAutoshift.blockingAlarms ?? []), ...(this.outlierAlarms?.alarms ?? [])],
      });
    }
    this.zonalShiftOnOutlier = this.wireOutlierAlarms(props);
    if (props.notifications) this.notifications = this.addNotifications(props.notifications);
    this.zoneLossExperiments = props.zoneLossExperiments
      ? this.addZoneLossExperiments(props.zoneLossExperiments, taskSubnets, props.logRetention)
      : [];

    this.dashboard = this.defineDashboard(props, targetCpu, !rolling && !skipVerification);
  }

  /**
   * Orders the service after its outlier alarms, records them being turned off, and starts a zonal
   * shift on an outlier alarm when asked to.
   */
  private wireOutlierAlarms(props: MultiAzServiceProps): ZonalShiftOnAlarm | undefined {
    const outliers = this.outlierAlarms;
    if (outliers) {
      this.service.node.addDependency(outliers);
    } else {
      (this.service.node.defaultChild as CfnResource).addMetadata('cdk-safe-deploy:zonal-outlier-alarms', 'off');
      Annotations.of(this).addWarningV2('cdk-safe-deploy:zonalOutlierAlarmsOff',
        'zonalOutlier.enabled is false: no per-zone outlier alarm watches this service, so a gray failure in one zone (its 5xx rate or latency '
        + 'clearly worse than the other zones\' while the load balancer as a whole looks healthy) neither rolls a deployment back nor shifts traffic away.');
    }
    if (!props.zonalShiftOnOutlier) return undefined;
    if (!outliers || outliers.zones.length === 0) {
      throw new Error(`zonalShiftOnOutlier needs the per-zone outlier alarms, but ${outliers ? 'the zones are not known at synth (environment-agnostic stack); bind the stack to an account and region (env)' : 'zonalOutlier.enabled is false; turn them on or drop zonalShiftOnOutlier'}`);
    }
    return new ZonalShiftOnAlarm(this, 'ZonalShiftOnOutlier', {
      logRetention: props.logRetention,
      ...props.zonalShiftOnOutlier,
      loadBalancer: this.loadBalancer,
      zones: outliers.zones.map((zone) => ({ zone: zone.zone, alarms: [zone.errorRateAlarm, zone.latencyAlarm] })),
    });
  }

  /**
   * The service's dashboard (`dashboard: true`): golden signals per zone and per target group,
   * utilization and tasks against the capacity plan, the rollback alarms and the hook's verdicts.
   */
  private defineDashboard(props: MultiAzServiceProps, targetCpu: number, hooked: boolean): cloudwatch.Dashboard | undefined {
    if (!props.dashboard) {
      if (props.dashboardName !== undefined) {
        throw new Error(`dashboardName is '${props.dashboardName}' but dashboard is not true: no dashboard is defined. Set dashboard: true, or remove dashboardName.`);
      }
      return undefined;
    }
    return new ServiceDashboard(this, 'Dashboard', {
      service: this.service,
      loadBalancer: this.loadBalancer,
      targetGroups: this.rolling ? [this.blueTargetGroup] : [this.blueTargetGroup, this.greenTargetGroup],
      alarms: this.alarms,
      availabilityZones: this.availabilityZones,
      capacityPlan: this.capacityPlan,
      targetCpuUtilizationPercent: targetCpu,
      hookLogGroup: hooked ? ServiceVerificationHook.of(this, this.vpc).logGroup : undefined,
      dashboardName: props.dashboardName,
      additionalAlarms: this.outlierAlarms?.alarms,
    }).dashboard;
  }

  /**
   * Server error rate (target and load balancer 5xx over requests, percent), regional or in one zone.
   *
   * @param zone an Availability Zone of the service
   * @default - the whole load balancer
   */
  public metricServerErrorRate(zone?: string): cloudwatch.IMetric {
    return this.alarms.metricServerErrorRate(this.requireServiceZone(zone));
  }

  /**
   * p99 target response time, regional or in one zone.
   *
   * @param zone an Availability Zone of the service
   */
  public metricLatencyP99(zone?: string): cloudwatch.IMetric {
    return this.alarms.metricLatencyP99(this.requireServiceZone(zone));
  }

  /**
   * Requests, regional or in one zone.
   *
   * @param zone an Availability Zone of the service
   */
  public metricRequestCount(zone?: string): cloudwatch.IMetric {
    return this.alarms.metricRequestCount(this.requireServiceZone(zone));
  }

  /**
   * A multi-line, human-readable description of the service's zones, capacity plan, deployment
   * plan, verification checks and rollback alarms.
   */
  public describeDeployment(): string {
    return describeService({
      path: this.node.path,
      zones: this.availabilityZones.map((z) => (Token.isUnresolved(z) ? Stack.of(this).resolve(z) : z)),
      capacity: this.capacityPlan,
      rolling: this.rolling,
      trafficShift: this.trafficShift,
      bakeTime: this.traffic.bakeTime,
      checks: this.checks,
      checksAfterTraffic: this.checksAfterTraffic,
      alarms: {
        regional: this.alarms.regionalAlarmNames,
        targetGroups: this.alarms.targetGroupLabels.map((label, i) => ({ label, names: this.alarms.targetGroupAlarmNames.slice(2 * i, 2 * i + 2) })),
        zonal: this.alarms.zonalAlarmNames,
        zonalOutliers: this.outlierAlarms?.alarmNames,
        periodMinutes: this.alarms.period.toMinutes(),
        evaluationPeriods: this.alarms.evaluationPeriods,
        datapointsToAlarm: this.alarms.datapointsToAlarm,
      },
      breakGlass: this.breakGlass,
      zonalAutoshift: this.zonalAutoshift !== undefined,
      zonalShiftOnOutlier: this.zonalShiftOnOutlier?.expiresIn,
    });
  }

  /**
   * Warns when the canary step is shorter than the time its target group's alarm needs to fire: the
   * canary would end, and all traffic shift to a failing revision, before the alarm can stop it.
   */
  private warnIfCanaryEndsBeforeItsAlarm(): void {
    if (this.rolling || this.trafficShift.type !== TrafficShiftType.CANARY) return;
    const canarySeconds = this.trafficShift.interval!.toSeconds();
    const alarmSeconds = secondsToAlarm({
      periodSeconds: this.alarms.period.toSeconds(),
      evaluationPeriods: this.alarms.evaluationPeriods,
      datapointsToAlarm: this.alarms.datapointsToAlarm,
    });
    if (canarySeconds < alarmSeconds) {
      Annotations.of(this).addWarningV2('cdk-safe-deploy:canaryShorterThanAlarm',
        `trafficShift: the canary step lasts ${canarySeconds / 60} min, but its target group's rollback alarm needs at least ${alarmSeconds / 60} min `
        + `(${this.alarms.datapointsToAlarm} breaching periods of ${this.alarms.period.toMinutes()} min) to fire, so a failing canary reaches all traffic before its alarm can stop it. `
        + `Use a canary interval of at least ${alarmSeconds / 60} min.`);
    }
  }

  /** Records an active break-glass switch in the template (service metadata) and as a synth warning. */
  private recordBreakGlass(bg: BreakGlassChoice): void {
    (this.service.node.defaultChild as CfnResource).addMetadata('cdk-safe-deploy:break-glass', {
      ignoreAlarms: bg.ignoreAlarms,
      skipVerification: bg.skipVerification,
      reason: bg.reason,
    });
    Annotations.of(this).addWarningV2('cdk-safe-deploy:breakGlass',
      `break-glass is ON for ${this.node.path} (${describeBreakGlass(bg)}). ` +
      'The next deployment of this service is not protected; remove breakGlass right after it.');
  }

  /** `zone` itself, after checking that it is one of the service's zones (a typo would give a metric without data). */
  private requireServiceZone(zone?: string): string | undefined {
    const zones = this.availabilityZones;
    if (zone === undefined || Token.isUnresolved(zone) || zones.some((z) => Token.isUnresolved(z)) || zones.includes(zone)) {
      return zone;
    }
    throw new Error(`zone must be one of the service's Availability Zones (${zones.join(', ')}), got '${zone}'. Pass one of those, or no zone for the regional metric.`);
  }

  private resolveNetwork(props: MultiAzServiceProps): { vpc: ec2.IVpc; cluster: ecs.ICluster; zones: string[] } {
    if (props.vpc && props.cluster && props.cluster.vpc !== props.vpc) {
      throw new Error(`cluster is in VPC ${props.cluster.vpc.node.path} but vpc is ${props.vpc.node.path}: pass the cluster's VPC as vpc, or leave vpc out.`);
    }
    const userVpc = props.vpc ?? props.cluster?.vpc;
    const privateZones = (vpc: ec2.IVpc) => vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, onePerAz: true }).availabilityZones;
    const choice = userVpc
      ? chooseZones(props.zones, privateZones(userVpc), ZoneSource.VPC)
      : chooseZones(props.zones, Stack.of(this).availabilityZones, ZoneSource.STACK);
    if (choice.warning) {
      Annotations.of(this).addWarningV2('cdk-safe-deploy:fewerZones', choice.warning);
    }
    if (userVpc) {
      return { vpc: userVpc, cluster: props.cluster ?? sharedCluster(this, userVpc), zones: choice.zones };
    }
    const network = SharedServiceNetwork.of(this, choice.zones, {
      logRetention: props.logRetention,
      restrictDefaultSecurityGroup: props.restrictDefaultSecurityGroup,
    });
    return { vpc: network.vpc, cluster: network.cluster, zones: choice.zones };
  }

  /** The subnets of `type` in the service's zones; throws unless every zone has one. */
  private subnetsIn(subnetType: ec2.SubnetType, what: string): ec2.ISubnet[] {
    const zones = this.availabilityZones;
    const concrete = zones.every((z) => !Token.isUnresolved(z));
    const selected = this.vpc.selectSubnets({ subnetType, ...(concrete ? { availabilityZones: zones } : {}) });
    if (concrete) {
      const missing = zones.filter((z) => !selected.availabilityZones.includes(z));
      if (missing.length > 0) {
        throw new Error(`vpc has no ${what} in ${missing.join(', ')}; the service spans ${zones.join(', ')}. Add subnets there, or lower zones.`);
      }
    }
    return selected.subnets;
  }

  private addVerificationHook(
    containerPort: number, taskSubnets: ec2.ISubnet[], checksAfterTraffic: HttpCheck[], logRetention: logs.RetentionDays | undefined,
  ): void {
    const hook = ServiceVerificationHook.of(this, this.vpc, logRetention);
    hook.allowCluster(this.cluster);
    this.service.connections.allowFrom(hook.securityGroup, ec2.Port.tcp(containerPort), 'Verification hook probes new tasks');
    const role = new iam.Role(this, 'VerifyHookInvokeRole', {
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      description: 'Lets ECS invoke the verification hook during deployments',
    });
    const details = buildEcsHookDetails({
      checks: this.checks,
      afterTrafficChecks: checksAfterTraffic,
      targetGroupArns: [this.blueTargetGroup.targetGroupArn, this.greenTargetGroup.targetGroupArn],
      productionRuleArn: this.productionRule.listenerRuleArn,
      zones: this.availabilityZones,
      subnets: subnetZones(taskSubnets),
    }, 'checks', 'checksAfterTraffic');
    this.service.addLifecycleHook(new ecs.DeploymentLifecycleLambdaTarget(hook.function, 'VerifyHook', {
      lifecycleStages: ecsHookStages(details.afterTrafficChecks !== undefined),
      role,
    }));
    // ECS invokes the hook unqualified: the function itself, not grantInvoke's `<arn>:*` too.
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [hook.function.functionArn] }));
    // aws-cdk-lib's L2 renders HookTargetArn, RoleArn and LifecycleStages only: add HookDetails.
    const cfn = this.service.node.defaultChild as ecs.CfnService;
    cfn.addPropertyOverride('DeploymentConfiguration.LifecycleHooks.0.HookDetails', Stack.of(this).toJsonString(details));
    // ECS assumes these roles while it creates the service (it runs the lifecycle hooks, moves the
    // listener rule, starts the first tasks): the service waits for each role and its policies.
    const assumedByEcs = [role, this.service.node.tryFindChild('AlternateTargetRole'), this.taskDefinition.executionRole];
    for (const r of assumedByEcs) if (r) cfn.node.addDependency(r);
  }

  /**
   * One zone-loss experiment per zone, on the task subnets of that zone, sharing one log group.
   * Stop conditions: the regional 5xx-rate and p99-latency alarms (customer impact). Losing a zone
   * is expected to set off its per-zone alarms and the unhealthy-targets alarm, so those do not stop it.
   */
  private addZoneLossExperiments(
    options: ZoneLossExperimentOptions, taskSubnets: ec2.ISubnet[], logRetention: logs.RetentionDays | undefined,
  ): ZoneLossExperiment[] {
    const stack = Stack.of(this);
    const sameZone = (a: string, b: string) => JSON.stringify(stack.resolve(a)) === JSON.stringify(stack.resolve(b));
    const logGroup = ZoneLossExperiment.sharedLogGroup(this, options.logRetention ?? logRetention ?? DEFAULT_LOG_RETENTION);
    // The service's zones come from its task subnets, so every zone has at least one (also when the zones are tokens).
    return this.availabilityZones.map((zone, i) => new ZoneLossExperiment(this, `ZoneLoss${i + 1}`, {
      ...options,
      availabilityZone: zone,
      stopConditionAlarms: [this.alarms.serverErrorRateAlarm, this.alarms.latencyAlarm],
      vpc: this.vpc,
      subnets: taskSubnets.filter((subnet) => sameZone(subnet.availabilityZone, zone)),
      cluster: this.cluster,
      service: this.service,
      logGroup,
      experimentName: `${this.node.path} zone loss ${zone}`,
    }));
  }

  /** Notifications of this service's deployments and rollback alarms (ECS deployment events). */
  private addNotifications(options: DeploymentNotificationOptions): DeploymentNotifications {
    const notifications = new DeploymentNotifications(this, 'Notifications', { ...options, label: notificationLabel('MultiAzService', this) });
    notifications.watchEcsService(this.service);
    for (const alarm of [...this.alarms.alarms, ...(this.outlierAlarms?.alarms ?? [])]) notifications.watchAlarm(alarm);
    return notifications;
  }
}

/** Each subnet's IPv4 CIDR block and zone, where known (an imported subnet may not carry its CIDR block). */
function subnetZones(subnets: ec2.ISubnet[]): SubnetZone[] {
  return subnets.flatMap((subnet) => {
    try {
      return [{ cidr: subnet.ipv4CidrBlock, zone: subnet.availabilityZone }];
    } catch {
      return [];
    }
  });
}
