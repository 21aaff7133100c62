import { isRetryableError, sdkErrorShape } from '../../common/handler/aws-errors';

/**
 * Lambda API errors that mean the version cannot run, so retrying would not help: the function
 * is not ready or failed to be created, or its VPC networking, KMS key, SnapStart restore or
 * code package is broken.
 */
const CANNOT_RUN = /^(ResourceNotReadyException|EC2.*|ENI.*|KMS.*|Subnet.*|InvalidSubnetIDException|InvalidSecurityGroupIDException|InvalidRuntimeException|InvalidZipFileException|EFS.*|SnapStart.*|RecursiveInvocationException)$/;

/**
 * Lambda API errors that say "not ready yet, invoke again" (Invoke API reference):
 * `SnapStartNotReadyException` (409, "Lambda is initializing your function. You can invoke the
 * function when the function state becomes Active") and `ENINotReadyException` ("Wait a few
 * moments and try the request again"). Retried within the deadline, then the check fails.
 */
const NOT_READY = /^(SnapStartNotReadyException|ENINotReadyException)$/;

/** Whether the version under test cannot run, judging from a Lambda API error. */
export function isCannotRunError(e: unknown): boolean {
  const name = sdkErrorShape(e).name ?? '';
  return !NOT_READY.test(name) && CANNOT_RUN.test(name);
}

/**
 * A retryable AWS error ({@link isRetryableError}) that does not mean the version cannot run:
 * Lambda reports many of those with a 5xx status, and retrying them would not help.
 */
export function isRetryableLambdaHookError(e: unknown): boolean {
  if (NOT_READY.test(sdkErrorShape(e).name ?? '')) return true;
  return !isCannotRunError(e) && isRetryableError(e);
}
