import { Duration, Token } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';

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

/**
 * Throws unless the container health check is one ECS accepts (ECS API reference, HealthCheck):
 * `retries` 1–10, `interval` 5–300 s, `timeout` 2–120 s and at most `interval`, `startPeriod` 0–300 s,
 * all whole seconds.
 */
export function validateContainerHealthCheck(healthCheck: ecs.HealthCheck | undefined): void {
  if (!healthCheck) return;
  const prop = 'containerHealthCheck';
  if (healthCheck.retries !== undefined) {
    requireInteger(`${prop}.retries`, healthCheck.retries, 1, 10, 'ECS retries a failing container health check 1 to 10 times before it marks the container unhealthy; use e.g. 3.');
  }
  if (healthCheck.interval !== undefined) requireSeconds(`${prop}.interval`, healthCheck.interval, 5, 300);
  if (healthCheck.timeout !== undefined) requireSeconds(`${prop}.timeout`, healthCheck.timeout, 2, 120);
  if (healthCheck.startPeriod !== undefined) requireSeconds(`${prop}.startPeriod`, healthCheck.startPeriod, 0, 300);
  const interval = healthCheck.interval ?? Duration.seconds(30);
  const timeout = healthCheck.timeout ?? Duration.seconds(5);
  if (!interval.isUnresolved() && !timeout.isUnresolved() && timeout.toSeconds() > interval.toSeconds()) {
    throw new Error(`${prop}.timeout (${timeout.toHumanString()}) must not exceed ${prop}.interval (${interval.toHumanString()}): a check would still run when the next one starts. Lower the timeout or raise the interval.`);
  }
}

/** Break-glass switches as given, with their defaults applied. */
export interface BreakGlassChoice {
  readonly reason: string;
  readonly ignoreAlarms: boolean;
  readonly skipVerification: boolean;
}

/** Throws unless a service's break-glass switch has a reason and turns at least one safety net off. */
export function validateServiceBreakGlass(breakGlass: BreakGlassChoice, rolling: boolean): void {
  const { reason, ignoreAlarms, skipVerification } = breakGlass;
  if (typeof reason !== 'string' || Token.isUnresolved(reason) || reason.trim() === '') {
    throw new Error(`breakGlass.reason must say why the safety nets are off (it is shown in the template, the synth warning and describeDeployment()), got ${Token.isUnresolved(reason) ? 'a token' : JSON.stringify(reason)}. Pass a literal reason, e.g. a ticket and a few words.`);
  }
  if (!ignoreAlarms && !skipVerification) {
    throw new Error('breakGlass turns nothing off: set ignoreAlarms and/or skipVerification to true, or remove breakGlass.');
  }
  if (skipVerification && rolling) {
    throw new Error('breakGlass.skipVerification has nothing to switch off with rolling: true (rolling deployments run no verification hook). Remove skipVerification, or remove rolling.');
  }
}
