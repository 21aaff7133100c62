/**
 * Synth-time checks of BlueGreenLambda props that are not about checks or alarms, as pure
 * functions of plain values. Messages name the prop, the value received and the fix.
 */

/** Lambda alias names: 1-128 of `A-Z a-z 0-9 - _`, not only digits (that would read as a version). */
const ALIAS_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** Throws unless both alias names are valid and distinct. */
export function validateAliasNames(live: string, preview: string): void {
  for (const [prop, name] of [['liveAliasName', live], ['previewAliasName', preview]] as const) {
    if (!ALIAS_NAME.test(name) || /^\d+$/.test(name)) {
      throw new Error(`${prop} must be 1 to 128 characters from A-Z a-z 0-9 - _ and not only digits (a number names a version), got ${JSON.stringify(name)}. Use e.g. 'live'.`);
    }
  }
  if (live === preview) {
    throw new Error(`liveAliasName and previewAliasName must differ, both are ${JSON.stringify(live)}: the preview alias moves to every new version before any traffic does. Rename one of them.`);
  }
}

/** Throws unless provisioned concurrency is set on the live alias only, as a positive whole number. */
export function validateProvisionedConcurrency(aliasPc: number | undefined, versionPc: number | undefined): void {
  if (aliasPc !== undefined && (!Number.isInteger(aliasPc) || aliasPc < 1)) {
    throw new Error(`provisionedConcurrentExecutions must be a whole number of at least 1, got ${aliasPc}. Leave it unset for no provisioned concurrency.`);
  }
  if (aliasPc !== undefined && versionPc !== undefined) {
    throw new Error(
      `provisionedConcurrentExecutions (${aliasPc}) and currentVersionOptions.provisionedConcurrentExecutions (${versionPc}) are both set: ` +
      'Lambda allows provisioned concurrency on a version from one place only, and the alias moves it from version to version. ' +
      'Remove currentVersionOptions.provisionedConcurrentExecutions.',
    );
  }
}

/** What the hook checks need to know about the user's choices. */
export interface HookChoices {
  readonly customPreHook: boolean;
  readonly customPostHook: boolean;
  /** Names of checks that run before traffic. */
  readonly beforeChecks: string[];
  /** Names of checks that run after traffic. */
  readonly afterChecks: string[];
  /** Bake time, if given explicitly, in seconds. */
  readonly explicitBakeSeconds?: number;
  readonly skipVerification: boolean;
}

/** Throws when a custom hook replaces the built-in one that something else relies on. */
export function validateHookChoices(c: HookChoices): void {
  if (c.customPreHook && c.beforeChecks.length > 0) {
    throw new Error(`preTrafficHook replaces the built-in hook that runs before-traffic checks, but these are declared: ${c.beforeChecks.join(', ')}. Run them in your hook, or remove preTrafficHook.`);
  }
  if (c.customPostHook && c.afterChecks.length > 0) {
    throw new Error(`postTrafficHook replaces the built-in hook that runs after-traffic checks, but these are declared: ${c.afterChecks.join(', ')}. Run them in your hook, or remove postTrafficHook.`);
  }
  if (c.customPostHook && c.explicitBakeSeconds !== undefined && c.explicitBakeSeconds > 0) {
    throw new Error(`bakeTime (${c.explicitBakeSeconds} s) is watched by the built-in post-traffic hook, which postTrafficHook replaces. Remove bakeTime, or remove postTrafficHook.`);
  }
  if (c.skipVerification && (c.customPreHook || c.customPostHook)) {
    throw new Error('breakGlass.skipVerification switches off the built-in hooks only, but a custom preTrafficHook or postTrafficHook is set and would still run. Switch verification off in your hook, or remove it.');
  }
}

/** Throws unless a break-glass switch has a reason and turns at least one safety net off. */
export function validateBreakGlass(reason: string, ignoreAlarms: boolean, skipVerification: boolean): void {
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw new Error(`breakGlass.reason must say why the safety nets are off (it is shown in the template and the hooks' logs), got ${JSON.stringify(reason)}.`);
  }
  if (reason.length > 200) {
    throw new Error(`breakGlass.reason must be at most 200 characters (it travels in the function's tags), got ${reason.length}. Shorten it, e.g. link a ticket.`);
  }
  if (!ignoreAlarms && !skipVerification) {
    throw new Error('breakGlass turns nothing off: set ignoreAlarms and/or skipVerification to true, or remove breakGlass.');
  }
}

