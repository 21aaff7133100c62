import type { DeploymentInfo } from '@aws-sdk/client-codedeploy';
import { CONFIG_DIGEST_ENV, hookConfigDigest } from '../config';
import type { Verdict } from './evaluate';

/** Why a deployment is a rollback, as logged. */
export interface RollbackMark {
  /** `DeploymentInfo.creator`. */
  readonly creator?: string;
  /** `DeploymentInfo.rollbackInfo.rollbackTriggeringDeploymentId`: the deployment that failed or was stopped. */
  readonly rollbackTriggeringDeploymentId?: string;
}

/** The `DeploymentInfo.creator` values of rollback deployments (CodeDeploy API reference, DeploymentInfo). */
const ROLLBACK_CREATORS = new Set(['codeDeployRollback', 'CloudFormationRollback']);

/**
 * Whether a deployment goes back to an earlier version, from its record: created by CodeDeploy's
 * automatic rollback (`codeDeployRollback`) or by a CloudFormation stack rollback
 * (`CloudFormationRollback`), or carrying `rollbackInfo.rollbackTriggeringDeploymentId` (the
 * deployment whose failure or stop started it). A forward deployment that was itself rolled back
 * carries `rollbackInfo.rollbackDeploymentId` instead, and is not a rollback.
 */
export function rollbackOf(info: { readonly creator?: string; readonly rollbackInfo?: DeploymentInfo['rollbackInfo'] }): RollbackMark | undefined {
  const triggering = info.rollbackInfo?.rollbackTriggeringDeploymentId;
  const byCreator = info.creator !== undefined && ROLLBACK_CREATORS.has(info.creator);
  if (!byCreator && !triggering) return undefined;
  return { creator: info.creator, ...(triggering ? { rollbackTriggeringDeploymentId: triggering } : {}) };
}

/** What the version lock needs to know about the target. */
export interface LockedVersion {
  readonly functionName: string;
  readonly targetVersion: string;
  /** The version's {@link CONFIG_DIGEST_ENV}, if it has one. */
  readonly configDigest?: string;
  /** Why the version's environment variables could not be read, if Lambda says so. */
  readonly environmentError?: string;
}

/**
 * Whether the function's tags carry the checks declared for the version under deployment: the
 * version's {@link CONFIG_DIGEST_ENV} (environment variables are part of a published version,
 * tags are not) must equal {@link hookConfigDigest} of the tags. Fails closed, with what to do,
 * when they differ or the version has no digest. Only forward deployments get here: rollbacks
 * pass before anything is read.
 */
export function judgeVersionLock(version: LockedVersion, tags: Record<string, string>): Verdict {
  const fromTags = hookConfigDigest(tags);
  const which = `version ${version.targetVersion} of ${version.functionName}`;
  if (version.configDigest === undefined) {
    const unreadable = version.environmentError ? ` (Lambda could not read its environment variables: ${version.environmentError})` : '';
    return {
      passed: false,
      reason: `${which} has no ${CONFIG_DIGEST_ENV} environment variable${unreadable}, so nothing ties the checks in the function's tags (configuration ${fromTags}) to it: `
        + 'a version published before check configurations were locked to versions, or outside this stack. Tags are per function, not per version, so they may describe another version\'s checks. '
        + 'Verification fails closed for a forward deployment of such a version: deploy the stack (cdk deploy) so that a version is published together with its checks, and deploy that one. Nothing was invoked.',
    };
  }
  if (version.configDigest !== fromTags) {
    return {
      passed: false,
      reason: `the function's tags describe another version's checks: ${which} was published with check configuration ${version.configDigest} (${CONFIG_DIGEST_ENV}), `
        + `the function's tags now carry configuration ${fromTags}. Tags are per function and change without publishing a version, so this deployment targets a version the tags no longer describe. `
        + 'Deploy the stack again (cdk deploy) so that the version and its checks are published together, or deploy the version the tags belong to. Nothing was invoked.',
    };
  }
  return { passed: true };
}
