import { isRetryableError, sdkErrorShape } from '../../common/handler/aws-errors';

/**
 * Lambda API errors that mean the version cannot run, so retrying would not help: the function
 * is not ready or failed to be created, or its VPC networking, KMS key, SnapStart restore or
 * code package is broken.
 */
const CANNOT_RUN = /^(ResourceNotReadyException|EC2.*|ENI.*|KMS.*|Subnet.*|InvalidSubnetIDException|InvalidSecurityGroupIDException|InvalidRuntimeException|InvalidZipFileException|EFS.*|SnapStart.*|RecursiveInvocationException)$/;

/** Whether the version under test cannot run, judging from a Lambda API error. */
export function isCannotRunError(e: unknown): boolean {
  return CANNOT_RUN.test(sdkErrorShape(e).name ?? '');
}

/**
 * A retryable AWS error ({@link isRetryableError}) that does not mean the version cannot run:
 * Lambda reports many of those with a 5xx status, and retrying them would not help.
 */
export function isRetryableLambdaHookError(e: unknown): boolean {
  return !isCannotRunError(e) && isRetryableError(e);
}
