import { ArnFormat, Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeGrantInvoke, acknowledgeNag, acknowledgeWildcard } from '../private/nag';
import { HOOK_TIMEOUT_SECONDS, MANAGED_TAG_KEY, PHASE_ENV } from '../verification/lambda-hook/config';
import { ReportFailureFunction } from '../verification/lambda-hook/report-failure-function';
import { VerifyHookFunction } from '../verification/lambda-hook/verify-hook-function';

/** Construct ID of the per-stack singleton, a direct child of the stack. */
export const SHARED_RESOURCES_ID = 'SafeDeployLambdaResources';

/** How long the hooks' logs are kept. */
const HOOK_LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;

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
  public static of(scope: IConstruct): SafeDeployLambdaResources {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(SHARED_RESOURCES_ID) as SafeDeployLambdaResources | undefined)
      ?? new SafeDeployLambdaResources(stack, SHARED_RESOURCES_ID);
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

  private constructor(scope: Construct, id: string) {
    super(scope, id);
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
    });
    this.reportFailure.addToRolePolicy(new iam.PolicyStatement({
      actions: ['codedeploy:PutLifecycleEventHookExecutionStatus'],
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
    this.preTrafficHook.grantInvoke(this.serviceRole);
    this.postTrafficHook.grantInvoke(this.serviceRole);

    this.acknowledgeFindings(reportRole, { deploymentGroups, allFunctions, allAlarms });
  }

  /**
   * Lets a custom hook do what CodeDeploy hooks need: CodeDeploy may invoke it, and it may
   * report to `deploymentGroup` only.
   */
  public grantCustomHook(hook: lambda.IFunction, deploymentGroup: codedeploy.LambdaDeploymentGroup): void {
    hook.grantInvoke(this.serviceRole);
    deploymentGroup.grantPutLifecycleEventHookExecutionStatus(hook);
    acknowledgeGrantInvoke(this.serviceRole, hook, 'CodeDeploy invokes the hook');
  }

  /** Lets the verification hooks invoke a user's verification function. */
  public grantVerifier(fn: lambda.IFunction): void {
    fn.grantInvoke(this.hookRole);
    acknowledgeGrantInvoke(this.hookRole, fn, 'the verification hooks invoke this verification function');
  }

  /** The findings these resources raise by design, each with its reason. */
  private acknowledgeFindings(reportRole: iam.Role, arns: { deploymentGroups: string; allFunctions: string; allAlarms: string }): void {
    const appGroups = 'deployment groups of this stack\'s CodeDeploy application only: the hooks serve every BlueGreenLambda of the stack, and the policy must not grow with their number';
    acknowledgeWildcard(this.hookRole, arns.deploymentGroups, `Report to and read ${appGroups}.`);
    acknowledgeWildcard(reportRole, arns.deploymentGroups, `Report a failed hook to ${appGroups}.`);
    acknowledgeWildcard(this.hookRole, arns.allFunctions,
      `Invoke and read only functions tagged ${MANAGED_TAG_KEY}=<this stack's hook set> (IAM condition on aws:ResourceTag), so the policy stays one size however many functions the stack has.`);
    acknowledgeWildcard(this.hookRole, arns.allAlarms,
      'DescribeAlarms (read only) in this account and region: the deployment groups may hold user alarms of any name, and no naming rule is imposed on them.');
    acknowledgeGrantInvoke(this.hookRole, this.reportFailure, 'the hooks\' on-failure destination invokes the reporter');
    acknowledgeGrantInvoke(this.serviceRole, this.preTrafficHook, 'CodeDeploy invokes the pre-traffic hook');
    acknowledgeGrantInvoke(this.serviceRole, this.postTrafficHook, 'CodeDeploy invokes the post-traffic hook');
    acknowledgeNag(this.serviceRole, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
      'AWSCodeDeployRoleForLambdaLimited is the AWS-maintained least-privilege policy for CodeDeploy Lambda deployments (aliases, alarms, provisioned concurrency checks); hook invocation is granted explicitly.');
    for (const fn of [this.preTrafficHook, this.postTrafficHook, this.reportFailure]) {
      acknowledgeNag(fn, 'AwsSolutions-L1', 'The hook runtime is pinned to the Node.js version its bundle is built and tested for.');
    }
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
      onFailure: new destinations.LambdaDestination(this.reportFailure),
    });
  }

  private functionRole(id: string): iam.Role {
    return new iam.Role(this, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  }

  /** A log group with retention, written by `writer` only (no AWSLambdaBasicExecutionRole). */
  private logGroup(id: string, writer: iam.IGrantable): logs.LogGroup {
    const group = new logs.LogGroup(this, id, { retention: HOOK_LOG_RETENTION, removalPolicy: RemovalPolicy.RETAIN });
    group.grantWrite(writer);
    return group;
  }
}

