import { DeploymentInfo, GetApplicationRevisionCommand, GetDeploymentCommand, RevisionLocation } from '@aws-sdk/client-codedeploy';
import { GetFunctionConfigurationCommand, ListTagsCommand } from '@aws-sdk/client-lambda';
import { DeploymentTarget, parseAppSpec } from './appspec';
import { CONFIG_DIGEST_ENV } from '../config';
import { callAws, HookClients } from './clients';
import { Logger } from '../../common/handler/log';
import { Deadline } from '../../common/handler/timing';

/** The deployment a hook invocation belongs to, and the function version it deploys. */
export interface Deployment {
  readonly deploymentId: string;
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  readonly target: DeploymentTarget;
  /** ARN of the target version (`...:function:<name>:<version>`). */
  readonly targetVersionArn: string;
  /** The function's tags (they carry its checks). */
  readonly tags: Record<string, string>;
  /** What the target version's own configuration says (GetFunctionConfiguration with the version as qualifier). */
  readonly version: TargetVersionConfig;
}

/** The parts of the target version's configuration the hook uses. */
export interface TargetVersionConfig {
  /** The version's {@link CONFIG_DIGEST_ENV} environment variable, if it has one. */
  readonly configDigest?: string;
  /** Why the version's environment variables could not be read (`Environment.Error`), if Lambda says so. */
  readonly environmentError?: string;
  /** `Runtime`, e.g. `nodejs22.x`; absent for container images. */
  readonly runtime?: string;
  /** `PackageType`: `Zip` or `Image`. */
  readonly packageType?: string;
  /** `SnapStart.ApplyOn`: `PublishedVersions` when SnapStart is on. */
  readonly snapStart?: string;
}

/** AppSpec content carried inline by a revision, if any. */
function inlineContent(revision: RevisionLocation | undefined): string | undefined {
  return revision?.string?.content ?? revision?.appSpecContent?.content;
}

/** The deployment's record (GetDeployment), retried on throttling and 5xx within `deadline`. */
export async function getDeployment(clients: HookClients, deploymentId: string, deadline: Deadline, log: Logger): Promise<DeploymentInfo> {
  const { deploymentInfo: info } = await callAws('codedeploy:GetDeployment',
    (abortSignal) => clients.codedeploy.send(new GetDeploymentCommand({ deploymentId }), { abortSignal }), deadline, log);
  if (!info) throw new Error(`GetDeployment ${deploymentId} returned no deployment`);
  return info;
}

/**
 * Finds the function and target version from the deployment's record (and GetApplicationRevision
 * when the AppSpec is not inline) and reads the target version's configuration
 * (GetFunctionConfiguration with the version as qualifier: not GetFunction, which also hands out
 * the code) and the function's tags (ListTags). Throws with the reason when any of it is missing.
 */
export async function discoverDeployment(
  clients: HookClients, deploymentId: string, info: DeploymentInfo, deadline: Deadline, log: Logger,
): Promise<Deployment> {
  if (!info.applicationName || !info.deploymentGroupName) throw new Error(`GetDeployment ${deploymentId} returned no application or deployment group`);
  if (info.computePlatform !== undefined && info.computePlatform !== 'Lambda') {
    throw new Error(`deployment ${deploymentId} is for compute platform ${info.computePlatform}, this hook verifies Lambda deployments`);
  }
  let content = inlineContent(info.revision);
  if (content === undefined) {
    if (!info.revision) throw new Error(`deployment ${deploymentId} has no revision`);
    const revision = await callAws('codedeploy:GetApplicationRevision',
      (abortSignal) => clients.codedeploy.send(new GetApplicationRevisionCommand({
        applicationName: info.applicationName, revision: info.revision,
      }), { abortSignal }),
      deadline, log);
    content = inlineContent(revision.revision);
    if (content === undefined) throw new Error(`the revision of deployment ${deploymentId} carries no AppSpec content (type ${info.revision.revisionType})`);
  }
  const target = parseAppSpec(content);
  const config = await callAws('lambda:GetFunctionConfiguration',
    (abortSignal) => clients.lambda.send(new GetFunctionConfigurationCommand({
      FunctionName: target.functionName, Qualifier: target.targetVersion,
    }), { abortSignal }),
    deadline, log);
  if (!config.FunctionArn) throw new Error(`GetFunctionConfiguration ${target.functionName}:${target.targetVersion} returned no function ARN`);
  if (config.Version !== undefined && config.Version !== target.targetVersion) {
    throw new Error(`GetFunctionConfiguration returned version ${config.Version}, the deployment targets version ${target.targetVersion}`);
  }
  if (config.State === 'Failed') {
    throw new Error(`version ${target.targetVersion} of ${target.functionName} is in state Failed (${config.StateReasonCode}: ${config.StateReason}); it cannot run`);
  }
  const unqualifiedArn = config.FunctionArn.split(':').slice(0, 7).join(':');
  const { Tags: tags = {} } = await callAws('lambda:ListTags',
    (abortSignal) => clients.lambda.send(new ListTagsCommand({ Resource: unqualifiedArn }), { abortSignal }), deadline, log);
  const environmentError = config.Environment?.Error;
  return {
    deploymentId,
    applicationName: info.applicationName,
    deploymentGroupName: info.deploymentGroupName,
    target,
    targetVersionArn: `${unqualifiedArn}:${target.targetVersion}`,
    tags,
    version: {
      configDigest: config.Environment?.Variables?.[CONFIG_DIGEST_ENV],
      environmentError: environmentError ? [environmentError.ErrorCode, environmentError.Message].filter(Boolean).join(': ') : undefined,
      runtime: config.Runtime,
      packageType: config.PackageType,
      snapStart: config.SnapStart?.ApplyOn,
    },
  };
}
