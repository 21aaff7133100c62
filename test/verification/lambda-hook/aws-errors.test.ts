import { isCannotRunError, isRetryableLambdaHookError } from '../../../src/verification/lambda-hook/handler/aws-errors';
import { awsError } from '../../support/aws-error';

describe('Lambda hook errors', () => {
  test.each(['EC2ThrottledException', 'ENILimitReachedException', 'KMSDisabledException', 'SubnetIPAddressLimitReachedException', 'ResourceNotReadyException', 'InvalidRuntimeException'])(
    '%s means the version cannot run', (name) => {
      expect(isCannotRunError(awsError(name, 502))).toBe(true);
    });

  // status codes from the Lambda service model (Invoke errors): a failed SnapStart restore cannot run
  test.each([['SnapStartException', 400], ['SnapStartTimeoutException', 408]])('%s (%d) means the version cannot run, without retry', (name, status) => {
    expect(isCannotRunError(awsError(name, status))).toBe(true);
    expect(isRetryableLambdaHookError(awsError(name, status))).toBe(false);
  });

  // "invoke again when the function state becomes Active" / "wait a few moments and try the request again"
  test.each([['SnapStartNotReadyException', 409], ['ENINotReadyException', 502]])('%s (%d) is retried, not a verdict', (name, status) => {
    expect(isCannotRunError(awsError(name, status))).toBe(false);
    expect(isRetryableLambdaHookError(awsError(name, status))).toBe(true);
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
