import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Owner, ownerOf } from './ownership';

/** One IAM statement the library generates, rendered for review. */
export interface StatementEntry {
  /** Construct path (stack name stripped) of the policy or role that holds it. */
  readonly holder: string;
  readonly effect: string;
  readonly actions: string[];
  readonly resources: string[];
  readonly condition?: unknown;
}

/** Placeholder for the app's account and region, so that entries read the same in every app. */
export function normalize(value: string, stack: Stack): string {
  return value.split(stack.account).join('<account>').split(stack.region).join('<region>');
}

/** Renders an intrinsic the way cdk-nag names it: `<LogicalId>`, `<LogicalId.Attr>`, joins flattened. */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, any>;
  if (v.Ref !== undefined) return `<${v.Ref}>`;
  if (v['Fn::GetAtt'] !== undefined) return `<${v['Fn::GetAtt'][0]}.${v['Fn::GetAtt'][1]}>`;
  if (v['Fn::Join'] !== undefined) return (v['Fn::Join'][1] as unknown[]).map(render).join(v['Fn::Join'][0]);
  if (v['Fn::Sub'] !== undefined) return String(v['Fn::Sub']).replace(/\$\{([^}]+)\}/g, '<$1>');
  return JSON.stringify(value);
}

const list = (x: unknown): unknown[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/**
 * Every IAM statement (inline policies, role inline policies, customer managed policies) and
 * every AWS managed policy attachment on library resources of `app` (synthesized), in a stable
 * order.
 */
export function libraryStatements(app: App): { statements: StatementEntry[]; managedPolicies: string[] } {
  const owner = ownerOf(app);
  const statements: StatementEntry[] = [];
  const managedPolicies: string[] = [];
  const assembly = app.synth();
  for (const c of app.node.findAll()) {
    if (!CfnResource.isCfnResource(c) || owner(c.node.path) !== Owner.LIBRARY) continue;
    const stack = Stack.of(c);
    const template = assembly.getStackByName(stack.stackName).template as { Resources: Record<string, any> };
    const resource = template.Resources[stack.resolve(c.logicalId)];
    if (!resource) continue;
    const holder = c.node.path.split('/').slice(1).join('/');
    const docs: unknown[] = [];
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') docs.push(resource.Properties.PolicyDocument);
    if (resource.Type === 'AWS::IAM::Role') {
      for (const p of list(resource.Properties.Policies)) docs.push((p as any).PolicyDocument);
      for (const arn of list(resource.Properties.ManagedPolicyArns)) managedPolicies.push(`${holder}: ${render(arn)}`);
    }
    for (const doc of docs) {
      for (const s of list((doc as any).Statement) as any[]) {
        statements.push({
          holder,
          effect: s.Effect,
          actions: list(s.Action).map(String).sort(),
          resources: list(s.Resource).map((r) => normalize(render(r), stack)).sort(),
          ...(s.Condition ? { condition: JSON.parse(normalize(JSON.stringify(s.Condition), stack)) } : {}),
        });
      }
    }
  }
  statements.sort((a, b) => `${a.holder} ${a.actions.join()}`.localeCompare(`${b.holder} ${b.actions.join()}`));
  return { statements, managedPolicies: managedPolicies.sort() };
}

/** `action on resource` for every action of a statement whose resource holds a wildcard. */
export function wildcards(statements: StatementEntry[]): string[] {
  const found = new Set<string>();
  for (const s of statements) {
    for (const r of s.resources.filter((x) => x.includes('*'))) {
      for (const a of s.actions) found.add(`${a} on ${r}`);
    }
  }
  return [...found].sort();
}
