/** What an AWS SDK v3 error carries that the hooks look at. */
interface SdkErrorShape {
  name?: string;
  code?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

const THROTTLING = /^(Throttling|ThrottlingException|ThrottledException|TooManyRequestsException|RequestLimitExceeded|Throttled|SlowDown|RequestThrottled|RequestThrottledException|ProvisionedThroughputExceededException|PriorRequestNotComplete)$/;
const NETWORK = /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|ECONNABORTED|UND_ERR_SOCKET)$/;

/** The fields of an AWS SDK v3 error, or none for anything else thrown. */
export function sdkErrorShape(e: unknown): SdkErrorShape {
  return typeof e === 'object' && e !== null ? (e as SdkErrorShape) : {};
}

/** Throttling, a server-side (5xx) fault or a dropped connection: worth another attempt. */
export function isRetryableError(e: unknown): boolean {
  const err = sdkErrorShape(e);
  if (err.name === 'AbortError' || err.name === 'DeadlineExceeded') return false;
  if (THROTTLING.test(err.name ?? '') || err.$retryable?.throttling || err.$metadata?.httpStatusCode === 429) return true;
  if (err.$fault === 'server' || (err.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  return NETWORK.test(err.code ?? '') || NETWORK.test(err.name ?? '') || err.name === 'TimeoutError';
}
