import { Annotations, Aspects, CfnResource, Duration, IAspect, Size, SizeRoundingBehavior, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, IConstruct } from 'constructs';
import { BypassGuard, CallerAcknowledgement } from './bypass-guard';
import { layerFingerprint } from './layers';
import { BlueGreenLambdaProps, BreakGlassOptions } from './props';
import { SafeDeployLambdaResources } from './shared-resources';
import {
  validateAlarmCount, validateAliasNames, validateBreakGlass, validateFunctionLimits, validateHookChoices, validateProvisionedConcurrency,
} from './validation';
import { LambdaAlarmSettings, describeErrorRule, resolveLambdaAlarmSettings } from '../alarms/lambda-alarm-math';
import { LambdaMetricTarget, LambdaVersionAlarms, aliasMetric, versionMetric } from '../alarms/lambda-rollback-alarms';
import { LambdaDeploymentDashboard } from '../dashboards/lambda-deployment-dashboard';
import { DeploymentNotificationOptions, DeploymentNotifications, notificationLabel } from '../notifications/deployment-notifications';
import { TrafficShift } from '../traffic';
import { lambdaDeploymentConfigFor } from '../traffic/codedeploy';
import { CheckPhase, InvokeCheck, VerificationFunctionCheck } from '../verification/invoke-check';
import {
  CONFIG_DIGEST_ENV, HookConfig, MANAGED_TAG_KEY, encodeHookConfigTags, hookConfigDigest, toHookCheckSpecs, validateHookConfig,
  validateInvokeChecks, verifierTagKey,
} from '../verification/lambda-hook/config';
import { startupSignalFor, StartupSignal } from '../verification/lambda-hook/startup-signal';

/** Bake window when none is given: long enough for two alarm periods of data after 100%. */
const DEFAULT_BAKE = Duration.minutes(5);
/** Priority of the hook tags over user tags of the same key. */
const HOOK_TAG_PRIORITY = 1000;
/** Rollback alarms every BlueGreenLambda defines (error rate, latency, throttles). */
const BUILT_IN_ALARMS = 3;

/**
 * A Lambda function released blue/green: every change publishes a new version that is verified
 * in production before it gets traffic, moved to by CodeDeploy, watched by rollback alarms on
 * that version only, and rolled back by itself on failure, alarm or manual stop.
 *
 * Defines the function, its current version, a `live` alias moved by CodeDeploy, a `preview`
 * alias on the newest version, three fresh rollback alarms per version and a CodeDeploy
 * deployment group. The CodeDeploy application, its service role and the verification hooks
 * are shared by every BlueGreenLambda of the stack.
 *
 * Point every caller (event sources, function URLs, API Gateway, other services) at `alias`:
 * a caller of the unqualified function bypasses the deployment.
 *
 * @example
 *
 * const api = new BlueGreenLambda(this, 'Api', {
 *   runtime: lambda.Runtime.NODEJS_22_X,
 *   handler: 'index.handler',
 *   code: lambda.Code.fromAsset('dist/api'),
 *   checks: [{ name: 'health', payload: { path: '/health' }, expectStatusCode: 200 }],
 * });
 * new apigateway.LambdaRestApi(this, 'Rest', { handler: api.alias });
 */
