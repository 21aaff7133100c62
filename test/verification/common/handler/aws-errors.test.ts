import { isRetryableError } from '../../../../src/verification/common/handler/aws-errors';
import { awsError } from '../../../support/aws-error';

describe('isRetryableError', () => {
  test.each([
    [awsError('TooManyRequestsException', 429), true],
    [awsError('ThrottlingException', 400), true],
    [awsError('ServiceException', 500), true],
    [awsError('InternalFailure', 503), true],
    [Object.assign(new Error('reset'), { code: 'ECONNRESET' }), true],
    [awsError('AccessDeniedException', 403), false],
    [awsError('ResourceNotFoundException', 404), false],
    [Object.assign(new Error('aborted'), { name: 'AbortError' }), false],
    [new Error('unexpected'), false],
    ['not an error', false],
  ])('%s retryable: %s', (error, retryable) => {
    expect(isRetryableError(error)).toBe(retryable);
  });
});
