import { isCannotRunError, isRetryableError } from '../../../src/verification/lambda-hook/handler/aws-errors';
import { hookDeadlines } from '../../../src/verification/lambda-hook/handler/hook';
import { Deadline, DeadlineExceeded, retry } from '../../../src/verification/lambda-hook/handler/timing';

function awsError(name: string, status: number, fault = status >= 500 ? 'server' : 'client') {
  return Object.assign(new Error(name), { name, $fault: fault, $metadata: { httpStatusCode: status } });
}

describe('retry', () => {
  test('retries retryable errors until success', async () => {
    let calls = 0;
    const retries: number[] = [];
    const value = await retry(async () => {
      if (++calls < 3) throw awsError('ServiceException', 500);
      return 'ok';
    }, { deadline: Deadline.in(5000), retryable: isRetryableError, baseDelayMs: 1, onRetry: (_e, attempt) => retries.push(attempt) });
    expect(value).toBe('ok');
    expect(retries).toEqual([1, 2]);
  });

  test('does not retry other errors', async () => {
    let calls = 0;
    await expect(retry(async () => {
      calls++;
      throw awsError('AccessDeniedException', 403);
    }, { deadline: Deadline.in(5000), retryable: isRetryableError })).rejects.toThrow('AccessDeniedException');
    expect(calls).toBe(1);
  });

  test('aborts an attempt at the deadline', async () => {
    const started = Date.now();
    await expect(retry((signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))), {
      deadline: Deadline.in(100), retryable: () => true,
    })).rejects.toBeInstanceOf(DeadlineExceeded);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('gives up once the next back-off would pass the deadline', async () => {
    let calls = 0;
    await expect(retry(async () => {
      calls++;
      throw awsError('ThrottlingException', 400);
    }, { deadline: Deadline.in(300), retryable: isRetryableError, baseDelayMs: 1000, maxDelayMs: 1000 })).rejects.toThrow('ThrottlingException');
    expect(calls).toBeLessThan(4);
  });
});

describe('error classes', () => {
  test.each([
    [awsError('TooManyRequestsException', 429), true],
    [awsError('ThrottlingException', 400), true],
    [awsError('ServiceException', 500), true],
    [awsError('InternalFailure', 503), true],
    [Object.assign(new Error('reset'), { code: 'ECONNRESET' }), true],
    [awsError('AccessDeniedException', 403), false],
    [awsError('ResourceNotFoundException', 404), false],
    [awsError('EC2ThrottledException', 502), false],
    [awsError('ResourceNotReadyException', 502), false],
  ])('%s retryable: %s', (error, retryable) => {
    expect(isRetryableError(error)).toBe(retryable);
  });

  test.each(['EC2ThrottledException', 'ENILimitReachedException', 'KMSDisabledException', 'SubnetIPAddressLimitReachedException', 'ResourceNotReadyException', 'InvalidRuntimeException'])(
    '%s means the version cannot run', (name) => {
      expect(isCannotRunError(awsError(name, 502))).toBe(true);
    });
});

describe('hookDeadlines', () => {
  test('keeps the report margin before a full timeout', () => {
    const now = Date.now();
    const { work, report } = hookDeadlines(900_000);
    expect(work.at - now).toBeGreaterThanOrEqual(880_000 - 50);
    expect(work.at - now).toBeLessThanOrEqual(880_000 + 50);
    expect(report.at - now).toBeGreaterThanOrEqual(898_000 - 50);
    expect(report.at - now).toBeLessThanOrEqual(898_000 + 50);
  });

  test('keeps at most a quarter of a short remaining time', () => {
    const now = Date.now();
    const { work, report } = hookDeadlines(2000);
    expect(work.at - now).toBeGreaterThanOrEqual(1450);
    expect(work.at - now).toBeLessThanOrEqual(1550);
    expect(report.at).toBeGreaterThan(work.at);
    expect(report.at - now).toBeLessThan(2000);
  });
});