export class BlueGreenLambda extends Construct {
  /** The function. Invoke it through `alias`, never unqualified. */
  public readonly function: lambda.Function;
  /** The version published for the current configuration; the target of the next deployment. */
  public readonly version: lambda.Version;
  /** The live alias: serves traffic, moved by CodeDeploy. */
  public readonly alias: lambda.Alias;
  /** The preview alias: always the newest version, no traffic shifting, for end-to-end tests. */
  public readonly previewAlias: lambda.Alias;
  /** The CodeDeploy deployment group that moves `alias`. */
  public readonly deploymentGroup: codedeploy.ILambdaDeploymentGroup;
  /** Error-rate rollback alarm of the current version. */
  public readonly errorRateAlarm: cloudwatch.IAlarm;
  /** p99 duration rollback alarm of the current version. */
  public readonly latencyAlarm: cloudwatch.IAlarm;
  /** Throttles rollback alarm (live alias). */
  public readonly throttlesAlarm: cloudwatch.IAlarm;
  /** The BeforeAllowTraffic hook: the stack's built-in hook or `props.preTrafficHook`. */
  public readonly preTrafficHook: lambda.IFunction;
  /** The AfterAllowTraffic hook: the stack's built-in hook or `props.postTrafficHook`. */
  public readonly postTrafficHook: lambda.IFunction;
  /** How traffic moves to a verified version. */
  public readonly trafficShift: TrafficShift;
  /** How long the post-traffic hook watches the rollback alarms (zero with a custom post-traffic hook). */
  public readonly bakeTime: Duration;
  /** The deployment dashboard, with `dashboard: true`. */
  public readonly dashboard?: cloudwatch.Dashboard;
  /** The deployment notifications, when `notifications` is set. */
  public readonly notifications?: DeploymentNotifications;

  private readonly group: codedeploy.LambdaDeploymentGroup;
  private readonly shared: SafeDeployLambdaResources;
  private readonly settings: LambdaAlarmSettings;
  private readonly breakGlass?: BreakGlassOptions;
  private readonly customPreHook: boolean;
  private readonly customPostHook: boolean;
  private readonly explicitBakeSeconds?: number;
  private readonly provisionedConcurrency?: number;
  private readonly checks: InvokeCheck[] = [];
  private readonly verifiers: VerificationFunctionCheck[] = [];
  private readonly addedAlarms: cloudwatch.IAlarm[] = [];
  private readonly callerAcknowledgements: CallerAcknowledgement[] = [];
  private readonly metricTarget: LambdaMetricTarget;
  private prepared = false;
  private readonly deploymentDashboard?: LambdaDeploymentDashboard;

