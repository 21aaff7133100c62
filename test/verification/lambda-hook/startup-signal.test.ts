import { runtimeFamilyOf, startupSignalFor } from '../../../src/verification/lambda-hook/startup-signal';

describe('startupSignalFor', () => {
  test.each([
    ['nodejs22.x', 'Zip', true, /^Node\.js reports a start-up failure as a Runtime\.\* error/],
    ['nodejs18.x', 'Zip', true, /Runtime\.ImportModuleError/],
    ['python3.13', 'Zip', true, /^Python reports/],
    ['dotnet8', 'Zip', true, /LambdaException/],
    ['java21', 'Zip', false, /^Java reports start-up failures with the Java exception type/],
    ['java11', 'Zip', false, /INIT_REPORT line in the last 4 KB of the log/],
    ['ruby3.3', 'Zip', false, /^Ruby documents no error type/],
    ['provided.al2023', 'Zip', false, /^a custom runtime reports start-up failures with any error type/],
    ['provided.al2', 'Zip', false, /custom runtime/],
    ['go1.x', 'Zip', false, /custom runtime/],
    ['FROM_IMAGE', 'Image', false, /^a container image's error types come from the runtime client inside the image/],
    ['', 'Image', false, /container image/],
    ['nodejs22.x', 'Image', false, /container image/],
    ['', 'Zip', false, /^unknown runtime/],
  ] as const)('%s (%s): reliable %s', (runtime, packageType, reliable, reason) => {
    const signal = startupSignalFor(runtime, packageType);
    expect(signal.reliable).toBe(reliable);
    expect(signal.reason).toMatch(reason);
    expect(signal.reason).not.toMatch(/\n/);
  });

  test('families', () => {
    expect(runtimeFamilyOf('PYTHON3.12', 'Zip')).toBe('python');
    expect(runtimeFamilyOf('FROM_IMAGE', 'Zip')).toBe('image');
    expect(runtimeFamilyOf('cobol', 'Zip')).toBe('unknown');
  });
});
