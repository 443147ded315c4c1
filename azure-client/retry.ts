/**
 * When and how long to wait before retrying an Azure request. Pure functions over the response
 * headers and an injectable clock, so tests never sleep for real.
 *
 * Azure's rules: a 429 or 503 carries `Retry-After` (seconds or an HTTP date; ARM also sends
 * `x-ms-retry-after-ms`/`retry-after-ms`), "Throttling Resource Manager requests"
 * (learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling);
 * Resource Graph adds `x-ms-user-quota-remaining` and `x-ms-user-quota-resets-after` (hh:mm:ss) to
 * every response, "Guidance for throttled requests in Azure Resource Graph"
 * (learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests).
 */

/** Time, injectable: the real one sleeps, the tests' one advances instantly. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface RetryOptions {
  /** Retries after the first attempt. @default 6 */
  readonly maxRetries: number;
  /** First backoff when the server names no delay. @default 1000 ms */
  readonly baseDelayMs: number;
  /** Longest single wait, whatever the server asks. @default 60 s */
  readonly maxDelayMs: number;
  /** Total waiting allowed for one request across its retries. @default 5 min */
  readonly budgetMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 6, baseDelayMs: 1000, maxDelayMs: 60_000, budgetMs: 300_000 };

/** 408, 429 and 5xx except 501/505 are transient; everything else is an answer. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

type Headers = { get(name: string): string | undefined };

/** The delay the server asks for, in ms, or undefined when it names none. */
export function serverDelayMs(headers: Headers, nowMs: number): number | undefined {
  for (const h of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = headers.get(h);
    if (v !== undefined && /^\d+(\.\d+)?$/.test(v.trim())) return Math.ceil(Number(v));
  }
  const ra = headers.get('retry-after');
  if (ra !== undefined) {
    const t = ra.trim();
    if (/^\d+$/.test(t)) return Number(t) * 1000;
    const date = Date.parse(t);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  return undefined;
}

/** `hh:mm:ss` (Resource Graph's quota reset) in ms; undefined when malformed. */
export function parseHms(v: string | undefined): number | undefined {
  const m = v === undefined ? null : /^(\d+):(\d{2}):(\d{2})(?:\.\d+)?$/.exec(v.trim());
  return m ? ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 : undefined;
}

/**
 * Resource Graph quota: when the remaining quota is exhausted, the time (ms since epoch) before which
 * the next query would be throttled; undefined when queries may go on.
 */
export function quotaReadyAt(headers: Headers, nowMs: number): number | undefined {
  const remaining = headers.get('x-ms-user-quota-remaining');
  if (remaining === undefined || Number(remaining) > 0) return undefined;
  const reset = parseHms(headers.get('x-ms-user-quota-resets-after'));
  return nowMs + (reset ?? 5000);
}

/** Exponential backoff without a server hint: base * 2^attempt, capped. Deterministic. */
export function backoffMs(attempt: number, o: RetryOptions): number {
  return Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** attempt);
}