  constructor(scope: Construct, id: string, props: BlueGreenLambdaProps) {
    super(scope, id);
    const {
      events, trafficShift, checks, verificationFunctions, bakeTime, liveAliasName, previewAliasName,
      provisionedConcurrentExecutions, preTrafficHook, postTrafficHook, breakGlass, hookLogRetention,
      errorRateThresholdPercent, minInvocationsForErrorRate, lowTrafficErrorThreshold, latencyThreshold,
      throttlesThreshold, alarmPeriod, alarmEvaluationPeriods,
      // Asynchronous invocation settings are per qualifier: on the function they would configure
      // `$LATEST` only, which nothing should call. They go to the live alias instead.
      onFailure, onSuccess, maxEventAge, retryAttempts,
      dashboard, dashboardName,
      notifications,
      ...functionProps
    } = props;

    const live = liveAliasName ?? 'live';
    const preview = previewAliasName ?? 'preview';
    validateAliasNames(live, preview);
    validateProvisionedConcurrency(provisionedConcurrentExecutions, props.currentVersionOptions?.provisionedConcurrentExecutions);
    validateFunctionLimits({
      memoryMiB: literal(props.memorySize),
      timeoutSeconds: props.timeout && !props.timeout.isUnresolved() ? props.timeout.toMilliseconds({ integral: false }) / 1000 : undefined,
      ephemeralStorageMiB: mebibytes(props.ephemeralStorageSize),
      retryAttempts: literal(retryAttempts),
      maxEventAgeSeconds: maxEventAge && !maxEventAge.isUnresolved() ? maxEventAge.toMilliseconds({ integral: false }) / 1000 : undefined,
      reservedConcurrency: literal(props.reservedConcurrentExecutions),
      provisionedConcurrency: literal(provisionedConcurrentExecutions),
      versionProvisionedConcurrency: literal(props.currentVersionOptions?.provisionedConcurrentExecutions),
    });
    if (props.environment && Object.prototype.hasOwnProperty.call(props.environment, CONFIG_DIGEST_ENV)) {
      throw new Error(configDigestEnvTaken('environment'));
    }
    if (breakGlass) validateBreakGlass(breakGlass.reason, breakGlass.ignoreAlarms ?? false, breakGlass.skipVerification ?? false);
    this.breakGlass = breakGlass;
    this.provisionedConcurrency = provisionedConcurrentExecutions;
    this.customPreHook = preTrafficHook !== undefined;
    this.customPostHook = postTrafficHook !== undefined;
    this.explicitBakeSeconds = bakeTime === undefined ? undefined : bakeTime.toMilliseconds() / 1000;
    this.bakeTime = this.customPostHook ? Duration.seconds(0) : bakeTime ?? DEFAULT_BAKE;

    const timeout = props.timeout ?? Duration.seconds(3);
    if (timeout.isUnresolved() && latencyThreshold === undefined) {
      throw new Error('latencyThreshold must be set when timeout is not a literal Duration: the default p99 threshold is derived from the timeout.');
    }
    this.settings = resolveLambdaAlarmSettings({
      errorRatePercent: errorRateThresholdPercent,
      minInvocations: minInvocationsForErrorRate,
      lowTrafficErrors: lowTrafficErrorThreshold,
      latencyThresholdMs: latencyThreshold?.toMilliseconds(),
      throttles: throttlesThreshold,
      periodSeconds: alarmPeriod?.toSeconds({ integral: false }),
      evaluationPeriods: alarmEvaluationPeriods,
    }, timeout.isUnresolved() ? Number.POSITIVE_INFINITY : timeout.toMilliseconds(), {
      errorRatePercent: 'errorRateThresholdPercent',
      minInvocations: 'minInvocationsForErrorRate',
      lowTrafficErrors: 'lowTrafficErrorThreshold',
      latencyThresholdMs: 'latencyThreshold',
      throttles: 'throttlesThreshold',
      periodSeconds: 'alarmPeriod',
      evaluationPeriods: 'alarmEvaluationPeriods',
    });
    this.validateChecks(checks ?? [], verificationFunctions ?? []);
    this.trafficShift = trafficShift ?? TrafficShift.allAtOnce();
    const deploymentConfig = lambdaDeploymentConfigFor(this, this.trafficShift, 'trafficShift');

    this.shared = SafeDeployLambdaResources.of(this, { logRetention: hookLogRetention });
    // The function, its role and its logs are the user's: nothing of theirs is acknowledged.
    this.function = new lambda.Function(this, 'Function', functionProps);
    this.metricTarget = { function: this.function, aliasName: live };
    this.version = this.function.currentVersion;
    this.previewAlias = new lambda.Alias(this, 'PreviewAlias', {
      aliasName: preview,
      version: this.version,
      description: 'cdk-safe-deploy preview: the newest version, before and during its deployment',
    });
    const alarms = new LambdaVersionAlarms(this, 'Alarms', { ...this.metricTarget, version: this.version, settings: this.settings });
    this.errorRateAlarm = alarms.errorRate;
    this.latencyAlarm = alarms.latency;
    this.throttlesAlarm = alarms.throttles;
    this.alias = new lambda.Alias(this, 'Alias', {
      aliasName: live,
      version: this.version,
      provisionedConcurrentExecutions,
      onFailure,
      onSuccess,
      maxEventAge,
      retryAttempts,
      description: 'cdk-safe-deploy live: serves traffic, moved by CodeDeploy',
    });

    this.group = new codedeploy.LambdaDeploymentGroup(this, 'DeploymentGroup', {
      application: this.shared.application,
      alias: this.alias,
      deploymentConfig,
      // The shared role gets its policies once, from the shared resources.
      role: this.shared.serviceRole.withoutPolicyUpdates(),
      alarms: alarms.all,
      autoRollback: { failedDeployment: true, deploymentInAlarm: true, stoppedDeployment: true },
      ignoreAlarmConfiguration: breakGlass?.ignoreAlarms ?? false,
    });
    this.deploymentGroup = this.group;
    this.group.node.addDependency(alarms);
    // Alarms may still be added, here or on `deploymentGroup` directly: count them all at synth.
    this.node.addValidation({ validate: () => this.validateGroupAlarms() });
    // Checks may still be added: whether the start-up check is all that guards the release is known at synth.
    this.node.addValidation({ validate: () => { this.warnOnUnreliableStartUpCheck(); return []; } });

    this.preTrafficHook = preTrafficHook ?? this.shared.preTrafficHook;
    this.postTrafficHook = postTrafficHook ?? this.shared.postTrafficHook;
    for (const hook of [preTrafficHook, postTrafficHook]) {
      if (hook) this.shared.grantCustomHook(hook, this.group);
    }
    (this.alias.node.defaultChild as lambda.CfnAlias).cfnOptions.updatePolicy = {
      codeDeployLambdaAliasUpdate: {
        applicationName: this.shared.application.applicationName,
        deploymentGroupName: this.group.deploymentGroupName,
        beforeAllowTrafficHook: this.preTrafficHook.functionName,
        afterAllowTrafficHook: this.postTrafficHook.functionName,
      },
    };
    // The preview moves first, the alarms watch the new version before its first request,
    // and the deployment group, the hooks and CodeDeploy's permission to invoke them (the
    // service role's policy) exist before the alias update starts a deployment.
    this.alias.node.addDependency(this.previewAlias, alarms, this.group, this.preTrafficHook, this.postTrafficHook, this.shared.serviceRole);

    for (const source of events ?? []) this.alias.addEventSource(source);
    for (const check of checks ?? []) this.checks.push(check);
    for (const v of verificationFunctions ?? []) this.pushVerifier(v);

    if (breakGlass) this.recordBreakGlass(breakGlass);
    BypassGuard.register({ owner: this, function: this.function, acknowledgements: this.callerAcknowledgements });
    const self = this;
    const prepare: IAspect = { visit: (node: IConstruct) => { if (node === self) self.prepareForSynth(); } };
    Aspects.of(this).add(prepare);

    this.deploymentDashboard = this.defineDashboard(dashboard ?? false, dashboardName);
    this.dashboard = this.deploymentDashboard?.dashboard;
    if (notifications) this.notifications = this.addNotifications(notifications);
  }

