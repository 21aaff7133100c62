import { isCannotRunError, isRetryableLambdaHookError } from '../../../src/verification/lambda-hook/handler/aws-errors';
import { awsError } from '../../support/aws-error';

describe('Lambda hook errors', () => {
  test.each(['EC2ThrottledException', 'ENILimitReachedException', 'KMSDisabledException', 'SubnetIPAddressLimitReachedException', 'ResourceNotReadyException', 'InvalidRuntimeException'])(
    '%s means the version cannot run', (name) => {
      expect(isCannotRunError(awsError(name, 502))).toBe(true);
    });

  test.each([
    [awsError('ServiceException', 500), true],
    [awsError('TooManyRequestsException', 429), true],
    [awsError('EC2ThrottledException', 502), false],
    [awsError('ResourceNotReadyException', 502), false],
    [awsError('AccessDeniedException', 403), false],
  ])('%s retryable in the Lambda hook: %s', (error, retryable) => {
    expect(isRetryableLambdaHookError(error)).toBe(retryable);
  });
});
