/**
 * Releases driven from integ-tests assertions, for the integration tests: the test app is deployed
 * once, and each release after that is a chain of AWS API calls run by the assertion stack.
 */
import { AwsApiCall, ExpectedResult, IApiCall, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { Duration } from 'aws-cdk-lib';
import { BlueGreenLambda } from '../../src';

/** How long a CodeDeploy deployment may take: hooks, traffic shift and the bake time. */
const DEPLOYMENT_TIMEOUT = Duration.minutes(30);

export interface LambdaRelease {
  /** The first call of the release; chain the release after another call with `.next(first)`. */
  readonly first: IApiCall;
  /** The last call: waits until the CodeDeploy deployment reaches the expected status. */
  readonly last: IApiCall;
  /** The published version number. */
  readonly version: string;
}

/**
 * Changes the function's configuration, publishes a version and deploys it to the live alias
 * through the construct's CodeDeploy deployment group, with the construct's hooks, the way
 * CloudFormation deploys a BlueGreenLambda change; waits until the deployment ends in `status`.
 *
 * @param currentVersion the version the live alias is on (default: the one CloudFormation deployed)
 */
export function lambdaRelease(
  integ: IntegTest, api: BlueGreenLambda, id: string, configuration: Record<string, string | number>,
  status: 'Succeeded' | 'Failed', currentVersion?: string,
): LambdaRelease {
  const functionName = api.function.functionName;
  const update = integ.assertions.awsApiCall('Lambda', 'updateFunctionConfiguration', { FunctionName: functionName, ...configuration });
  const updated = integ.assertions.awsApiCall('Lambda', 'getFunctionConfiguration', { FunctionName: functionName })
    .expect(ExpectedResult.objectLike({ ...configuration, LastUpdateStatus: 'Successful' }))
    .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(10) });
  const publish = integ.assertions.awsApiCall('Lambda', 'publishVersion', { FunctionName: functionName, Description: `integ: ${id} release` });
  const version = publish.getAttString('Version');

  // The Lambda AppSpec (CodeDeploy AppSpec reference, "AppSpec 'resources' section" and "'hooks'
  // section" for AWS Lambda deployments), in its JSON form.
  const appSpec = `{"version":0.0,"Resources":[{"${id}":{"Type":"AWS::Lambda::Function","Properties":{`
    + `"Name":"${functionName}","Alias":"${api.alias.aliasName}",`
    + `"CurrentVersion":"${currentVersion ?? api.version.version}","TargetVersion":"${version}"}}}],`
    + `"Hooks":[{"BeforeAllowTraffic":"${api.preTrafficHook.functionName}"},{"AfterAllowTraffic":"${api.postTrafficHook.functionName}"}]}`;
  const start = integ.assertions.awsApiCall('CodeDeploy', 'createDeployment', {
    applicationName: api.deploymentGroup.application.applicationName,
    deploymentGroupName: api.deploymentGroup.deploymentGroupName,
    revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appSpec } },
  });
  // CreateDeployment also reads the deployment configuration and registers the revision (CodeDeploy
  // permissions reference, CreateDeployment).
  start.provider.addToRolePolicy({
    Effect: 'Allow',
    Action: ['codedeploy:GetDeploymentConfig', 'codedeploy:GetApplicationRevision', 'codedeploy:RegisterApplicationRevision'],
    Resource: ['*'],
  });
  const deployed = integ.assertions.awsApiCall('CodeDeploy', 'getDeployment', { deploymentId: start.getAttString('deploymentId') })
    .expect(ExpectedResult.objectLike({ deploymentInfo: { status } }))
    .waitForAssertions({ totalTimeout: DEPLOYMENT_TIMEOUT, interval: Duration.seconds(30) });

  update.next(updated).next(publish).next(start).next(deployed);
  return { first: update, last: deployed, version };
}

/** Expects the live alias of `api` on `version`. */
export function expectLiveVersion(integ: IntegTest, api: BlueGreenLambda, version: string): IApiCall {
  return integ.assertions
    .awsApiCall('Lambda', 'getAlias', { FunctionName: api.function.functionName, Name: api.alias.aliasName })
    .expect(ExpectedResult.objectLike({ FunctionVersion: version }))
    .waitForAssertions({ totalTimeout: Duration.minutes(2), interval: Duration.seconds(10) });
}

/**
 * Expects a target registered, and healthy, in `zone` of `targetGroupArn`. (DescribeTargetHealth
 * returns `Target.AvailabilityZone`; for IP targets in the VPC the load balancer detects it.)
 */
export function expectHealthyTargetIn(integ: IntegTest, targetGroupArn: string, zone: string): IApiCall {
  const call = integ.assertions
    .awsApiCall('ElasticLoadBalancingV2', 'describeTargetHealth', { TargetGroupArn: targetGroupArn })
    .expect(ExpectedResult.objectLike({
      TargetHealthDescriptions: Match.arrayWith([
        Match.objectLike({ Target: Match.objectLike({ AvailabilityZone: zone }), TargetHealth: Match.objectLike({ State: 'healthy' }) }),
      ]),
    }))
    .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) }) as AwsApiCall;
  // integ-tests names the IAM action after the SDK client (elasticloadbalancingv2:...); Elastic Load
  // Balancing's actions are elasticloadbalancing:...
  for (const provider of [call.provider, call.waiterProvider]) {
    provider?.addToRolePolicy({ Effect: 'Allow', Action: ['elasticloadbalancing:DescribeTargetHealth'], Resource: ['*'] });
  }
  return call;
}