  /** The rollback alarms CodeDeploy watches: the three built-in ones and those added with `addAlarm`. */
  public get rollbackAlarms(): cloudwatch.IAlarm[] {
    return [this.errorRateAlarm, this.latencyAlarm, this.throttlesAlarm, ...this.addedAlarms];
  }

  /** Declared checks, in the order they were given. */
  public get invokeChecks(): InvokeCheck[] {
    return [...this.checks];
  }

  /** Verification functions, in the order they were given. */
  public get verificationFunctions(): VerificationFunctionCheck[] {
    return [...this.verifiers];
  }

  /** Adds a declarative check, run by the built-in hooks against every new version. */
  public addCheck(check: InvokeCheck): void {
    this.validateChecks([...this.checks, check], this.verifiers);
    this.checks.push(check);
  }

  /** Adds your own verification function, invoked by the built-in hooks; grants them invoke. */
  public addVerificationFunction(check: VerificationFunctionCheck): void {
    this.validateChecks(this.checks, [...this.verifiers, check]);
    this.pushVerifier(check);
  }

  /**
   * Adds an alarm that rolls the deployment back when in ALARM (and fails the bake window).
   *
   * The alarm keeps its state across deployments: prefer one scoped to the new version
   * (see `metricErrors(version)`), or an old version's problem can block the fix.
   */
  public addAlarm(alarm: cloudwatch.IAlarm): void {
    validateAlarmCount(this.rollbackAlarms.length + 1, BUILT_IN_ALARMS);
    this.group.addAlarm(alarm);
    this.addedAlarms.push(alarm);
    this.deploymentDashboard?.addAlarm(alarm);
    this.notifications?.watchAlarm(alarm);
    if (Stack.of(alarm) === Stack.of(this)) {
      this.alias.node.addDependency(alarm);
      this.group.node.addDependency(alarm);
    }
  }

