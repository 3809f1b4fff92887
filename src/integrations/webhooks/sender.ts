/**
 * One delivery attempt: a POST of the event JSON over node:http(s), through agents whose DNS
 * lookup refuses guarded addresses, with a whole-attempt timeout and no redirects followed. The
 * answer's body is read (bounded) and dropped; only its status and Retry-After matter.
 */
import http from 'node:http';
import https from 'node:https';
import { checkHost, guardedLookup, RefusedTargetError } from './address-guard.js';
import { isIP } from 'node:net';

export interface SendRequest {
  url: string;
  body: string;
  headers: Readonly<Record<string, string>>;
  /** Aborts the attempt (shutdown). */
  signal?: AbortSignal;
}

export type SendResult =
  | { kind: 'answered'; status: number; retryAfter: string | undefined; durationMs: number }
  | { kind: 'error'; error: string; durationMs: number }
  | { kind: 'aborted' };

export interface SenderOptions {
  timeoutMs: number;
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS: skip the address guard. */
  allowPrivateNetworks: boolean;
}

/** Most of a receiver's answer body read before the connection is dropped. */
const MAX_ANSWER_BYTES = 64 * 1024;

export class WebhookSender {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(private readonly options: SenderOptions) {
    const lookup = options.allowPrivateNetworks ? undefined : guardedLookup;
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8, lookup });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 8, lookup });
  }

  async send(request: SendRequest): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return { kind: 'error', error: 'invalid url', durationMs: 0 };
    }
    // Sockets to an IP literal skip the agent's lookup: check those here.
    if (!this.options.allowPrivateNetworks && isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0) {
      const refusal = await checkHost(url.hostname);
      if (refusal !== undefined) return { kind: 'error', error: refusal, durationMs: elapsed() };
    }
    const isHttps = url.protocol === 'https:';
    const transport = isHttps ? https : http;
    return new Promise<SendResult>((resolve) => {
      let settled = false;
      const finish = (result: SendResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const req = transport.request(url, {
        method: 'POST',
        agent: isHttps ? this.httpsAgent : this.httpAgent,
        headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body).toString() },
      });
      const timer = setTimeout(() => {
        req.destroy();
        finish({ kind: 'error', error: `timeout after ${this.options.timeoutMs} ms`, durationMs: elapsed() });
      }, this.options.timeoutMs);
      const onAbort = () => {
        req.destroy();
        finish({ kind: 'aborted' });
      };
      request.signal?.addEventListener('abort', onAbort);
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const header = res.headers['retry-after'];
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) res.destroy();
        });
        const done = () => {
          finish({ kind: 'answered', status, retryAfter: typeof header === 'string' ? header : undefined, durationMs: elapsed() });
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      });
      req.on('error', (err) => {
        finish({ kind: 'error', error: describe(err), durationMs: elapsed() });
      });
      req.end(request.body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

/** A connection error in a few words, without the URL (which may hold credentials). */
function describe(err: Error): string {
  if (err instanceof RefusedTargetError) return err.message;
  const code = 'code' in err && typeof err.code === 'string' ? err.code : '';
  return code === '' ? 'connection failed' : `connection failed (${code})`;
}
