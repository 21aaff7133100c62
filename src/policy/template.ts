/**
 * Reading a synthesized CloudFormation template as plain JSON: resources by type, the logical ids
 * a value refers to, literal values. Pure module: no aws-cdk-lib, so the command-line report and
 * the validation plugin share it.
 */

/** One resource of a template. */
export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: { [key: string]: any };
  readonly Metadata?: { [key: string]: any };
  readonly UpdatePolicy?: { [key: string]: any };
  readonly DependsOn?: string | string[];
  readonly Condition?: string;
}

/** A CloudFormation template as JSON. */
export interface CfnTemplateJson {
  readonly Resources?: { [logicalId: string]: CfnResourceJson };
  readonly Metadata?: { [key: string]: any };
  readonly Parameters?: { [name: string]: any };
}

/** A resource with its logical id. */
export interface NamedResource {
  readonly id: string;
  readonly resource: CfnResourceJson;
}

/** Every resource of `type`, in template order. */
export function resourcesOfType(template: CfnTemplateJson, type: string): NamedResource[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, r]) => r && r.Type === type)
    .map(([id, resource]) => ({ id, resource }));
}

/** The resource with `id`, if the template has it. */
export function resourceById(template: CfnTemplateJson, id: string | undefined): CfnResourceJson | undefined {
  if (id === undefined) return undefined;
  return template.Resources?.[id];
}

/**
 * The logical id a value points at directly: `{ Ref: id }` or `{ 'Fn::GetAtt': [id, attr] }`
 * (or `'id.attr'`). Anything else (a literal, a join, a parameter that is not a resource) gives undefined.
 */
export function refTarget(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as { [key: string]: unknown };
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  if (typeof v.Ref === 'string') return v.Ref;
  const getAtt = v['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** The attribute of a `Fn::GetAtt` value, if it is one. */
export function getAttName(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const getAtt = (value as { [key: string]: unknown })['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[1] === 'string') return getAtt[1];
  if (typeof getAtt === 'string' && getAtt.includes('.')) return getAtt.slice(getAtt.indexOf('.') + 1);
  return undefined;
}

/**
 * Every logical id referenced anywhere inside `value`: `Ref`, `Fn::GetAtt` and `${Id}` /
 * `${Id.Attr}` in `Fn::Sub` strings. Pseudo parameters (`AWS::...`) are left out.
 */
export function referencedIds(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) referencedIds(v, into);
    return into;
  }
  if (typeof value !== 'object' || value === null) return into;
  const v = value as { [key: string]: unknown };
  const direct = refTarget(v);
  if (direct !== undefined) {
    if (!direct.startsWith('AWS::')) into.add(direct);
    return into;
  }
  const sub = v['Fn::Sub'];
  const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
  if (subText !== undefined) {
    for (const m of subText.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)) into.add(m[1]);
    if (Array.isArray(sub)) referencedIds(sub[1], into);
    return into;
  }
  for (const child of Object.values(v)) referencedIds(child, into);
  return into;
}

/** A literal number (a number, or a string of digits as CloudFormation accepts), else undefined. */
export function literalNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** A literal boolean (`true`/`false` or their strings), else undefined. */
export function literalBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  return undefined;
}

/** A value as a list (CloudFormation lists may be written as one value or missing). */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * A string with its tokens replaced: literal strings as they are, `Fn::Join` of literal parts
 * joined, and every intrinsic that is not a literal replaced by `placeholder(value)`. Lets the
 * report read JSON that the template builds with `Fn::Join` (such as ECS `HookDetails`).
 */
export function flattenString(value: unknown, placeholder: (intrinsic: unknown) => string = () => '<token>'): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const join = (value as { [key: string]: unknown })['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    return join[1].map((part) => flattenString(part, placeholder) ?? placeholder(part)).join(join[0]);
  }
  return placeholder(value);
}
