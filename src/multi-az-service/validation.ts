import { Duration, Token } from 'aws-cdk-lib';

/** Throws unless `value` is a whole number from `min` to `max` (tokens pass). */
export function requireInteger(prop: string, value: number, min: number, max: number, fix: string): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${prop} must be a whole number from ${min} to ${max}, got ${value}. ${fix}`);
  }
}

/** Throws unless `duration` is whole seconds from `min` to `max` (tokens pass). */
export function requireSeconds(prop: string, duration: Duration, min: number, max: number): void {
  if (duration.isUnresolved()) return;
  const seconds = duration.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    throw new Error(`${prop} must be whole seconds from ${min} to ${max}, got ${duration.toHumanString()}. Use e.g. Duration.seconds(${Math.min(max, Math.max(min, Math.round(seconds)))}).`);
  }
}

/** Throws unless `path` is a URL path the load balancer health check accepts. */
export function requireHealthCheckPath(path: string): void {
  if (Token.isUnresolved(path)) return;
  if (!path.startsWith('/') || path.length > 1024 || /\s/.test(path)) {
    throw new Error(`healthCheckPath must start with '/', contain no spaces and be at most 1024 characters, got '${path}'. Use e.g. '/health'.`);
  }
}

/** Throws when a prop that only applies to traffic-shifting deployments is set with `rolling: true`. */
export function refuseWithRolling(rolling: boolean, prop: string, value: unknown, why: string): void {
  if (rolling && value !== undefined) {
    throw new Error(`${prop} cannot be combined with rolling: true: ${why}. Remove ${prop}, or remove rolling to deploy blue/green.`);
  }
}