/** CodeDeploy's bound on alarms per deployment group (CloudFormation AlarmConfiguration, AlarmsLimitExceededException). */
export const MAX_DEPLOYMENT_GROUP_ALARMS = 10;

/** Throws when a deployment group would watch more alarms than CodeDeploy accepts. */
export function validateAlarmCount(count: number, builtIn: number): void {
  if (count > MAX_DEPLOYMENT_GROUP_ALARMS) {
    throw new Error(
      `addAlarm: the deployment group would watch ${count} alarms (${builtIn} built-in rollback alarms + ${count - builtIn} added), ` +
      `CodeDeploy accepts at most ${MAX_DEPLOYMENT_GROUP_ALARMS} per deployment group. ` +
      'Combine alarms into one composite alarm (cloudwatch.CompositeAlarm) and add that instead.',
    );
  }
}

/**
 * Function settings checked against Lambda's limits, as plain numbers. A setting that is unset
 * or an unresolved token is `undefined` and not checked.
 */
export interface FunctionLimitsInput {
  /** `memorySize`, MiB. */
  readonly memoryMiB?: number;
  /** `timeout`, seconds (may be fractional). */
  readonly timeoutSeconds?: number;
  /** `ephemeralStorageSize`, MiB (may be fractional). */
  readonly ephemeralStorageMiB?: number;
  /** `retryAttempts`. */
  readonly retryAttempts?: number;
  /** `maxEventAge`, seconds (may be fractional). */
  readonly maxEventAgeSeconds?: number;
  /** `reservedConcurrentExecutions`. */
  readonly reservedConcurrency?: number;
  /** `provisionedConcurrentExecutions` (on the live alias). */
  readonly provisionedConcurrency?: number;
  /** `currentVersionOptions.provisionedConcurrentExecutions`. */
  readonly versionProvisionedConcurrency?: number;
}

/**
 * Throws unless the function settings are within Lambda's limits (Lambda quotas page; the
 * asynchronous invocation ranges of PutFunctionEventInvokeConfig) and provisioned concurrency
 * fits in reserved concurrency. aws-cdk-lib accepts some of these, or refuses them without
 * naming the prop.
 */
export function validateFunctionLimits(l: FunctionLimitsInput): void {
  const range = (prop: string, value: number | undefined, min: number, max: number, unit: string, fix: string) => {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`${prop} must be a whole number of ${unit} from ${min} to ${max}, got ${value}${unit === 'attempts' ? '' : ` ${unit}`}. ${fix}`);
    }
  };
  range('memorySize', l.memoryMiB, 128, 10240, 'MiB', 'Lambda gives a function 128 to 10240 MiB in 1-MiB steps.');
  range('timeout', l.timeoutSeconds, 1, 900, 's', 'Lambda runs an invocation for 1 second to 15 minutes, in whole seconds: use e.g. Duration.seconds(1).');
  range('ephemeralStorageSize', l.ephemeralStorageMiB, 512, 10240, 'MiB', 'Lambda gives /tmp 512 to 10240 MiB: use e.g. Size.mebibytes(512).');
  range('retryAttempts', l.retryAttempts, 0, 2, 'attempts', 'Lambda retries an asynchronous invocation at most twice.');
  range('maxEventAge', l.maxEventAgeSeconds, 60, 21600, 's', 'Lambda keeps an asynchronous event 60 seconds to 6 hours: use e.g. Duration.minutes(1).');
  const reserved = l.reservedConcurrency;
  if (reserved === undefined) return;
  for (const [prop, pc] of [['provisionedConcurrentExecutions', l.provisionedConcurrency], ['currentVersionOptions.provisionedConcurrentExecutions', l.versionProvisionedConcurrency]] as const) {
    if (pc !== undefined && pc > reserved) {
      throw new Error(
        `${prop} (${pc}) is above reservedConcurrentExecutions (${reserved}): Lambda cannot allocate more provisioned concurrency than the function's reserved concurrency. ` +
        `Raise reservedConcurrentExecutions to at least ${pc}, or lower ${prop}.`,
      );
    }
  }
}
