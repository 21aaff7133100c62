/** An error shaped like the ones AWS SDK v3 clients throw: `name`, `$fault` and the HTTP status. */
export function awsError(name: string, status: number, fault = status >= 500 ? 'server' : 'client'): Error {
  return Object.assign(new Error(name), { name, $fault: fault, $metadata: { httpStatusCode: status } });
}
