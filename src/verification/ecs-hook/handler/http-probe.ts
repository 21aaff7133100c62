import * as http from 'node:http';
import * as https from 'node:https';
import type { HttpCheckSpec } from '../../http-check-spec';

/** Most response body bytes kept for `bodyContains`; the rest is read and dropped (MAX_HTTP_CHECK_BODY_BYTES, which synth checks against). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Where and how a check is sent. */
export interface ProbeTarget {
  readonly ip: string;
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS';
}

/** The outcome of one check against one target. */
export interface ProbeResult {
  readonly passed: boolean;
  readonly status?: number;
  readonly latencyMs: number;
  /** Why the check failed. */
  readonly reason?: string;
}

/** Judges a complete response against a check; returns the reason it fails, or undefined. */
export function judgeResponse(check: HttpCheckSpec, status: number, body: string, latencyMs: number): string | undefined {
  if (status !== check.expectStatus) return `status ${status}, expected ${check.expectStatus}`;
  if (check.bodyContains !== undefined && !body.includes(check.bodyContains)) {
    return `body does not contain ${JSON.stringify(check.bodyContains)}`;
  }
  if (latencyMs > check.maxLatencyMs) return `took ${latencyMs} ms, more than the ${check.maxLatencyMs} ms allowed`;
  return undefined;
}

/** `[v6]` for IPv6 addresses in a URL. */
function host(ip: string): string {
  return ip.includes(':') ? `[${ip}]` : ip;
}

/**
 * Sends one check to one target with Node's http/https module and judges the answer. The request
 * is abandoned after `timeoutMs` (the check's maximum latency or what is left of the hook's time,
 * whichever is shorter). Never rejects. HTTPS does not verify the certificate: targets are
 * addressed by private IP, which no certificate names.
 */
export function probe(target: ProbeTarget, check: HttpCheckSpec, timeoutMs: number): Promise<ProbeResult> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const url = `${target.protocol.toLowerCase()}://${host(target.ip)}:${target.port}${check.path}`;
  return new Promise((resolve) => {
    let settled = false;
    let req: http.ClientRequest | undefined;
    const timer = setTimeout(() => {
      finish({ passed: false, latencyMs: elapsed(), reason: `no complete response within ${timeoutMs} ms` });
    }, Math.max(0, timeoutMs));
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req?.destroy();
      resolve(result);
    };
    const headers: Record<string, string | number> = { ...check.headers };
    if (check.body !== undefined) headers['Content-Length'] = Buffer.byteLength(check.body);
    const options = { method: check.method, headers, agent: false as const, rejectUnauthorized: false };
    try {
      req = (target.protocol === 'HTTPS' ? https : http).request(url, options, (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (chunk: Buffer) => {
          if (kept < MAX_BODY_BYTES) {
            chunks.push(chunk);
            kept += chunk.length;
          }
        });
        res.on('end', () => {
          const latencyMs = elapsed();
          const status = res.statusCode ?? 0;
          const body = Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
          const reason = judgeResponse(check, status, body, latencyMs);
          finish({ passed: reason === undefined, status, latencyMs, reason });
        });
        res.on('error', (e) => finish({ passed: false, status: res.statusCode, latencyMs: elapsed(), reason: `response failed: ${e.message}` }));
      });
      req.on('error', (e: NodeJS.ErrnoException) => finish({ passed: false, latencyMs: elapsed(), reason: `request failed: ${e.code ?? e.message}` }));
      req.end(check.body);
    } catch (e) {
      finish({ passed: false, latencyMs: elapsed(), reason: `request could not be sent: ${(e as Error).message}` });
    }
  });
}
