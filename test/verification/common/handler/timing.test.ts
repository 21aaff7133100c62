import { isRetryableError } from '../../../../src/verification/common/handler/aws-errors';
import { Deadline, DeadlineExceeded, retry } from '../../../../src/verification/common/handler/timing';
import { awsError } from '../../../support/aws-error';

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
