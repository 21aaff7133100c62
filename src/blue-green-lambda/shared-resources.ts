import { ArnFormat, Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeNag } from '../private/nag';
import { HOOK_TIMEOUT_SECONDS, MANAGED_TAG_KEY, PHASE_ENV } from '../verification/lambda-hook/config';
import { ReportFailureFunction } from '../verification/lambda-hook/report-failure-function';
import { VerifyHookFunction } from '../verification/lambda-hook/verify-hook-function';

/** Construct ID of the per-stack singleton, a direct child of the stack. */
export const SHARED_RESOURCES_ID = 'SafeDeployLambdaResources';

/** How long the hooks' logs are kept unless `hookLogRetention` says otherwise. */
export const DEFAULT_HOOK_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/** Options of the stack's shared BlueGreenLambda resources. */
export interface SafeDeployLambdaResourcesOptions {
  /** Retention of the hooks' and the failure reporter's log groups (default `DEFAULT_HOOK_LOG_RETENTION`). */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * What every BlueGreenLambda of a stack shares: one CodeDeploy application, one CodeDeploy
 * service role, one pre-traffic and one post-traffic verification hook (with the on-failure
 * function that reports for a hook that timed out or crashed), and their roles and logs.
 *
 * Nothing here grows with the number of functions: the hooks may call functions tagged with
 * this hook set's id (an IAM condition), and report to any deployment group of this
 * application. Per-function configuration travels in the functions' own tags.
 */
export class SafeDeployLambdaResources extends Construct {
  /** The stack's singleton, defined on first use. */
  public static of(scope: IConstruct, options: SafeDeployLambdaResourcesOptions = {}): SafeDeployLambdaResources {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(SHARED_RESOURCES_ID) as SafeDeployLambdaResources | undefined;
    if (existing && options.logRetention !== undefined && options.logRetention !== existing.logRetention) {
      throw new Error(
        `hookLogRetention is ${options.logRetention} days on ${scope.node.path}, but the stack's shared verification hooks keep their logs ` +
        `${existing.logRetention} days (set by the first BlueGreenLambda of the stack): give every BlueGreenLambda of the stack the same hookLogRetention, or leave it out after the first.`,
      );
    }
    return existing ?? new SafeDeployLambdaResources(stack, SHARED_RESOURCES_ID, options.logRetention ?? DEFAULT_HOOK_LOG_RETENTION);
  }

  /** The CodeDeploy application every deployment group of the stack belongs to. */
  public readonly application: codedeploy.LambdaApplication;
  /** The role CodeDeploy assumes to move aliases and invoke the hooks. */
  public readonly serviceRole: iam.Role;
  /** The role of both verification hook functions. */
  public readonly hookRole: iam.Role;
  /** The BeforeAllowTraffic hook. */
  public readonly preTrafficHook: lambda.Function;
  /** The AfterAllowTraffic hook (post-traffic checks and bake window). */
  public readonly postTrafficHook: lambda.Function;
  /** Reports `Failed` for a hook invocation that ended without reporting (timeout, out of memory). */
  public readonly reportFailure: lambda.Function;
  /** Value of the `MANAGED_TAG_KEY` tag on every function these hooks may verify. */
  public readonly hookSetId: string;
  /** Retention of the hooks' and the failure reporter's log groups. */
  public readonly logRetention: logs.RetentionDays;