  /**
   * Declares that `caller` invokes the unqualified function on purpose. At synth, every resource
   * of the app that invokes or routes traffic to the unqualified function (API Gateway
   * integrations, function URLs, event source mappings, permissions, destinations, subscriptions,
   * rule targets, state machines, ...) is an error, because its calls run `$LATEST` without
   * CodeDeploy, verification, rollback alarms or rollback. For `caller` and the resources below
   * it, the error becomes a `cdk-safe-deploy:unqualifiedCaller` warning that carries `reason`.
   *
   * An acknowledgement that matches no caller is itself a warning
   * (`cdk-safe-deploy:unusedCallerAcknowledgement`).
   *
   * @param caller the construct that calls the unqualified function (e.g. the rule, the API, the permission)
   * @param reason why this caller must bypass the deployment; shown in the warning
   */
  public allowUnqualifiedCaller(caller: IConstruct, reason: string): void {
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new Error(`allowUnqualifiedCaller(${caller.node.path}): reason must say why this caller bypasses the deployment (it is shown in the synth warning), got ${JSON.stringify(reason)}.`);
    }
    this.callerAcknowledgements.push({ caller, reason });
  }

  /** Grants permission to invoke the live alias. */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return this.alias.grantInvoke(grantee);
  }

  /** Binds an event source to the live alias (never to the unqualified function, which would bypass CodeDeploy). */
  public addEventSource(source: lambda.IEventSource): void {
    this.alias.addEventSource(source);
  }

  /** Adds a function URL to the live alias. */
  public addFunctionUrl(options?: lambda.FunctionUrlOptions): lambda.FunctionUrl {
    return this.alias.addFunctionUrl(options);
  }

  /** Adds a function URL to the preview alias: the newest version, reachable before it gets traffic. */
  public addPreviewFunctionUrl(options?: lambda.FunctionUrlOptions): lambda.FunctionUrl {
    return this.previewAlias.addFunctionUrl(options);
  }

  /**
   * Errors of one version executed through the live alias (dimensions `FunctionName`,
   * `Resource=<function>:<alias>`, `ExecutedVersion`), which aws-cdk-lib has no helper for.
   *
   * @param version the version to watch; the current one by default
   */
  public metricErrors(version?: lambda.IVersion, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return versionMetric(this.metricTarget, version ?? this.version, 'Errors', props);
  }

  /**
   * Invocations of one version executed through the live alias.
   *
   * @param version the version to watch; the current one by default
   */
  public metricInvocations(version?: lambda.IVersion, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return versionMetric(this.metricTarget, version ?? this.version, 'Invocations', props);
  }

  /**
   * Duration of one version executed through the live alias; p99 unless `props.statistic` says otherwise.
   *
   * @param version the version to watch; the current one by default
   */
  public metricDuration(version?: lambda.IVersion, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return versionMetric(this.metricTarget, version ?? this.version, 'Duration', { statistic: cloudwatch.Stats.p(99), ...props });
  }

  /**
   * Throttled requests at the live alias. A throttled request executes no version, so this
   * metric has no `ExecutedVersion` dimension.
   */
  public metricThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return aliasMetric(this.metricTarget, 'Throttles', props);
  }

  /**
   * What happens when this function is deployed, as human-readable lines: aliases, traffic
   * plan, checks before and after traffic, bake window, rollback alarms, hooks and break-glass.
   */
  public describeDeployment(): string {
    const s = this.settings;
    const period = `${s.periodSeconds / 60} min`;
    const before = this.phaseChecks(CheckPhase.BEFORE_TRAFFIC);
    const after = this.phaseChecks(CheckPhase.AFTER_TRAFFIC);
    const pc = this.provisionedConcurrency;
    const lines = [
      `BlueGreenLambda ${this.node.path}`,
      `  function:       ${this.function.node.path} (${runtimeName(this.function.runtime)}; a new version for every version-locked change, checks and layers included)`,
      `  preview alias:  '${this.previewAlias.aliasName}' -> the new version at once, no traffic shifting`,
      `  live alias:     '${this.alias.aliasName}' -> moved by CodeDeploy${pc ? `, provisioned concurrency ${pc}` : ''}`,
      `  traffic:        ${this.trafficShift.describe()}`,
      `  before traffic: ${this.customPreHook ? 'custom hook' : 'built-in hook'} ${this.preTrafficHook.node.path}` +
        (this.customPreHook ? '' : `: ${this.describeStartUpCheck()}${before.length ? ` + ${before.join(', ')}` : ''}`),
      `  after traffic:  ${this.customPostHook ? 'custom hook' : 'built-in hook'} ${this.postTrafficHook.node.path}` +
        (this.customPostHook ? '' : `: ${after.length ? after.join(', ') : 'no checks'}, then bake ${this.bakeTime.toHumanString()} watching the alarms`),
      `  rollback alarms (fresh per version, named <function>-<version hash>-<kind>, ${s.evaluationPeriods} x ${period} periods):`,
      `    error-rate    ${describeErrorRule(s)} of the new version`,
      `    p99-duration  > ${s.latencyThresholdMs} ms for the new version`,
      `    throttles     >= ${s.throttles} per period at alias '${this.alias.aliasName}'`,
      ...(this.addedAlarms.length ? [`    + ${this.addedAlarms.length} added alarm(s)`] : []),
      '  auto-rollback:  on deployment failure, on alarm, on manual stop',
      `  break-glass:    ${this.describeBreakGlass()}`,
      ...this.callerAcknowledgements.map((a) => `  unqualified caller allowed: ${a.caller.node.path} (${a.reason})`),
    ];
    return lines.join('\n');
  }

  /**
   * The deployment dashboard (`dashboard: true`): the versions behind the live alias side by side,
   * the rollback alarms and thresholds, and the built-in hooks' verdicts for this function.
   */
  private defineDashboard(enabled: boolean, dashboardName: string | undefined): LambdaDeploymentDashboard | undefined {
    if (!enabled) {
      if (dashboardName !== undefined) {
        throw new Error(`dashboardName is '${dashboardName}' but dashboard is not true: no dashboard is defined. Set dashboard: true, or remove dashboardName.`);
      }
      return undefined;
    }
    const builtInHooks = [this.customPreHook ? undefined : this.shared.preTrafficHook, this.customPostHook ? undefined : this.shared.postTrafficHook];
    return new LambdaDeploymentDashboard(this, 'Dashboard', {
      function: this.function,
      aliasName: this.alias.aliasName,
      version: this.version,
      rollbackAlarms: this.rollbackAlarms,
      errorRateThresholdPercent: this.settings.errorRatePercent,
      latencyThreshold: Duration.millis(this.settings.latencyThresholdMs),
      throttlesThreshold: this.settings.throttles,
      hookLogGroups: builtInHooks.flatMap((hook) => (hook ? [hook.logGroup] : [])),
      period: Duration.seconds(this.settings.periodSeconds),
      dashboardName,
    });
  }

  /** Notifications of this function's deployments and rollback alarms (CodeDeploy events and rollback trigger). */
  private addNotifications(options: DeploymentNotificationOptions): DeploymentNotifications {
    const notifications = new DeploymentNotifications(this, 'Notifications', { ...options, label: notificationLabel('BlueGreenLambda', this) });
    notifications.watchLambdaDeploymentGroup(this.group, this.shared.serviceRole);
    for (const alarm of this.rollbackAlarms) notifications.watchAlarm(alarm);
    // The rules and the trigger exist before the alias update starts a deployment.
    this.alias.node.addDependency(notifications);
    return notifications;
  }

  /** Errors for a deployment group that watches more alarms than CodeDeploy accepts. */
  private validateGroupAlarms(): string[] {
    const config = Stack.of(this).resolve((this.group.node.defaultChild as codedeploy.CfnDeploymentGroup).alarmConfiguration);
    const count = Array.isArray(config?.alarms) ? config.alarms.length : 0;
    try {
      validateAlarmCount(count, BUILT_IN_ALARMS);
    } catch (e) {
      return [(e as Error).message.replace(/^addAlarm/, 'deploymentGroup.addAlarm / addAlarm')];
    }
    return [];
  }

  /**
   * The zero-config start-up check as the plan names it. The one place for a runtime-specific
   * statement (whether the start-up check is a reliable signal for this function's runtime).
   */
  private describeStartUpCheck(): string {
    const signal = this.unreliableStartUpCheck();
    return signal ? `start-up check (only; not a reliable signal: ${signal.reason}; declare one check)` : 'start-up check';
  }

  /** The runtime's start-up signal, when the start-up check is all that runs before traffic and the runtime gives no reliable signal. */
  private unreliableStartUpCheck(): StartupSignal | undefined {
    if (this.customPreHook || this.phaseChecks(CheckPhase.BEFORE_TRAFFIC).length > 0 || this.breakGlass?.skipVerification) return undefined;
    const runtime = this.function.runtime;
    const signal = startupSignalFor(runtime.name, runtime === lambda.Runtime.FROM_IMAGE ? 'Image' : 'Zip');
    return signal.reliable ? undefined : signal;
  }

  private warnOnUnreliableStartUpCheck(): void {
    const signal = this.unreliableStartUpCheck();
    if (!signal) return;
    Annotations.of(this).addWarningV2('cdk-safe-deploy:startupCheckUnreliable',
      `No check runs before traffic but the start-up check, and for this runtime it is not a reliable signal: ${signal.reason}. `
      + 'Declare at least one check (checks: [{ name, payload, expect... }]) so that a version that fails to start is caught before it gets traffic.');
  }

  private phaseChecks(phase: CheckPhase): string[] {
    return [
      ...inPhase(this.checks, phase).map((c) => `check '${c.name}'`),
      ...inPhase(this.verifiers, phase).map((v) => `verifier '${v.name}'`),
    ];
  }

  private describeBreakGlass(): string {
    const bg = this.breakGlass;
    if (!bg) return 'off';
    const off = [bg.ignoreAlarms ? 'alarms ignored' : '', bg.skipVerification ? 'verification skipped' : ''].filter(Boolean);
    return `ON (${off.join(', ')}): ${bg.reason}`;
  }

  private pushVerifier(check: VerificationFunctionCheck): void {
    this.verifiers.push(check);
    this.shared.grantVerifier(check.function);
  }

  private validateChecks(checks: InvokeCheck[], verifiers: VerificationFunctionCheck[]): void {
    validateInvokeChecks(checks, verifiers, 'checks', 'verificationFunctions');
    const names = (phase: CheckPhase) => inPhase<{ name: string; phase?: CheckPhase }>([...checks, ...verifiers], phase).map((c) => c.name);
    validateHookChoices({
      customPreHook: this.customPreHook,
      customPostHook: this.customPostHook,
      beforeChecks: names(CheckPhase.BEFORE_TRAFFIC),
      afterChecks: names(CheckPhase.AFTER_TRAFFIC),
      explicitBakeSeconds: this.explicitBakeSeconds,
      skipVerification: this.breakGlass?.skipVerification ?? false,
    });
    validateHookConfig(this.hookConfig(checks, verifiers), 'checks', 'bakeTime');
  }

  private hookConfig(checks: InvokeCheck[], verifiers: VerificationFunctionCheck[]): HookConfig {
    return {
      checks: toHookCheckSpecs(checks, verifiers),
      bakeSeconds: this.bakeTime.toMilliseconds() / 1000,
      skipVerification: this.breakGlass?.skipVerification ?? false,
      ...(this.breakGlass ? { breakGlassReason: this.breakGlass.reason } : {}),
    };
  }

  private recordBreakGlass(bg: BreakGlassOptions): void {
    const state = { ignoreAlarms: bg.ignoreAlarms ?? false, skipVerification: bg.skipVerification ?? false, reason: bg.reason };
    (this.group.node.defaultChild as CfnResource).addMetadata('cdk-safe-deploy:break-glass', state);
    Annotations.of(this).addWarningV2('cdk-safe-deploy:breakGlass',
      `break-glass is ON for ${this.node.path} (${this.describeBreakGlass()}). ` +
      'The next deployment of this function is not protected; remove breakGlass right after it.');
  }

  /**
   * Runs once, before synthesis, after every `add*` call: writes the hook configuration into
   * the function's tags and makes layer changes publish a new version whatever the feature flags.
   */
  private prepareForSynth(): void {
    if (this.prepared) return;
    this.prepared = true;
    const cfn = this.function.node.defaultChild as lambda.CfnFunction;
    const tags = cfn.tags;
    tags.setTag(MANAGED_TAG_KEY, this.shared.hookSetId, HOOK_TAG_PRIORITY);
    const configTags = encodeHookConfigTags(this.hookConfig(this.checks, this.verifiers));
    for (const [key, value] of Object.entries(configTags)) {
      tags.setTag(key, value, HOOK_TAG_PRIORITY);
    }
    // The version lock: environment variables are part of a published version and tags are not,
    // so a change of the checks publishes a new version, and the hook can tell whether the tags it
    // reads are the ones declared for the version it deploys.
    const env = Stack.of(this).resolve(cfn.environment)?.variables ?? {};
    if (Object.prototype.hasOwnProperty.call(env, CONFIG_DIGEST_ENV)) {
      throw new Error(configDigestEnvTaken('function.addEnvironment()'));
    }
    this.function.addEnvironment(CONFIG_DIGEST_ENV, hookConfigDigest(configTags));
    this.verifiers.forEach((v, i) => tags.setTag(verifierTagKey(i), v.function.functionArn, HOOK_TAG_PRIORITY));
    const layers = layerFingerprint(this.function);
    if (layers) this.function.invalidateVersionBasedOn(layers);
  }
}

