import { Annotations, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  alarmStateChangePattern, codeDeployDeploymentPattern, CodeDeployState, EcsDeploymentEvent, ecsDeploymentPattern, EventPatternJson, RollbackFilter,
} from './event-patterns';
import {
  alarmStateChanged, chatInputTemplate, codeDeployFailed, codeDeployStarted, codeDeployStopped, codeDeploySucceeded,
  ecsCompleted, ecsFailed, ecsRollingBack, ecsStarted, inputTemplate, NotificationMessage, safeLabel, validateLabel,
} from './messages';

/** The name of the CodeDeploy trigger that reports automatic rollbacks. */
export const ROLLBACK_TRIGGER_NAME = 'cdk-safe-deploy-rollback';

/** A label for `kind` at `scope`'s path, safe to write into every notification. */
export function notificationLabel(kind: string, scope: Construct): string {
  return safeLabel(`${kind} ${scope.node.path}`);
}

/** The AWS managed key of SNS: its key policy cannot let EventBridge use it. */
const AWS_MANAGED_SNS_KEY = 'alias/aws/sns';

/** How the notifications are written. */
export enum NotificationFormat {
  /** One line of plain text: for email, SMS, HTTPS endpoints, queues and functions. */
  TEXT = 'TEXT',
  /**
   * The "custom notification" JSON of Amazon Q Developer in chat applications (AWS Chatbot): a
   * title and the same text as the description. Subscribe the chat configuration to the topic.
   * CodeDeploy's rollback trigger is left out (its JSON is not in that schema): a Lambda
   * rollback shows as the FAILED or STOPPED message, which says that the alias moves back.
   */
  CHAT = 'CHAT',
}

/**
 * Where and what to notify about deployments: the options of `BlueGreenLambda` and
 * `MultiAzService` (`notifications`).
 */
export interface DeploymentNotificationOptions {
  /**
   * The SNS topic the notifications go to.
   *
   * A topic defined in this app gets a statement in its topic policy that lets EventBridge
   * publish, scoped with `aws:SourceArn` to the notification rules; when it is encrypted with a
   * customer managed key defined in this app, that key's policy lets EventBridge use it. An
   * imported topic gets neither (a `cdk-safe-deploy:notificationTopicPolicy` warning says what to
   * add). A topic encrypted with the AWS managed key `alias/aws/sns` is refused: EventBridge
   * cannot publish to it.
   *
   * @default - the stack's notification topic (one per stack and `format`, shared by every
   * construct of the stack that notifies), encrypted with a customer managed KMS key (rotation on)
   * that EventBridge may use, and refusing requests without TLS
   */
  readonly topic?: sns.ITopic;

  /**
   * Whether state changes of the rollback alarms (into ALARM, and from ALARM back to OK) are
   * notified too.
   *
   * @default true
   */
  readonly alarmStateChanges?: boolean;

  /**
   * How the notifications are written: plain text, or JSON for chat channels.
   *
   * @default NotificationFormat.TEXT
   */
  readonly format?: NotificationFormat;
}

/** Properties of {@link DeploymentNotifications}. */
export interface DeploymentNotificationsProps extends DeploymentNotificationOptions {
  /**
   * The text every notification starts with, in brackets: what is being deployed.
   *
   * @default - the path of the scope
   */
  readonly label?: string;
}

/**
 * Deployment notifications to an SNS topic: deployment started, succeeded, failed, stopped,
 * rolled back, and the state changes of the rollback alarms, as human-readable text.
 *
 * Deployment and alarm events reach the topic through EventBridge rules with input
 * transformers. For a CodeDeploy deployment group (BlueGreenLambda), an automatic rollback is
 * also reported by a CodeDeploy trigger (`DeploymentRollback`): CodeDeploy's EventBridge events
 * do not tell a rollback deployment from any other.
 *
 * `BlueGreenLambda` and `MultiAzService` create one when their `notifications` prop is set.
 */
export class DeploymentNotifications extends Construct {
  /** The topic the notifications go to. */
  public readonly topic: sns.ITopic;
  /** The key that encrypts `topic`, when the topic is the stack's shared notification topic. */
  public readonly encryptionKey?: kms.IKey;

