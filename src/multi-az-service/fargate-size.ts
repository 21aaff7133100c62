/**
 * The task sizes Fargate accepts (Linux): for each CPU value (units), the memory values (MiB).
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 */
const FARGATE_MEMORY_BY_CPU: Record<number, number[]> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

/**
 * Throws unless Fargate runs a task with `cpu` units and `memoryLimitMiB` of memory.
 */
export function validateFargateSize(cpu: number, memoryLimitMiB: number): void {
  const memories = FARGATE_MEMORY_BY_CPU[cpu];
  if (!memories) {
    throw new Error(`cpu must be one of the Fargate CPU values ${Object.keys(FARGATE_MEMORY_BY_CPU).join(', ')} (units, 1024 = 1 vCPU), got ${cpu}. Use the nearest of those values, e.g. cpu: 512 (the default).`);
  }
  if (!memories.includes(memoryLimitMiB)) {
    throw new Error(
      `memoryLimitMiB ${memoryLimitMiB} is not a Fargate size for cpu ${cpu}: with that CPU Fargate takes ${describe(memories)} MiB. ` +
      'Change memoryLimitMiB or cpu.',
    );
  }
}

function describe(values: number[]): string {
  const step = values[1] - values[0];
  const uniform = values.every((v, i) => i === 0 || v - values[i - 1] === step);
  return uniform && values.length > 3
    ? `${values[0]} to ${values[values.length - 1]} in steps of ${step}`
    : values.join(', ');
}