/** The runtime as the plan shows it. */
function runtimeName(runtime: lambda.Runtime): string {
  return runtime === lambda.Runtime.FROM_IMAGE ? 'container image' : runtime.name;
}

/** A number prop's value, or undefined when unset or an unresolved token. */
function literal(value: number | undefined): number | undefined {
  return value === undefined || Token.isUnresolved(value) ? undefined : value;
}

/** A size in MiB (possibly fractional), or undefined when unset or an unresolved token. */
function mebibytes(size: Size | undefined): number | undefined {
  return size === undefined || size.isUnresolved() ? undefined : size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) / 1024;
}

/** Why a user's environment variable named CONFIG_DIGEST_ENV is refused. */
function configDigestEnvTaken(where: string): string {
  return `${where} sets ${CONFIG_DIGEST_ENV}, which BlueGreenLambda sets itself: it locks the check configuration to the version ` +
    '(a digest of the hook configuration tags, read by the verification hooks). Rename your variable.';
}

/** The checks of `items` that run in `phase` (before traffic unless they say otherwise). */
function inPhase<T extends { phase?: CheckPhase }>(items: T[], phase: CheckPhase): T[] {
  return items.filter((c) => (c.phase ?? CheckPhase.BEFORE_TRAFFIC) === phase);
}