  private readonly label: string;
  private readonly alarmStateChanges: boolean;
  private readonly format: NotificationFormat;
  private readonly notificationRules: events.Rule[] = [];
  private readonly alarms: cloudwatch.IAlarm[] = [];
  private alarmRule?: events.Rule;
  private watchesDeploymentGroup = false;
  private watchesService = false;
  private topicPolicyChecked = false;

  constructor(scope: Construct, id: string, props: DeploymentNotificationsProps = {}) {
    super(scope, id);
    this.label = props.label ?? safeLabel(scope.node.path);
    validateLabel(this.label, 'label');
    this.alarmStateChanges = props.alarmStateChanges ?? true;
    this.format = props.format ?? NotificationFormat.TEXT;
    if (props.topic) {
      refuseAwsManagedKey(props.topic);
      this.topic = props.topic;
    } else {
      const shared = sharedTopic(this, this.format);
      this.topic = shared.topic;
      this.encryptionKey = shared.key;
    }
  }

  /** The EventBridge rules that publish to `topic`. */
  public get rules(): events.Rule[] {
    return [...this.notificationRules];
  }

  /**
   * Notifies the deployments of a CodeDeploy Lambda deployment group: started, succeeded,
   * failed, stopped (EventBridge), and automatic rollbacks (a CodeDeploy trigger on the group,
   * published with `serviceRole`, which gets `sns:Publish` on the topic and the use of its key;
   * not with `NotificationFormat.CHAT`).
   *
   * @param deploymentGroup a deployment group defined in this app
   * @param serviceRole the deployment group's CodeDeploy service role
   */
  public watchLambdaDeploymentGroup(deploymentGroup: codedeploy.ILambdaDeploymentGroup, serviceRole: iam.IRole): void {
    if (this.watchesDeploymentGroup) {
      throw new Error(`${this.node.path} already notifies the deployments of a deployment group: use one DeploymentNotifications per deployment group.`);
    }
    const cfn = deploymentGroup.node.defaultChild;
    if (!(cfn instanceof codedeploy.CfnDeploymentGroup)) {
      throw new Error(`deploymentGroup ${deploymentGroup.node.path} is not defined in this app: the rollback trigger needs its CfnDeploymentGroup.`);
    }
    this.watchesDeploymentGroup = true;
    const application = deploymentGroup.application.applicationName;
    const group = deploymentGroup.deploymentGroupName;
    const rules: Array<[string, CodeDeployState, NotificationMessage]> = [
      ['DeploymentStarted', CodeDeployState.START, codeDeployStarted(this.label)],
      ['DeploymentSucceeded', CodeDeployState.SUCCESS, codeDeploySucceeded(this.label)],
      ['DeploymentFailed', CodeDeployState.FAILURE, codeDeployFailed(this.label)],
      ['DeploymentStopped', CodeDeployState.STOP, codeDeployStopped(this.label)],
    ];
    for (const [id, state, message] of rules) {
      this.addRule(id, `cdk-safe-deploy: CodeDeploy ${state} of ${this.label}`, codeDeployDeploymentPattern(application, group, state), message);
    }

    // The trigger: CodeDeploy publishes with the group's service role, in its own JSON, which chat
    // channels do not show.
    if (this.format === NotificationFormat.CHAT) return;
    // An inline policy: a role takes at most 10 managed policies, and the CodeDeploy service role is
    // shared by every BlueGreenLambda of the stack. (Not the topic and key policies: the topic policy
    // names the rules, which name this deployment group, which must wait for the permission.)
    const policy = new iam.Policy(this, 'RollbackTriggerPolicy', {
      roles: [serviceRole],
      statements: [new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [this.topic.topicArn] })],
    });
    const key = this.topic.masterKey;
    if (key) {
      // A publisher to an encrypted topic: SNS asks KMS for a data key and decrypts it (SNS Developer
      // Guide, "Allow a user to send messages to a topic with SSE"; its cost formula counts these two
      // calls per publisher). Named actions, not the guide's `kms:GenerateDataKey*`.
      policy.addStatements(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }));
    }
    const existing = cfn.triggerConfigurations;
    if (existing !== undefined && !Array.isArray(existing)) {
      throw new Error(`deploymentGroup ${deploymentGroup.node.path} has TriggerConfigurations set as a token: the rollback trigger cannot be added to it.`);
    }
    cfn.triggerConfigurations = [
      ...(existing ?? []),
      { triggerName: ROLLBACK_TRIGGER_NAME, triggerTargetArn: this.topic.topicArn, triggerEvents: ['DeploymentRollback'] },
    ];
    // CodeDeploy checks that it can publish when the trigger is configured.
    cfn.node.addDependency(policy);
  }

  /**
   * Notifies the deployments of an ECS service: started, rollback started, completed, failed.
   *
   * @param service the service
   */
  public watchEcsService(service: ecs.IBaseService): void {
    if (this.watchesService) {
      throw new Error(`${this.node.path} already notifies the deployments of a service: use one DeploymentNotifications per service.`);
    }
    this.watchesService = true;
    const arn = service.serviceArn;
    const rules: Array<[string, EcsDeploymentEvent, RollbackFilter, NotificationMessage]> = [
      ['DeploymentStarted', EcsDeploymentEvent.IN_PROGRESS, RollbackFilter.NOT_ROLLBACK, ecsStarted(this.label)],
      ['RollbackStarted', EcsDeploymentEvent.IN_PROGRESS, RollbackFilter.ONLY_ROLLBACK, ecsRollingBack(this.label)],
      ['DeploymentCompleted', EcsDeploymentEvent.COMPLETED, RollbackFilter.ANY, ecsCompleted(this.label)],
      ['DeploymentFailed', EcsDeploymentEvent.FAILED, RollbackFilter.ANY, ecsFailed(this.label)],
    ];
    for (const [id, eventName, rollback, message] of rules) {
      this.addRule(id, `cdk-safe-deploy: ECS ${id} of ${this.label}`, ecsDeploymentPattern(arn, eventName, rollback), message);
    }
  }

  /**
   * Notifies the state changes of `alarm` (into ALARM, and from ALARM back to OK), unless
   * `alarmStateChanges` is false. One rule matches every watched alarm.
   */
  public watchAlarm(alarm: cloudwatch.IAlarm): void {
    if (!this.alarmStateChanges) return;
    this.alarms.push(alarm);
    if (this.alarmRule) return;
    const arns = Lazy.list({ produce: () => this.alarms.map((a) => a.alarmArn) });
    this.alarmRule = this.addRule('AlarmStateChanged', `cdk-safe-deploy: rollback alarm state changes of ${this.label}`,
      alarmStateChangePattern(arns), alarmStateChanged(this.label));
  }

  private addRule(id: string, description: string, pattern: EventPatternJson, message: NotificationMessage): events.Rule {
    const rule = new events.Rule(this, id, {
      description: description.slice(0, 512),
      // Replaced below by the full pattern (the L2 would re-render `$or` and lazy lists).
      eventPattern: { source: pattern.source as string[] },
      targets: [new TopicTarget(this.topic, message, this.format)],
    });
    (rule.node.defaultChild as events.CfnRule).eventPattern = pattern;
    this.notificationRules.push(rule);
    this.allowEventBridge();
    return rule;
  }

  /** Lets EventBridge publish to the topic (only from these rules) and use its key. */
  private allowEventBridge(): void {
    if (this.topicPolicyChecked) return;
    this.topicPolicyChecked = true;
    const principal = new iam.ServicePrincipal('events.amazonaws.com');
    // A topic of another stack would reference this stack's rules, which reference the topic: a cycle.
    const otherStack = Stack.of(this.topic) !== Stack.of(this);
    const added = otherStack ? { statementAdded: false } : this.topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: `EventBridgePublish${this.node.addr}`,
      principals: [principal],
      actions: ['sns:Publish'],
      resources: [this.topic.topicArn],
      conditions: { ArnEquals: { 'aws:SourceArn': Lazy.list({ produce: () => this.notificationRules.map((r) => r.ruleArn) }) } },
    }));
    const key = this.topic.masterKey;
    // The key policy cannot carry aws:SourceArn or aws:SourceAccount for EventBridge (SNS Developer
    // Guide, "Enable compatibility between event sources from AWS services and encrypted topics").
    const keyAdded = key ? key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [principal],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
    }), true).statementAdded : true;
    const missing = [
      ...(added.statementAdded ? [] : ['its topic policy must allow events.amazonaws.com sns:Publish (condition aws:SourceArn: the notification rules)']),
      ...(keyAdded ? [] : ['its key policy must allow events.amazonaws.com kms:GenerateDataKey* and kms:Decrypt']),
    ];
    if (missing.length > 0) {
      Annotations.of(this).addWarningV2('cdk-safe-deploy:notificationTopicPolicy',
        `The notification topic ${this.topic.node.path} is ${otherStack ? 'in another stack' : 'imported'}, so its policies are not changed here and EventBridge may be denied: `
        + `${missing.join('; ')}${key ? '' : ' (and, if it is encrypted, its key policy must allow events.amazonaws.com kms:GenerateDataKey* and kms:Decrypt)'}. `
        + 'Add that to the topic, or pass no topic to use the stack notification topic.');
    }
  }
}

