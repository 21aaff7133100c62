import { Annotations, CfnOutput, CfnResource, Stack, Stage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { CallerRule, referencedLogicalIds, ruleFor, unqualifiedReferences } from './bypass-rules';

/** Warning id of an unqualified caller that was acknowledged with `allowUnqualifiedCaller`. */
export const UNQUALIFIED_CALLER_WARNING = 'cdk-safe-deploy:unqualifiedCaller';
/** Warning id of an acknowledgement that matches no unqualified caller. */
export const UNUSED_CALLER_ACK_WARNING = 'cdk-safe-deploy:unusedCallerAcknowledgement';

/** A caller the user declared as deliberate. */
export interface CallerAcknowledgement {
  readonly caller: IConstruct;
  readonly reason: string;
}

/** What the guard needs to know about one BlueGreenLambda. */
export interface GuardedFunction {
  /** The BlueGreenLambda, for messages. */
  readonly owner: IConstruct;
  /** Its function: callers must not name it unqualified. */
  readonly function: lambda.Function;
  /** Its acknowledged callers. */
  readonly acknowledgements: CallerAcknowledgement[];
}

/** One resource that calls a guarded function unqualified. */
interface Finding {
  readonly guarded: GuardedFunction;
  readonly resource: CfnResource;
  readonly logicalId: string;
  readonly stack: Stack;
  readonly rule: CallerRule;
  readonly paths: string[];
  /** The construct the finding is reported on: the L2 around the resource, or the resource. */
  readonly reportOn: IConstruct;
  /** Logical IDs this resource references, or is, in its stack (to attach permissions to it). */
  readonly related: Set<string>;
  /** Logical IDs it depends on. */
  readonly dependsOn: Set<string>;
  /** Resolved properties (permissions: `SourceArn`, `FunctionUrlAuthType`). */
  readonly properties: any;
  /** Findings merged into this one (the permissions it needs, resources below it). */
  readonly merged: Finding[];
}

/** A resource of a caller kind, resolved in its stack. */
interface CandidateResource {
  readonly resource: CfnResource;
  readonly rule: CallerRule;
  readonly stack: Stack;
  readonly logicalId: string;
  readonly body: any;
  /** The resolved properties as JSON, for a quick look before the walk. */
  readonly text: string;
}

const GUARDS = new WeakMap<IConstruct, BypassGuard>();

/**
 * Finds, at synth, every resource of the app (every stack of the stage the BlueGreenLambda is
 * in) that invokes or routes traffic to the unqualified function of a BlueGreenLambda, and reports
 * an error on it naming the fix; an acknowledged caller gets a warning with its reason instead.
 *
 * One guard per stage, run once as a validation of the stage after aspects and `prepare` (so
 * cross-stack references have become exports and `Fn::ImportValue`s). Only resources of the
 * types in `CALLER_RULES` (and custom resources) are resolved.
 */
export class BypassGuard {
  /** Registers `guarded` with the guard of its stage (defining the guard on first use). */
  public static register(guarded: GuardedFunction): void {
    const root = Stage.of(guarded.owner) ?? guarded.owner.node.root;
    let guard = GUARDS.get(root);
    if (!guard) {
      guard = new BypassGuard(root);
      GUARDS.set(root, guard);
    }
    guard.functions.push(guarded);
  }

  private readonly functions: GuardedFunction[] = [];

  private constructor(private readonly root: IConstruct) {
    root.node.addValidation({ validate: () => { this.run(); return []; } });
  }

  private run(): void {
    const resources = this.callerResources();
    for (const guarded of this.functions) {
      this.report(guarded, this.findingsFor(guarded, resources));
    }
  }

  /**
   * Every CfnResource of the stage (not of nested stages) whose type is a caller kind, resolved
   * once in its own stack.
   */
  private callerResources(): CandidateResource[] {
    const out: CandidateResource[] = [];
    const visit = (c: IConstruct) => {
      if (CfnResource.isCfnResource(c)) {
        const rule = ruleFor(c.cfnResourceType);
        if (rule) {
          const stack = Stack.of(c);
          const template = resolved(stack, c);
          const logicalId = Object.keys(template?.Resources ?? {})[0];
          if (logicalId !== undefined) {
            const body = template.Resources[logicalId];
            out.push({ resource: c, rule, stack, logicalId, body, text: JSON.stringify(body.Properties ?? {}) });
          }
        }
      }
      for (const child of c.node.children) {
        if (!Stage.isStage(child)) visit(child);
      }
    };
    visit(this.root);
    return out;
  }

  private findingsFor(guarded: GuardedFunction, resources: CandidateResource[]): Finding[] {
    const home = Stack.of(guarded.function);
    const fnLogicalId = home.resolve((guarded.function.node.defaultChild as CfnResource).logicalId) as string;
    const own = new Set([JSON.stringify({ Ref: fnLogicalId }), JSON.stringify({ 'Fn::GetAtt': [fnLogicalId, 'Arn'] })]);
    const imported = exportsOf(home, own);
    const formsCache = new Map<Stack, StackForms>();
    const formsIn = (stack: Stack): StackForms => {
      let found = formsCache.get(stack);
      if (!found) {
        const parent = stack.nestedStackParent;
        const forms = stack === home ? own : parent ? parametersOf(stack, formsIn(parent).forms) : imported;
        found = { forms, needles: [...forms].map(needleOf) };
        formsCache.set(stack, found);
      }
      return found;
    };
    const findings: Finding[] = [];
    for (const { resource, rule, stack, logicalId, body, text } of resources) {
      const { forms, needles } = formsIn(stack);
      // A cheap look for the function's logical ID, export or parameter name before walking the properties.
      if (!needles.some((n) => text.includes(n))) continue;
      const refs = unqualifiedReferences(rule, body.Properties, forms);
      if (refs.length === 0) continue;
      const related = referencedLogicalIds(body.Properties);
      related.delete(fnLogicalId);
      related.add(logicalId);
      const dependsOn = new Set<string>(Array.isArray(body.DependsOn) ? body.DependsOn : body.DependsOn ? [body.DependsOn] : []);
      const id = resource.node.id;
      const reportOn = (id === 'Resource' || id === 'Default') && resource.node.scope ? resource.node.scope : resource;
      findings.push({
        guarded,
        resource,
        logicalId,
        stack,
        rule,
        reportOn,
        related,
        dependsOn,
        paths: refs.map((r) => r.path),
        properties: body.Properties,
        merged: [],
      });
    }
    return mergeFindings(findings);
  }

  private report(guarded: GuardedFunction, findings: Finding[]): void {
    const used = new Set<CallerAcknowledgement>();
    for (const f of findings) {
      const ack = guarded.acknowledgements.find((a) => [f, ...f.merged].some((m) => within(m.reportOn, a.caller) || within(m.resource, a.caller)));
      const what = `${f.rule.kind} ${f.reportOn.node.path} invokes the unqualified function of BlueGreenLambda ${guarded.owner.node.path} ` +
        `(${f.rule.type} ${f.logicalId}, ${f.paths.join(', ')}${f.merged.length ? `; and ${f.merged.map((m) => m.reportOn.node.path).join(', ')}` : ''})`;
      if (ack) {
        used.add(ack);
        Annotations.of(f.reportOn).addWarningV2(UNQUALIFIED_CALLER_WARNING,
          `${what}, acknowledged with allowUnqualifiedCaller: ${ack.reason}. Its calls run $LATEST without CodeDeploy, verification, rollback alarms or rollback.`);
      } else {
        Annotations.of(f.reportOn).addError(
          `${what}: its calls run $LATEST and bypass CodeDeploy, verification, the rollback alarms and rollback. ` +
          `Bind it to the live alias: ${f.rule.fix} (e.g. \`handler: fn.alias\`). ` +
          'If the unqualified call is deliberate, acknowledge it with `fn.allowUnqualifiedCaller(caller, reason)`.');
      }
    }
    for (const a of guarded.acknowledgements) {
      if (used.has(a)) continue;
      Annotations.of(guarded.owner).addWarningV2(UNUSED_CALLER_ACK_WARNING,
        `allowUnqualifiedCaller(${a.caller.node.path}) of ${guarded.owner.node.path} matches no caller of the unqualified function; remove it ` +
        '(a stale acknowledgement would hide a future bypass).');
    }
  }
}

/**
 * The resource's template fragment, resolved in its stack; none if it cannot be resolved (the
 * stack's synthesis then reports why).
 */
function resolved(stack: Stack, resource: CfnResource): any {
  try {
    return stack.resolve((resource as any)._toCloudFormation());
  } catch {
    return undefined;
  }
}

/** The forms that mean the function in one stack, and the strings to look for first. */
interface StackForms {
  readonly forms: Set<string>;
  readonly needles: string[];
}

/** The string a form's JSON must contain: its logical ID, export or parameter name, quoted. */
function needleOf(form: string): string {
  const parsed = JSON.parse(form);
  const name = parsed.Ref ?? parsed['Fn::ImportValue'] ?? parsed['Fn::GetAtt']?.[0];
  return JSON.stringify(name);
}

/**
 * `{"Ref": parameter}` forms of a nested stack's parameters that its parent sets to one of
 * `parentForms` (how CDK passes a parent's reference into a nested stack).
 */
function parametersOf(nested: Stack, parentForms: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const resource = nested.nestedStackResource;
  const parent = nested.nestedStackParent;
  if (!resource || !parent || parentForms.size === 0) return out;
  const template = resolved(parent, resource);
  const body = template?.Resources ? Object.values(template.Resources)[0] as any : undefined;
  for (const [name, value] of Object.entries(body?.Properties?.Parameters ?? {})) {
    if (parentForms.has(JSON.stringify(value))) out.add(JSON.stringify({ Ref: name }));
  }
  return out;
}

/** `{"Fn::ImportValue": name}` forms of the exports of `stack` whose value is one of `forms`. */
function exportsOf(stack: Stack, forms: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const exports = stack.node.tryFindChild('Exports');
  for (const child of exports?.node.children ?? []) {
    if (!(child instanceof CfnOutput) || child.exportName === undefined) continue;
    if (forms.has(JSON.stringify(stack.resolve(child.value)))) {
      out.add(JSON.stringify({ 'Fn::ImportValue': stack.resolve(child.exportName) }));
    }
  }
  return out;
}

/**
 * One finding per caller: a permission that exists for another caller of the same stack (its
 * `SourceArn` names that caller or what it reads from, the caller depends on it, or it is a
 * function URL's permission) joins that caller, and so does a resource below another caller.
 */
function mergeFindings(findings: Finding[]): Finding[] {
  const isPermission = (f: Finding) => f.rule.type === 'AWS::Lambda::Permission';
  const owners = (f: Finding) => findings.filter((g) => g !== f && g.stack === f.stack && !isPermission(g));
  const absorbed = new Set<Finding>();
  for (const f of findings) {
    let into = findings.find((g) => g !== f && g.reportOn !== f.reportOn && within(f.reportOn, g.reportOn));
    if (!into && isPermission(f)) {
      const source = referencedLogicalIds(f.properties?.SourceArn);
      const forUrl = f.properties?.FunctionUrlAuthType !== undefined || f.properties?.InvokedViaFunctionUrl !== undefined;
      into = owners(f).find((g) => [...source].some((id) => g.related.has(id)) || g.dependsOn.has(f.logicalId)
        || (forUrl && g.rule.type === 'AWS::Lambda::Url'));
    }
    if (into) {
      into.merged.push(f);
      absorbed.add(f);
    }
  }
  // Findings of the same reported construct become one.
  const result: Finding[] = [];
  for (const f of findings) {
    if (absorbed.has(f)) continue;
    const same = result.find((g) => g.reportOn === f.reportOn);
    if (same) {
      same.paths.push(...f.paths.filter((p) => !same.paths.includes(p)));
      same.merged.push(...f.merged);
    } else {
      result.push(f);
    }
  }
  // A finding merged into one that was itself merged still counts through the outer one.
  return result.map((f) => ({ ...f, merged: flatten(f.merged) }));
}

function flatten(findings: Finding[]): Finding[] {
  return findings.flatMap((f) => [f, ...flatten(f.merged)]);
}

/** Whether `c` is `scope` or below it. */
function within(c: IConstruct, scope: IConstruct): boolean {
  for (let x: IConstruct | undefined = c; x; x = x.node.scope) {
    if (x === scope) return true;
  }
  return false;
}
