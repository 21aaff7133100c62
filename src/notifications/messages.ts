/**
 * The text of each notification: an EventBridge input transformer (paths into the event, and a
 * template that names them as `<name>`). Every path exists in the documented sample events the
 * tests run through (see event-patterns.ts for the sources).
 */

/** One notification text: `template` with `<name>` placeholders filled from `paths`. */
export interface NotificationMessage {
  /** JSON paths into the event, by placeholder name. */
  readonly paths: Record<string, string>;
  /** Plain text with `<name>` placeholders. */
  readonly template: string;
  /** A one-line headline of `template`, with placeholders from the same `paths`. */
  readonly title: string;
}

/** Paths of the CodeDeploy deployment state-change event. */
const CODEDEPLOY_PATHS = {
  deploymentId: '$.detail.deploymentId',
  application: '$.detail.application',
  deploymentGroup: '$.detail.deploymentGroup',
  region: '$.region',
  account: '$.account',
  time: '$.time',
};

/** Paths of the ECS deployment state change event. */
const ECS_PATHS = {
  deploymentId: '$.detail.deploymentId',
  service: '$.resources[0]',
  reason: '$.detail.reason',
  updatedAt: '$.detail.updatedAt',
};

/** Paths of the CloudWatch alarm state change event. */
const ALARM_PATHS = {
  alarmName: '$.detail.alarmName',
  state: '$.detail.state.value',
  previousState: '$.detail.previousState.value',
  reason: '$.detail.state.reason',
  timestamp: '$.detail.state.timestamp',
  alarm: '$.resources[0]',
};

/** Characters that would break out of an input template or a placeholder. */
const UNSAFE_LABEL = /[<>"\\\n\r]/;

/** `text` with the characters a label may not hold replaced by `_`. */
export function safeLabel(text: string): string {
  return text.replace(new RegExp(UNSAFE_LABEL.source, 'g'), '_');
}

/** Validates the label every message starts with. */
export function validateLabel(label: string, prop: string): void {
  if (label.trim() === '' || UNSAFE_LABEL.test(label)) {
    throw new Error(`${prop} must be non-empty text without <, >, quotes, backslashes or line breaks (it starts every notification and is written into the input template), got ${JSON.stringify(label)}.`);
  }
}

const codeDeploy = (label: string, state: string, what: string): NotificationMessage => ({
  paths: CODEDEPLOY_PATHS,
  title: `[${label}] CodeDeploy deployment <deploymentId> ${state}`,
  template: `[${label}] CodeDeploy deployment <deploymentId> ${state}${what}. `
    + 'Application <application>, deployment group <deploymentGroup>, region <region>, account <account>, at <time>.',
});

/** CodeDeploy: a deployment started. */
export function codeDeployStarted(label: string): NotificationMessage {
  return codeDeploy(label, 'STARTED', ': CodeDeploy moves the live alias to the version this deployment targets. '
    + 'An automatic rollback is a new deployment too (back to the previous version), so this message may also start one; '
    + 'the rollback notice of the CodeDeploy trigger cdk-safe-deploy-rollback tells them apart');
}

/** CodeDeploy: a deployment succeeded. */
export function codeDeploySucceeded(label: string): NotificationMessage {
  return codeDeploy(label, 'SUCCEEDED', ': the live alias serves the version this deployment targeted');
}

/** CodeDeploy: a deployment failed. */
export function codeDeployFailed(label: string): NotificationMessage {
  return codeDeploy(label, 'FAILED', ' (the CodeDeploy console shows the lifecycle event that failed). '
    + 'Automatic rollback is on: CodeDeploy moves the live alias back to the previous version');
}

/** CodeDeploy: a deployment stopped. */
export function codeDeployStopped(label: string): NotificationMessage {
  return codeDeploy(label, 'STOPPED', ' (a rollback alarm went into ALARM, or someone stopped it). '
    + 'Automatic rollback is on: CodeDeploy moves the live alias back to the previous version');
}

const ecs = (label: string, state: string, what: string): NotificationMessage => ({
  paths: ECS_PATHS,
  title: `[${label}] ECS deployment <deploymentId> ${state}`,
  template: `[${label}] ECS deployment <deploymentId> ${what} ECS says: <reason> Service <service>, at <updatedAt>.`,
});

/** ECS: a deployment of a new revision started. */
export function ecsStarted(label: string): NotificationMessage {
  return ecs(label, 'STARTED', 'STARTED.');
}

/** ECS: a rollback deployment started. */
export function ecsRollingBack(label: string): NotificationMessage {
  return ecs(label, 'ROLLBACK', 'is a ROLLBACK: ECS returns the service to its last completed deployment.');
}

/** ECS: a deployment completed. */
export function ecsCompleted(label: string): NotificationMessage {
  return ecs(label, 'COMPLETED', 'COMPLETED: the service is in a steady state (after a new revision or after a rollback).');
}

/** ECS: a deployment failed. */
export function ecsFailed(label: string): NotificationMessage {
  return ecs(label, 'FAILED', 'FAILED. Rollback is on (circuit breaker and rollback alarms): ECS rolls the service back to its last completed deployment, if there is one.');
}

/** CloudWatch: a rollback alarm went into ALARM, or back to OK. */
export function alarmStateChanged(label: string): NotificationMessage {
  return {
    paths: ALARM_PATHS,
    title: `[${label}] Rollback alarm <alarmName> is now <state>`,
    template: `[${label}] Rollback alarm <alarmName> is now <state> (was <previousState>) at <timestamp>: <reason> `
      + 'In ALARM during a deployment, it rolls the deployment back. Alarm: <alarm>.',
  };
}

/**
 * The CloudFormation `InputTemplate` of a message: the text as a JSON string, which EventBridge
 * delivers as plain text with each `<name>` replaced by its value.
 */
export function inputTemplate(message: NotificationMessage): string {
  return JSON.stringify(message.template);
}

/**
 * The CloudFormation `InputTemplate` of a message for Amazon Q Developer in chat applications
 * (AWS Chatbot): its "custom notification" schema (`version` "1.0", `source` "custom", `content`
 * with `title` and `description`; Chatbot Administrator Guide, "Custom notifications"). EventBridge
 * fills the placeholders inside the JSON strings and keeps the output valid JSON.
 */
export function chatInputTemplate(message: NotificationMessage): string {
  return JSON.stringify({
    version: '1.0',
    source: 'custom',
    content: { textType: 'client-markdown', title: message.title, description: message.template },
  });
}

/** The placeholder names `template` uses, in order of first use. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/<([A-Za-z0-9_]+)>/g)].map((m) => m[1]))];
}