/** Refuses a topic encrypted with the AWS managed SNS key. */
function refuseAwsManagedKey(topic: sns.ITopic): void {
  // An alias (kms.Alias, or one imported with fromAliasName) carries its name.
  const aliasName = (topic.masterKey as Partial<kms.IAlias> | undefined)?.aliasName;
  if (typeof aliasName === 'string' && !Token.isUnresolved(aliasName) && aliasName === AWS_MANAGED_SNS_KEY) {
    throw new Error(`topic ${topic.node.path} is encrypted with the AWS managed key ${AWS_MANAGED_SNS_KEY}, whose key policy cannot let EventBridge (or CodeDeploy) use it, `
      + 'so no notification would arrive. Encrypt it with a customer managed key, or pass no topic to use the stack notification topic.');
  }
}

/** Publishes to an SNS topic without adding an unscoped topic policy statement (the construct adds a scoped one). */
class TopicTarget implements events.IRuleTarget {
  constructor(private readonly topic: sns.ITopic, private readonly message: NotificationMessage, private readonly format: NotificationFormat) {}

  public bind(_rule: events.IRuleRef, _id?: string): events.RuleTargetConfig {
    return { arn: this.topic.topicArn, input: new TransformedText(this.message, this.format) };
  }
}

/** An input transformer from a message. */
class TransformedText extends events.RuleTargetInput {
  constructor(private readonly message: NotificationMessage, private readonly format: NotificationFormat) {
    super();
  }

