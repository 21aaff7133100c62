/** What an AWS SDK v3 error carries that the hook looks at. */
interface SdkErrorShape {
  name?: string;
  code?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

const THROTTLING = /^(Throttling|ThrottlingException|ThrottledException|TooManyRequestsException|RequestLimitExceeded|Throttled|SlowDown|RequestThrottled|RequestThrottledException|ProvisionedThroughputExceededException|PriorRequestNotComplete)$/;
const NETWORK = /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|ECONNABORTED|UND_ERR_SOCKET)$/;

/**
 * Lambda API errors that mean the version cannot run, so retrying would not help: the function
 * is not ready or failed to be created, or its VPC networking, KMS key, SnapStart restore or
 * code package is broken.
 */
const CANNOT_RUN = /^(ResourceNotReadyException|EC2.*|ENI.*|KMS.*|Subnet.*|InvalidSubnetIDException|InvalidSecurityGroupIDException|InvalidRuntimeException|InvalidZipFileException|EFS.*|SnapStart.*|RecursiveInvocationException)$/;

function shape(e: unknown): SdkErrorShape {
  return typeof e === 'object' && e !== null ? (e as SdkErrorShape) : {};
}

/** Whether the version under test cannot run, judging from a Lambda API error. */
export function isCannotRunError(e: unknown): boolean {
  return CANNOT_RUN.test(shape(e).name ?? '');
}

/** Throttling, a server-side (5xx) fault or a dropped connection: worth another attempt. */
export function isRetryableError(e: unknown): boolean {
  const err = shape(e);
  if (isCannotRunError(e)) return false;
  if (err.name === 'AbortError' || err.name === 'DeadlineExceeded') return false;
  if (THROTTLING.test(err.name ?? '') || err.$retryable?.throttling || err.$metadata?.httpStatusCode === 429) return true;
  if (err.$fault === 'server' || (err.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  return NETWORK.test(err.code ?? '') || NETWORK.test(err.name ?? '') || err.name === 'TimeoutError';
}
