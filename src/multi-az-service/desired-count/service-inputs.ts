import { createHash } from 'crypto';

/**
 * What makes CloudFormation call UpdateService, as values that can sit in the desired-count
 * resource's properties: whenever one of them changes, the resource's properties change too, so
 * CloudFormation updates (and so invokes) it before the service, and the service's next
 * UpdateService carries a count read at that moment instead of the one read at an earlier
 * deployment.
 *
 * A resolved property tree is determined by its literal structure and the values its references
 * take at deploy time (every other intrinsic function is a function of its arguments). So the
 * inputs are a digest of the tree (with every intrinsic in place, as synthesized) plus the list of
 * its distinct references (`Ref` and `Fn::GetAtt` of resources, also those written inside an
 * `Fn::Sub` string, and `Fn::ImportValue`), which CloudFormation resolves in the custom resource
 * exactly as in the service: a new task definition revision (every image change), a replaced
 * subnet, security group or target group each change a resolved value there. An `Fn::If` is kept
 * whole, so that a reference in the branch not taken is never resolved.
 */
export interface ServiceInputs {
  /** SHA-256 of the canonical JSON of the properties (keys sorted). */
  readonly digest: string;
  /** Every distinct outermost intrinsic function of the properties, in first-seen order. */
  readonly references: unknown[];
}

/** Whether `value` is a CloudFormation intrinsic: an object with exactly one key, `Ref` or `Fn::*`. */
export function isIntrinsic(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** JSON with object keys sorted at every level, so equal trees give equal strings. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** `${Name}` and `${Name.Attribute}` in an `Fn::Sub` string, as the references they stand for. */
function subReferences(template: string, variables: Set<string>): unknown[] {
  const out: unknown[] = [];
  for (const match of template.matchAll(/\$\{([^!}][^}]*)\}/g)) {
    const name = match[1].trim();
    if (variables.has(name) || name.startsWith('AWS::')) continue;
    const dot = name.indexOf('.');
    out.push(dot < 0 ? { Ref: name } : { 'Fn::GetAtt': [name.slice(0, dot), name.slice(dot + 1)] });
  }
  return out;
}

/** The inputs of a resolved property tree (see {@link ServiceInputs}). */
export function serviceInputs(properties: unknown): ServiceInputs {
  const seen = new Set<string>();
  const references: unknown[] = [];
  const add = (reference: unknown): void => {
    const key = canonicalJson(reference);
    if (!seen.has(key)) {
      seen.add(key);
      references.push(reference);
    }
  };
  const walk = (value: unknown): void => {
    if (isIntrinsic(value)) {
      const [fn, args] = Object.entries(value as Record<string, unknown>)[0];
      if (fn === 'Ref') {
        if (typeof args !== 'string' || !args.startsWith('AWS::')) add(value);
      } else if (fn === 'Fn::GetAtt' || fn === 'Fn::ImportValue' || fn === 'Fn::If') {
        add(value);
      } else if (fn === 'Fn::Sub') {
        const [template, variables] = Array.isArray(args) ? [args[0], (args[1] ?? {}) as Record<string, unknown>] : [args, {}];
        if (typeof template === 'string') subReferences(template, new Set(Object.keys(variables))).forEach(add);
        Object.values(variables).forEach(walk);
      } else {
        walk(args);
      }
      return;
    }
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
  };
  walk(properties);
  return { digest: createHash('sha256').update(canonicalJson(properties)).digest('hex'), references };
}
