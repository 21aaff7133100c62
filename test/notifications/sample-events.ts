/**
 * Documented sample events, each with its source. "Derived" fixtures change one field of a
 * documented sample to another documented value of that field, and say which.
 */

/**
 * CodeDeploy deployment state-change event: the sample of the CloudWatch Events User Guide, "Event
 * types: AWS CodeDeploy events" (docs.aws.amazon.com/AmazonCloudWatch/latest/events/EventTypes.html#acd_event_types),
 * the fixture aws/aws-lambda-go and aws_lambda_events carry as `example-codedeploy-deployment-event.json`.
 */
export const CODEDEPLOY_SUCCESS = {
  'account': '123456789012',
  'region': 'us-east-1',
  'detail-type': 'CodeDeploy Deployment State-change Notification',
  'source': 'aws.codedeploy',
  'version': '0',
  'time': '2016-06-30T22:06:31Z',
  'id': 'c071bfbf-83c4-49ca-a6ff-3df053957145',
  'resources': [
    'arn:aws:codedeploy:us-east-1:123456789012:application:myApplication',
    'arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:myApplication/myDeploymentGroup',
  ],
  'detail': {
    instanceGroupId: '9fd2fbef-2157-40d8-91e7-6845af69e2d2',
    region: 'us-east-1',
    application: 'myApplication',
    deploymentId: 'd-123456789',
    state: 'SUCCESS',
    deploymentGroup: 'myDeploymentGroup',
  },
};

/**
 * Derived: the sample above in another documented deployment state (START, FAILURE, STOP, READY:
 * aws/aws-lambda-go `events/codedeploy.go`, CodeDeployDeploymentState).
 */
export function codeDeployIn(state: string, changes: Partial<typeof CODEDEPLOY_SUCCESS.detail> = {}): typeof CODEDEPLOY_SUCCESS {
  return { ...CODEDEPLOY_SUCCESS, detail: { ...CODEDEPLOY_SUCCESS.detail, state, ...changes } };
}

/** The service of the ECS samples below. */
export const ECS_SAMPLE_SERVICE = 'arn:aws:ecs:us-west-2:111122223333:service/default/servicetest';

const ecsSample = (eventType: string, eventName: string, reason: string) => ({
  'version': '0',
  'id': 'ddca6449-b258-46c0-8653-e0e3aEXAMPLE',
  'detail-type': 'ECS Deployment State Change',
  'source': 'aws.ecs',
  'account': '111122223333',
  'time': '2020-05-23T12:31:14Z',
  'region': 'us-west-2',
  'resources': [ECS_SAMPLE_SERVICE],
  'detail': { eventType, eventName, deploymentId: 'ecs-svc/123', updatedAt: '2020-05-23T11:11:11Z', reason },
});

/** ECS Developer Guide, "Amazon ECS service deployment state change events": an initial deployment starting. */
export const ECS_IN_PROGRESS = ecsSample('INFO', 'SERVICE_DEPLOYMENT_IN_PROGRESS', 'ECS deployment deploymentId in progress.');
/** Same page: a rollback deployment starting ("the reason field provides the ID of the deployment the service is rolling back to"). */
export const ECS_ROLLBACK = ecsSample('INFO', 'SERVICE_DEPLOYMENT_IN_PROGRESS', 'ECS deployment circuit breaker: rolling back to deploymentId deploymentID.');
/** Same page: a deployment completed. */
export const ECS_COMPLETED = ecsSample('INFO', 'SERVICE_DEPLOYMENT_COMPLETED', 'ECS deployment deploymentID completed.');
/** Same page: a deployment failed. */
export const ECS_FAILED = ecsSample('ERROR', 'SERVICE_DEPLOYMENT_FAILED', 'ECS deployment circuit breaker: task failed to start.');

/** Derived: an ECS sample of another service (the resources field holds the service ARN). */
export function ofService<T extends { resources: string[] }>(event: T, serviceArn: string): T {
  return { ...event, resources: [serviceArn] };
}

/** The alarm of the CloudWatch sample below. */
export const ALARM_SAMPLE_ARN = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh';

/**
 * CloudWatch User Guide, "Alarm events and EventBridge", "State change for a single-metric alarm"
 * (OK -> ALARM).
 */
export const ALARM_OK_TO_ALARM = {
  'version': '0',
  'id': 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
  'detail-type': 'CloudWatch Alarm State Change',
  'source': 'aws.cloudwatch',
  'account': '123456789012',
  'time': '2019-10-02T17:04:40Z',
  'region': 'us-east-1',
  'resources': [ALARM_SAMPLE_ARN],
  'detail': {
    alarmName: 'ServerCpuTooHigh',
    configuration: {
      description: 'Goes into alarm when server CPU utilization is too high!',
      metrics: [{
        id: '30b6c6b2-a864-43a2-4877-c09a1afc3b87',
        metricStat: {
          metric: { dimensions: { InstanceId: 'i-12345678901234567' }, name: 'CPUUtilization', namespace: 'AWS/EC2' },
          period: 300,
          stat: 'Average',
        },
        returnData: true,
      }],
    },
    previousState: {
      reason: 'Threshold Crossed: 1 out of the last 1 datapoints [0.0666851903306472 (01/10/19 13:46:00)] was not greater than the threshold (50.0) (minimum 1 datapoint for ALARM -> OK transition).',
      reasonData: '{"version":"1.0","queryDate":"2019-10-01T13:56:40.985+0000","startDate":"2019-10-01T13:46:00.000+0000","statistic":"Average","period":300,"recentDatapoints":[0.0666851903306472],"threshold":50.0}',
      timestamp: '2019-10-01T13:56:40.987+0000',
      value: 'OK',
    },
    state: {
      reason: 'Threshold Crossed: 1 out of the last 1 datapoints [99.50160229693434 (02/10/19 16:59:00)] was greater than the threshold (50.0) (minimum 1 datapoint for OK -> ALARM transition).',
      reasonData: '{"version":"1.0","queryDate":"2019-10-02T17:04:40.985+0000","startDate":"2019-10-02T16:59:00.000+0000","statistic":"Average","period":300,"recentDatapoints":[99.50160229693434],"threshold":50.0}',
      timestamp: '2019-10-02T17:04:40.989+0000',
      value: 'ALARM',
    },
  },
};

/** Derived: the sample above going back, ALARM -> OK (its `state` and `previousState` swapped). */
export const ALARM_ALARM_TO_OK = {
  ...ALARM_OK_TO_ALARM,
  detail: { ...ALARM_OK_TO_ALARM.detail, state: ALARM_OK_TO_ALARM.detail.previousState, previousState: ALARM_OK_TO_ALARM.detail.state },
};

/**
 * Derived: a fresh alarm's first evaluation, INSUFFICIENT_DATA -> OK (the previous state's value
 * replaced by INSUFFICIENT_DATA, a documented alarm state).
 */
export const ALARM_INSUFFICIENT_TO_OK = {
  ...ALARM_ALARM_TO_OK,
  detail: { ...ALARM_ALARM_TO_OK.detail, previousState: { ...ALARM_ALARM_TO_OK.detail.previousState, value: 'INSUFFICIENT_DATA' } },
};
