import type { HttpCheckSpec } from '../../http-check-spec';
import type { EcsHookConfig, SubnetZone, VerifyProtocol } from '../contract';

/** What one ECS lifecycle-hook invocation tells the hook. */
export interface EcsHookInvocation {
  readonly executionId?: string;
  readonly lifecycleStage: string;
  /** The service deployment ARN (`resourceArn`), when the event carries one. */
  readonly serviceDeploymentArn?: string;
  readonly serviceArn: string;
  readonly targetServiceRevisionArn: string;
  /** Service revision ARN -> percentage of test traffic. */
  readonly testTrafficWeights: Record<string, number>;
  /** Service revision ARN -> percentage of production traffic. */
  readonly productionTrafficWeights: Record<string, number>;
  /** The service's hook configuration merged with state returned by earlier IN_PROGRESS answers. */
  readonly hookDetails: Record<string, unknown>;
}

/** The event or its configuration cannot be read: the hook answers FAILED and says why. */
export class MalformedEvent extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedEvent';
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(obj: Json, key: string, where: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new MalformedEvent(`${where}.${key} must be a non-empty string, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

function weights(obj: Json, key: string): Record<string, number> {
  const value = obj[key];
  if (value === undefined || value === null) return {};
  if (!isObject(value) || Object.values(value).some((w) => typeof w !== 'number' || !Number.isFinite(w))) {
    throw new MalformedEvent(`executionDetails.${key} must map revision ARNs to numbers, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, number>;
}

/** `hookDetails` arrives as an object; a JSON string is accepted too. */
function details(value: unknown): Json {
  if (value === undefined || value === null) return {};
  const parsed = typeof value === 'string' ? parseJson(value) : value;
  if (!isObject(parsed)) throw new MalformedEvent(`hookDetails must be a JSON object, got ${JSON.stringify(value)}`);
  return parsed;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedEvent(`hookDetails is a string that is not JSON: ${JSON.stringify(text.slice(0, 200))}`);
  }
}

/** Reads an ECS lifecycle-hook event; throws MalformedEvent when a required field is missing. */
export function parseInvocation(event: unknown): EcsHookInvocation {
  if (!isObject(event)) throw new MalformedEvent(`the event must be a JSON object, got ${JSON.stringify(event) ?? typeof event}`);
  const execution = event.executionDetails;
  if (!isObject(execution)) throw new MalformedEvent(`executionDetails must be an object, got ${JSON.stringify(execution) ?? 'nothing'}`);
  return {
    executionId: typeof event.executionId === 'string' ? event.executionId : undefined,
    lifecycleStage: requireString(event, 'lifecycleStage', 'event'),
    serviceDeploymentArn: typeof event.resourceArn === 'string' && event.resourceArn.length > 0 ? event.resourceArn : undefined,
    serviceArn: requireString(execution, 'serviceArn', 'executionDetails'),
    targetServiceRevisionArn: requireString(execution, 'targetServiceRevisionArn', 'executionDetails'),
    testTrafficWeights: weights(execution, 'testTrafficWeights'),
    productionTrafficWeights: weights(execution, 'productionTrafficWeights'),
    hookDetails: details(event.hookDetails),
  };
}

