import { App, AppProps, Stack, StackProps } from 'aws-cdk-lib';

/** Context every test app gets: CloudFormation's default rules are errors, not warnings. */
const SAFE_CONTEXT: Record<string, unknown> = {
  '@aws-cdk/core:validateAgainstDefaultRules': true,
};

/** A test app with the project's required context (plus any extra context). */
export function testApp(props: AppProps = {}): App {
  return new App({ ...props, context: { ...SAFE_CONTEXT, ...(props.context ?? {}) } });
}

/** The names of the first `zones` Availability Zones of `region`: `eu-west-1a`, `eu-west-1b`, ... */
export function zoneNames(region: string, zones: number): string[] {
  return Array.from({ length: zones }, (_, i) => `${region}${String.fromCharCode(97 + i)}`);
}

/** Availability Zone context for an environment-bound stack with `zones` zones. */
export function azContext(account: string, region: string, zones: number): Record<string, unknown> {
  return { [`availability-zones:account=${account}:region=${region}`]: zoneNames(region, zones) };
}

/** An environment-bound stack in a fresh test app whose region shows `zones` Availability Zones. */
export function envStack(zones = 3, props: StackProps = {}, context: Record<string, unknown> = {}): Stack {
  const account = '123456789012';
  const region = 'eu-west-1';
  const app = testApp({ context: { ...azContext(account, region, zones), ...context } });
  return new Stack(app, 'TestStack', { ...props, env: { account, region } });
}

/** An environment-agnostic stack in a fresh test app (sees only two Availability Zones). */
export function agnosticStack(props: StackProps = {}, context: Record<string, unknown> = {}): Stack {
  return new Stack(testApp({ context }), 'TestStack', props);
}