  public bind(_rule: events.IRuleRef): events.RuleTargetInputProperties {
    const template = this.format === NotificationFormat.CHAT ? chatInputTemplate(this.message) : inputTemplate(this.message);
    return { inputPathsMap: { ...this.message.paths }, inputTemplate: template };
  }
}

/** Construct id prefix, under the stack, of the notification topics the stack's constructs share. */
export const SHARED_NOTIFICATIONS_ID = 'CdkSafeDeployNotifications';

/**
 * The stack's notification topic for `format` (`CdkSafeDeployNotifications<Text|Chat>`), created by
 * the first construct that needs it: one topic to subscribe to, and one KMS key, however many
 * constructs of the stack notify. One per format, so a chat channel never receives plain text.
 */
function sharedTopic(scope: Construct, format: NotificationFormat): { topic: sns.Topic; key: kms.Key } {
  const stack = Stack.of(scope);
  const id = `${SHARED_NOTIFICATIONS_ID}${format === NotificationFormat.CHAT ? 'Chat' : 'Text'}`;
  const existing = stack.node.tryFindChild(id) as Construct | undefined;
  if (existing) {
    return { topic: existing.node.findChild('Topic') as sns.Topic, key: existing.node.findChild('Key') as kms.Key };
  }
  const holder = new Construct(stack, id);
  const key = new kms.Key(holder, 'Key', {
    enableKeyRotation: true,
    description: `cdk-safe-deploy: encrypts the deployment notifications of stack ${stack.stackName}`,
  });
  // Grants only for AWS resources and services (Control Tower CT.KMS.PR.3): SNS and EventBridge
  // call GenerateDataKey and Decrypt directly, and no one needs a grant on this key.
  key.addToResourcePolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
  const topic = new sns.Topic(holder, 'Topic', { masterKey: key, enforceSSL: true, displayName: `Deployments of ${stack.stackName}`.slice(0, 100) });
  return { topic, key };
}