function stringArray(obj: Json, key: string, min: number): string[] {
  const value = obj[key];
  if (!Array.isArray(value) || value.length < min || value.some((v) => typeof v !== 'string' || v.length === 0)) {
    throw new MalformedEvent(`hookDetails.${key} must be a list of at least ${min} non-empty strings, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value as string[];
}

function positiveInteger(obj: Json, key: string, where: string, optional = false): number | undefined {
  const value = obj[key];
  if (optional && (value === undefined || value === null)) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new MalformedEvent(`${where}.${key} must be a positive whole number, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

function parseCheck(value: unknown, i: number, list: string): HttpCheckSpec {
  const where = `hookDetails.${list}[${i}]`;
  if (!isObject(value)) throw new MalformedEvent(`${where} must be an object, got ${JSON.stringify(value)}`);
  const headers = value.headers ?? {};
  if (!isObject(headers) || Object.values(headers).some((h) => typeof h !== 'string')) {
    throw new MalformedEvent(`${where}.headers must map names to strings, got ${JSON.stringify(headers)}`);
  }
  const optionalString = (key: string): string | undefined => {
    const v = value[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw new MalformedEvent(`${where}.${key} must be a string, got ${JSON.stringify(v)}`);
    return v;
  };
  return {
    name: requireString(value, 'name', where),
    path: requireString(value, 'path', where),
    method: requireString(value, 'method', where),
    headers: headers as Record<string, string>,
    body: optionalString('body'),
    expectStatus: positiveInteger(value, 'expectStatus', where)!,
    bodyContains: optionalString('bodyContains'),
    maxLatencyMs: positiveInteger(value, 'maxLatencyMs', where)!,
  };
}

const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;

function parseSubnets(value: unknown): SubnetZone[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((s) => !isObject(s) || typeof s.cidr !== 'string' || !CIDR.test(s.cidr) || typeof s.zone !== 'string' || s.zone.length === 0)) {
    throw new MalformedEvent(`hookDetails.subnets must be a list of { cidr: "a.b.c.d/n", zone } objects, got ${JSON.stringify(value)}`);
  }
  return value.map((s) => ({ cidr: s.cidr as string, zone: s.zone as string }));
}

/** Reads the hook configuration the service construct wrote into `hookDetails`. */
export function parseConfig(hookDetails: Record<string, unknown>, supportedVersion: number): EcsHookConfig {
  if (hookDetails.version !== supportedVersion) {
    throw new MalformedEvent(`hookDetails.version must be ${supportedVersion}, got ${JSON.stringify(hookDetails.version) ?? 'nothing'}; the hook and the service configuration come from different library versions`);
  }
  const checks = hookDetails.checks;
  if (!Array.isArray(checks)) throw new MalformedEvent(`hookDetails.checks must be a list, got ${JSON.stringify(checks) ?? 'nothing'}`);
  const protocol = hookDetails.protocol ?? 'HTTP';
  if (protocol !== 'HTTP' && protocol !== 'HTTPS') {
    throw new MalformedEvent(`hookDetails.protocol must be HTTP or HTTPS, got ${JSON.stringify(protocol)}`);
  }
  const testRuleArn = hookDetails.testRuleArn;
  if (testRuleArn !== undefined && testRuleArn !== null && (typeof testRuleArn !== 'string' || testRuleArn.length === 0)) {
    throw new MalformedEvent(`hookDetails.testRuleArn must be a non-empty string when present, got ${JSON.stringify(testRuleArn)}`);
  }
  const afterTrafficChecks = hookDetails.afterTrafficChecks;
  if (afterTrafficChecks !== undefined && afterTrafficChecks !== null && !Array.isArray(afterTrafficChecks)) {
    throw new MalformedEvent(`hookDetails.afterTrafficChecks must be a list when present, got ${JSON.stringify(afterTrafficChecks)}`);
  }
  const targetGroupArns = stringArray(hookDetails, 'targetGroupArns', 2);
  if (targetGroupArns.length !== 2) {
    throw new MalformedEvent(`hookDetails.targetGroupArns must name exactly two target groups, got ${targetGroupArns.length}`);
  }
  return {
    version: supportedVersion,
    checks: checks.map((c, i) => parseCheck(c, i, 'checks')),
    afterTrafficChecks: Array.isArray(afterTrafficChecks) ? afterTrafficChecks.map((c, i) => parseCheck(c, i, 'afterTrafficChecks')) : undefined,
    targetGroupArns,
    productionRuleArn: requireString(hookDetails, 'productionRuleArn', 'hookDetails'),
    testRuleArn: typeof testRuleArn === 'string' ? testRuleArn : undefined,
    zones: stringArray(hookDetails, 'zones', 1),
    subnets: parseSubnets(hookDetails.subnets),
    healthyWithinSeconds: positiveInteger(hookDetails, 'healthyWithinSeconds', 'hookDetails')!,
    pollIntervalSeconds: positiveInteger(hookDetails, 'pollIntervalSeconds', 'hookDetails')!,
    apiOutageBudgetSeconds: positiveInteger(hookDetails, 'apiOutageBudgetSeconds', 'hookDetails', true),
    port: positiveInteger(hookDetails, 'port', 'hookDetails', true),
    protocol: protocol as VerifyProtocol,
  };
}