  private constructor(scope: Construct, id: string, logRetention: logs.RetentionDays) {
    super(scope, id);
    this.logRetention = logRetention;
    const stack = Stack.of(this);
    this.hookSetId = Names.uniqueResourceName(this, { maxLength: 128 });
    this.application = new codedeploy.LambdaApplication(this, 'Application');

    const deploymentGroups = stack.formatArn({
      service: 'codedeploy',
      resource: 'deploymentgroup',
      resourceName: `${this.application.applicationName}/*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    const reportRole = this.functionRole('ReportFailureRole');
    this.reportFailure = new ReportFailureFunction(this, 'ReportFailure', {
      description: 'cdk-safe-deploy: reports Failed for a verification hook invocation that ended without reporting',
      role: reportRole,
      logGroup: this.logGroup('ReportFailureLogs', reportRole),
      timeout: Duration.minutes(1),
      memorySize: 256,
    });
    this.reportFailure.addToRolePolicy(new iam.PolicyStatement({
      // GetDeployment: a rollback deployment gets Succeeded, even from a crashed hook.
      actions: ['codedeploy:PutLifecycleEventHookExecutionStatus', 'codedeploy:GetDeployment'],
      resources: [deploymentGroups],
    }));

    this.hookRole = this.functionRole('HookRole');
    this.hookRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['codedeploy:PutLifecycleEventHookExecutionStatus', 'codedeploy:GetDeployment', 'codedeploy:GetDeploymentGroup'],
      resources: [deploymentGroups],
    }));
    this.hookRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['codedeploy:GetApplicationRevision'],
      resources: [this.application.applicationArn],
    }));
    const allFunctions = stack.formatArn({ service: 'lambda', resource: 'function', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.hookRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration', 'lambda:ListTags'],
      resources: [allFunctions],
      conditions: { StringEquals: { [`aws:ResourceTag/${MANAGED_TAG_KEY}`]: this.hookSetId } },
    }));
    const allAlarms = stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.hookRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'], resources: [allAlarms] }));

    this.preTrafficHook = this.hook('PreTrafficHook', 'BeforeAllowTraffic');
    this.postTrafficHook = this.hook('PostTrafficHook', 'AfterAllowTraffic');

    this.serviceRole = new iam.Role(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('codedeploy.amazonaws.com'),
      description: 'cdk-safe-deploy: CodeDeploy moves the live aliases of this stack and invokes their verification hooks',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSCodeDeployRoleForLambdaLimited')],
    });
    grantInvokeExactly(this.serviceRole, this.preTrafficHook, this.postTrafficHook);

    for (const fn of [this.preTrafficHook, this.postTrafficHook, this.reportFailure]) {
      acknowledgeNag(fn, 'AwsSolutions-L1', 'The hook runtime is pinned to the Node.js version its bundle is built and tested for.');
    }
  }

  /**
   * Lets a custom hook do what CodeDeploy hooks need: CodeDeploy may invoke it, and it may
   * report to `deploymentGroup` only.
   */
  public grantCustomHook(hook: lambda.IFunction, deploymentGroup: codedeploy.LambdaDeploymentGroup): void {
    grantInvokeExactly(this.serviceRole, hook);
    deploymentGroup.grantPutLifecycleEventHookExecutionStatus(hook);
  }

  /** Lets the verification hooks invoke a user's verification function. */
  public grantVerifier(fn: lambda.IFunction): void {
    grantInvokeExactly(this.hookRole, fn);
  }

  private hook(id: string, phase: string): lambda.Function {
    return new VerifyHookFunction(this, id, {
      description: `cdk-safe-deploy: ${phase} verification hook of the stack's BlueGreenLambdas`,
      role: this.hookRole,
      logGroup: this.logGroup(`${id}Logs`, this.hookRole),
      timeout: Duration.seconds(HOOK_TIMEOUT_SECONDS),
      environment: { [PHASE_ENV]: phase },
      retryAttempts: 0,
      // CodeDeploy gives up on a hook after an hour: an older event can no longer be reported on.
      maxEventAge: Duration.hours(1),
      memorySize: 256,
      onFailure: this.reportFailureDestination(),
    });
  }

  /**
   * The hooks' on-failure destination: the reporter, which the hooks' role may invoke as the
   * function itself only (`LambdaDestination` would also grant its versions and aliases, `:*`).
   */
  private reportFailureDestination(): lambda.IDestination {
    const reporter = this.reportFailure;
    const hookRole = this.hookRole;
    return {
      bind: () => {
        grantInvokeExactly(hookRole, reporter);
        return { destination: reporter.functionArn };
      },
    };
  }

  private functionRole(id: string): iam.Role {
    return new iam.Role(this, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  }

  /** A log group with retention, written by `writer` only (no AWSLambdaBasicExecutionRole). */
  private logGroup(id: string, writer: iam.IGrantable): logs.LogGroup {
    const group = new logs.LogGroup(this, id, { retention: this.logRetention, removalPolicy: RemovalPolicy.RETAIN });
    group.grantWrite(writer);
    return group;
  }
}


/**
 * Lets `grantee` invoke each of `functions` as named (unqualified, or the version or alias the
 * function object stands for). `grantInvoke` would also grant `<arn>:*`, every version and alias,
 * a wildcard nobody here needs: CodeDeploy invokes the hooks by name, the hooks invoke
 * verification functions by the ARN they were given.
 */
function grantInvokeExactly(grantee: iam.IGrantable, ...functions: lambda.IFunction[]): void {
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['lambda:InvokeFunction'],
    resources: functions.map((fn) => fn.functionArn),
  }));
}
