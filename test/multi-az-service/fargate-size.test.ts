import { validateFargateSize } from '../../src/multi-az-service/fargate-size';

describe('validateFargateSize', () => {
  test.each([
    [256, 512], [256, 2048], [512, 1024], [512, 4096], [1024, 8192], [2048, 16384],
    [4096, 30720], [8192, 61440], [16384, 122880],
  ])('accepts cpu %i with %i MiB', (cpu, memory) => {
    expect(() => validateFargateSize(cpu, memory)).not.toThrow();
  });

  test('fails when the cpu is not a Fargate value', () => {
    expect(() => validateFargateSize(300, 1024)).toThrow(/cpu must be one of the Fargate CPU values 256, 512, .* got 300\. Use the nearest of those values, e\.g\. cpu: 512/);
  });

  test('fails when the memory does not go with the cpu', () => {
    expect(() => validateFargateSize(256, 4096)).toThrow(/memoryLimitMiB 4096 is not a Fargate size for cpu 256: .* 512, 1024, 2048 MiB/);
  });

  test('fails when the memory is off the step of a large cpu', () => {
    expect(() => validateFargateSize(8192, 20000)).toThrow(/16384 to 61440 in steps of 4096/);
  });
});
