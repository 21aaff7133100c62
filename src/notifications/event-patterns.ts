/**
 * EventBridge event patterns of the deployment notifications, as plain CloudFormation
 * `EventPattern` objects (the keys EventBridge matches, `detail-type` included).
 *
 * Sources of the event shapes and values:
 * - CodeDeploy: EventBridge "AWS CodeDeploy events" reference and the CodeDeploy User Guide
 *   "Monitoring deployments with Amazon CloudWatch Events"; deployment states
 *   START, SUCCESS, FAILURE, STOP, READY (aws/aws-lambda-go `events/codedeploy.go`).
 * - ECS: ECS Developer Guide "Amazon ECS service deployment state change events".
 * - CloudWatch: CloudWatch User Guide "Alarm events and EventBridge".
 */

/** A CloudFormation `EventPattern`. */
export type EventPatternJson = Record<string, unknown>;

export const CODEDEPLOY_SOURCE = 'aws.codedeploy';
export const CODEDEPLOY_DEPLOYMENT_DETAIL_TYPE = 'CodeDeploy Deployment State-change Notification';
export const ECS_SOURCE = 'aws.ecs';
export const ECS_DEPLOYMENT_DETAIL_TYPE = 'ECS Deployment State Change';
export const ALARM_SOURCE = 'aws.cloudwatch';
export const ALARM_DETAIL_TYPE = 'CloudWatch Alarm State Change';

/**
 * How ECS reports a rollback: a `SERVICE_DEPLOYMENT_IN_PROGRESS` event whose reason starts with
 * this text ("ECS deployment circuit breaker: rolling back to deploymentId ..."), the only
 * difference from the event of an initial deployment (ECS Developer Guide, "Example service
 * deployment in progress event").
 */
export const ECS_ROLLBACK_REASON_PREFIX = 'ECS deployment circuit breaker: rolling back';

/** CodeDeploy deployment states a notification is sent for. */
export enum CodeDeployState {
  START = 'START',
  SUCCESS = 'SUCCESS',
  FAILURE = 'FAILURE',
  STOP = 'STOP',
}

/** ECS service deployment events a notification is sent for. */
export enum EcsDeploymentEvent {
  IN_PROGRESS = 'SERVICE_DEPLOYMENT_IN_PROGRESS',
  COMPLETED = 'SERVICE_DEPLOYMENT_COMPLETED',
  FAILED = 'SERVICE_DEPLOYMENT_FAILED',
}

/** Deployments of one CodeDeploy deployment group that enter `state`. */
export function codeDeployDeploymentPattern(application: string, deploymentGroup: string, state: CodeDeployState): EventPatternJson {
  return {
    'source': [CODEDEPLOY_SOURCE],
    'detail-type': [CODEDEPLOY_DEPLOYMENT_DETAIL_TYPE],
    'detail': { application: [application], deploymentGroup: [deploymentGroup], state: [state] },
  };
}

/** How a pattern treats the rollback reason of `SERVICE_DEPLOYMENT_IN_PROGRESS` events. */
export enum RollbackFilter {
  /** Any reason. */
  ANY = 'ANY',
  /** Only a rollback (the reason starts with `ECS_ROLLBACK_REASON_PREFIX`). */
  ONLY_ROLLBACK = 'ONLY_ROLLBACK',
  /** Anything but a rollback. */
  NOT_ROLLBACK = 'NOT_ROLLBACK',
}

/** Deployment events `eventName` of one ECS service (the service ARN is the event's only resource). */
export function ecsDeploymentPattern(
  serviceArn: string, eventName: EcsDeploymentEvent, rollback: RollbackFilter = RollbackFilter.ANY,
): EventPatternJson {
  const detail: Record<string, unknown> = { eventName: [eventName] };
  if (rollback === RollbackFilter.ONLY_ROLLBACK) detail.reason = [{ prefix: ECS_ROLLBACK_REASON_PREFIX }];
  if (rollback === RollbackFilter.NOT_ROLLBACK) detail.reason = [{ 'anything-but': { prefix: ECS_ROLLBACK_REASON_PREFIX } }];
  return {
    'source': [ECS_SOURCE],
    'detail-type': [ECS_DEPLOYMENT_DETAIL_TYPE],
    'resources': [serviceArn],
    'detail': detail,
  };
}

/**
 * State changes of the given alarms into ALARM, and back from ALARM to OK. A change from
 * INSUFFICIENT_DATA to OK is left out: every fresh alarm (BlueGreenLambda creates new ones for
 * each version) makes it once, and it says nothing about the deployment.
 *
 * @param alarmArns the alarms' ARNs (the event's only resource)
 */
export function alarmStateChangePattern(alarmArns: string[]): EventPatternJson {
  return {
    'source': [ALARM_SOURCE],
    'detail-type': [ALARM_DETAIL_TYPE],
    'resources': alarmArns,
    'detail': {
      $or: [
        { state: { value: ['ALARM'] } },
        { state: { value: ['OK'] }, previousState: { value: ['ALARM'] } },
      ],
    },
  };
}
