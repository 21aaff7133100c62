import * as fs from 'fs';
import * as path from 'path';
import {
  CfnResource, IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1, PolicyViolationBeta1, Stack, Stage,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ALL_RULES, Finding, PLUGIN_NAME, evaluateTemplate } from './rules';
import { CfnTemplateJson } from './template';
import { DeploymentSafetyTier } from './tier';

/** Options of the deployment-safety validation plugin. */
export interface DeploymentSafetyChecksProps {
  /**
   * The tier of resources that no `SafetyTier` (and no template metadata) names.
   *
   * @default DeploymentSafetyTier.CRITICAL - every finding fails synthesis
   */
  readonly defaultTier?: DeploymentSafetyTier;
}

/**
 * The deployment-safety policy as a CDK policy-validation plugin: judges every synthesized
 * template (stacks written with this library or with plain aws-cdk-lib) against the rules of
 * docs/policy.md and reports each finding with the resource, the rule, the fix and the id that
 * acknowledges that one resource.
 *
 * @example
 * const app = new App({ policyValidationBeta1: [new DeploymentSafetyChecks()] });
 */
export class DeploymentSafetyChecks implements IPolicyValidationPluginBeta1 {
  /** The plugin's name, shown in the validation report and the first part of every acknowledgement id. */
  public readonly name: string = PLUGIN_NAME;
  /** The rule names the plugin evaluates (each finding's id adds `[<resource path>]`). */
  public readonly ruleIds?: string[] = ALL_RULES.map((r) => r.name);
  private readonly defaultTier: DeploymentSafetyTier;

  constructor(props: DeploymentSafetyChecksProps = {}) {
    this.defaultTier = props.defaultTier ?? DeploymentSafetyTier.CRITICAL;
  }

  /** Evaluates every template of the app. Called by aws-cdk-lib during synthesis. */
  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const stacks = stacksByTemplate(context.appConstruct);
    const violations: PolicyViolationBeta1[] = [];
    for (const templatePath of context.templatePaths) {
      const template = JSON.parse(fs.readFileSync(templatePath, 'utf8')) as CfnTemplateJson;
      const stack = stacks.get(path.resolve(templatePath));
      const findings = evaluateTemplate(template, {
        stackName: stack?.stackName ?? path.basename(templatePath).replace(/\.template\.json$/, ''),
        defaultTier: this.defaultTier,
        paths: stack ? constructPaths(stack) : undefined,
      });
      violations.push(...findings.map((f) => toViolation(f, templatePath)));
    }
    return { success: violations.every((v) => v.severity !== 'error'), violations };
  }
}

function toViolation(f: Finding, templatePath: string): PolicyViolationBeta1 {
  return {
    ruleName: f.ruleId,
    description: `[tier ${f.tier}] ${f.message}`,
    fix: `${f.fix} To accept it for this one resource: Validations.of(<scope>).acknowledge({ id: '${f.acknowledgeId}', reason: '...' }).`,
    severity: f.severity,
    ruleMetadata: { rule: f.rule, tier: f.tier, acknowledgeId: f.acknowledgeId },
    violatingResources: [{ resourceLogicalId: f.logicalId, templatePath, locations: f.locations }],
  };
}

/** Every stack of the app by the absolute path of its template (after synthesis). */
function stacksByTemplate(root: IConstruct | undefined): Map<string, Stack> {
  const byPath = new Map<string, Stack>();
  if (root === undefined) return byPath;
  for (const c of root.node.findAll()) {
    if (!Stack.isStack(c)) continue;
    const stage = Stage.of(c);
    if (stage?.outdir === undefined) continue;
    byPath.set(path.resolve(stage.outdir, c.templateFile), c);
  }
  return byPath;
}

/** Construct path per logical id for the resources of `stack`. */
function constructPaths(stack: Stack): { [logicalId: string]: string } {
  const paths: { [logicalId: string]: string } = {};
  for (const c of stack.node.findAll()) {
    if (CfnResource.isCfnResource(c) && Stack.of(c) === stack) {
      paths[stack.resolve(c.logicalId) as string] = c.node.path;
    }
  }
  return paths;
}
