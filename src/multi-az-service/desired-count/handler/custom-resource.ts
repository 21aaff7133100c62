/**
 * The CloudFormation custom resource protocol for a Lambda provider (CloudFormation User Guide:
 * "Custom resource request objects", "Custom resource response objects", and the request types
 * Create, Update, Delete): the request CloudFormation invokes the function with, and the response
 * the function PUTs to the request's pre-signed `ResponseURL`.
 */
import { request as httpRequest } from 'http';
import { request as httpsRequest } from 'https';

/** The request fields the provider uses. */
export interface CustomResourceRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly ResourceType?: string;
  /** Absent on Create. */
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  /** Update only: the properties before this update (on a stack rollback, the ones being rolled back from). */
  readonly OldResourceProperties?: Record<string, unknown>;
}

/** The response body (all fields the User Guide lists, NoEcho left at its default). */
export interface CustomResourceResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly Data?: Record<string, unknown>;
}

/** The response body may not exceed 4096 bytes; a failure reason is cut to this many characters. */
export const MAX_REASON_LENGTH = 1000;

/** Thrown for an event that is not a CloudFormation custom resource request. */
export class MalformedRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedRequest';
  }
}

const REQUEST_TYPES = ['Create', 'Update', 'Delete'];

/** Checks the envelope of a custom resource request (not its properties, which each provider reads itself). */
export function parseRequest(event: unknown): CustomResourceRequest {
  if (typeof event !== 'object' || event === null) throw new MalformedRequest('the event is not an object');
  const e = event as Record<string, unknown>;
  for (const key of ['ResponseURL', 'StackId', 'RequestId', 'LogicalResourceId']) {
    if (typeof e[key] !== 'string' || e[key] === '') throw new MalformedRequest(`${key} must be a non-empty string`);
  }
  if (!REQUEST_TYPES.includes(e.RequestType as string)) throw new MalformedRequest(`RequestType must be one of ${REQUEST_TYPES.join(', ')}, got ${JSON.stringify(e.RequestType)}`);
  if (e.RequestType !== 'Create' && (typeof e.PhysicalResourceId !== 'string' || e.PhysicalResourceId === '')) {
    throw new MalformedRequest(`PhysicalResourceId must be a non-empty string on ${e.RequestType}`);
  }
  const props = e.ResourceProperties;
  return {
    ...(e as unknown as CustomResourceRequest),
    ResourceProperties: typeof props === 'object' && props !== null ? (props as Record<string, unknown>) : {},
  };
}

/**
 * The physical ID: the one CloudFormation sent (Update, Delete), else one derived from the stack
 * and the logical ID, so that every response for the resource carries the same ID and an update
 * never reads as a replacement.
 */
export function physicalResourceId(request: Pick<CustomResourceRequest, 'PhysicalResourceId' | 'StackId' | 'LogicalResourceId'>): string {
  return request.PhysicalResourceId ?? `${request.StackId}/${request.LogicalResourceId}`;
}

/** A SUCCESS response with `data` for `Fn::GetAtt`. */
export function success(request: CustomResourceRequest, data?: Record<string, unknown>): CustomResourceResponse {
  return { Status: 'SUCCESS', PhysicalResourceId: physicalResourceId(request), StackId: request.StackId, RequestId: request.RequestId, LogicalResourceId: request.LogicalResourceId, Data: data };
}

/** A FAILED response: CloudFormation fails the resource with `reason` and rolls the stack back. */
export function failure(request: Pick<CustomResourceRequest, 'PhysicalResourceId' | 'StackId' | 'RequestId' | 'LogicalResourceId'>, reason: string): CustomResourceResponse {
  const cut = reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
  return { Status: 'FAILED', Reason: cut, PhysicalResourceId: physicalResourceId(request), StackId: request.StackId, RequestId: request.RequestId, LogicalResourceId: request.LogicalResourceId };
}

/**
 * PUTs `response` to the pre-signed `url`. The Content-Type header is sent empty, as the
 * CloudFormation `cfn-response` module does: the URL is signed without one. Rejects on a
 * network error or a status other than 2xx.
 */
export function sendResponse(url: string, response: CustomResourceResponse, timeoutMs: number): Promise<void> {
  const body = JSON.stringify(response);
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, {
      method: 'PUT',
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
      timeout: timeoutMs,
    }, (res) => {
      res.resume();
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else reject(Object.assign(new Error(`the response URL answered HTTP ${status}`), { $metadata: { httpStatusCode: status } }));
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer from the response URL within ${timeoutMs} ms`), { name: 'TimeoutError' })));
    req.on('error', reject);
    req.end(body);
  });
}
