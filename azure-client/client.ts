/**
 * The one Azure REST client of ailz (`assess`, `policy pull`): HTTPS only, a bearer token from an
 * `@azure/identity` credential (cached until shortly before it expires), a retry loop that honours
 * `Retry-After` and Resource Graph's quota headers within a budget, on an injectable clock, a
 * concurrency limit, `nextLink` and `$skipToken` paging.
 *
 * Built on Node's `https` directly rather than `@azure/core-rest-pipeline`: a tenant of 50,000 AI
 * resources costs ~80,000 ARM reads, and the pipeline's per-request machinery (policy chain, header
 * objects, stream wrappers, abort plumbing) doubled the client's CPU per request (0.37 ms against
 * 0.17 ms for the same GET on the same keep-alive connection, docs/benchmarks.md). What the pipeline
 * gave us is kept: no token over plain HTTP (the endpoint must be https, a nextLink must stay on it),
 * token caching and refresh, the user agent, a per-attempt timeout.
 */
import { randomUUID } from 'crypto';
import { Agent, request as httpsRequest } from 'https';
import { createSecureContext, rootCertificates } from 'tls';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { ARM_API_VERSIONS } from '../azure/arm-api-versions';
import { backoffMs, Clock, DEFAULT_RETRY, isRetryableStatus, quotaReadyAt, realClock, RetryOptions, serverDelayMs } from './retry';

export type AzureErrorKind = 'auth' | 'forbidden' | 'not-found' | 'throttled' | 'network' | 'server' | 'client';

/** A request Azure answered with an error (after retries), or that never got an answer. */
export class AzureRequestError extends Error {
  constructor(
    message: string,
    readonly kind: AzureErrorKind,
    readonly url: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'AzureRequestError';
  }
}

export interface ArmClientOptions {
  /** ARM endpoint, e.g. `https://management.azure.com` (no trailing slash needed). Must be https. */
  readonly endpoint: string;
  /** The scope ARM tokens are requested for (`<endpoint>/.default`). */
  readonly scope: string;
  readonly credential: TokenCredential;
  /** @default the real clock */
  readonly clock?: Clock;
  /** Requests in flight at once. @default 16 */
  readonly concurrency?: number;
  readonly retry?: Partial<RetryOptions>;
  /** Extra trusted CA certificates (PEM), added to Node's roots: for a test server, never a switch-off of verification. */
  readonly ca?: string | readonly string[];
  /** Called after every HTTP response (retries included): progress and counters. */
  readonly onResponse?: (info: { method: string; url: string; status: number }) => void;
  /** @default 120 s per attempt */
  readonly timeoutMs?: number;
}

export interface ArmResult<T = any> {
  status: number;
  body: T;
  headers: { get(name: string): string | undefined };
}

/** A Resource Graph scope: management groups or subscriptions (neither: every subscription the caller can see). */
export interface GraphScope {
  managementGroups?: readonly string[];
  subscriptions?: readonly string[];
}

const AUTH_ERROR_NAMES = new Set(['CredentialUnavailableError', 'AuthenticationError', 'AggregateAuthenticationError', 'AuthenticationRequiredError']);
/** A token is renewed this long before it expires (Azure's own pipeline refreshes within 2 minutes; more margin for slow reads). */
const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
const USER_AGENT = `ailz/${(require('../package.json') as { version: string }).version} Node.js/${process.versions.node}`;
const SUBSCRIPTION_OF = /^\/subscriptions\/([^/?]+)/i;

interface RawResponse {
  status: number;
  text: string;
  headers: { get(name: string): string | undefined };
}

export class ArmClient {
  readonly endpoint: string;
  private readonly origin: string;
  private readonly host: string;
  private readonly port: number;
  private readonly agent: Agent;
  private readonly clock: Clock;
  private readonly retry: RetryOptions;
  private readonly limit: number;
  private active = 0;
  /** FIFO of requests waiting for a slot (head index: shift() on a long array is O(n)). */
  private waiting: (() => void)[] = [];
  private waitingHead = 0;
  /** Resource Graph: no query before this time (quota exhausted). */
  private graphReadyAt = 0;
  /**
   * ARM throttles per subscription (and per tenant for the rest): after a 429 for one, every request to it
   * waits for the Retry-After, instead of each request in flight discovering the throttle by itself.
   */
  private readonly throttledUntil = new Map<string, number>();
  private token?: AccessToken;
  private tokenRequest?: Promise<AccessToken>;
  /** Requests sent, retries included. */
  requests = 0;
  retries = 0;

  constructor(private readonly options: ArmClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    const u = new URL(this.endpoint);
    // The bearer token never travels over plain HTTP (what Azure's own bearer-token policy refuses too).
    if (u.protocol !== 'https:') throw new Error(`ArmClient: ${this.endpoint} is not an https endpoint; a bearer token is never sent over plain HTTP`);
    this.origin = u.origin;
    this.host = u.hostname;
    this.port = u.port ? Number(u.port) : 443;
    this.clock = options.clock ?? realClock;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.limit = Math.max(1, options.concurrency ?? 16);
    const extra = options.ca === undefined ? [] : typeof options.ca === 'string' ? [options.ca] : [...options.ca];
    // One secure context for the extra CA, built once: a `ca` option would make Node rebuild the TLS
    // context per connection and fold every root certificate into each request's agent key.
    const secureContext = extra.length ? createSecureContext({ ca: [...rootCertificates, ...extra] }) : undefined;
    this.agent = new Agent({ keepAlive: true, noDelay: true, maxSockets: this.limit, ...(secureContext ? { secureContext } : {}) });
  }

  /** Requests in flight at once. */
  get concurrency(): number {
    return this.limit;
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.agent.destroy();
  }

  /** An absolute URL on the ARM endpoint for `path` (which starts with `/`) and query parameters. */
  url(path: string, query: Record<string, string> = {}): string {
    const u = new URL(this.endpoint + path);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    return u.toString();
  }

  async get<T = any>(path: string, apiVersion: string, query: Record<string, string> = {}): Promise<ArmResult<T>> {
    return this.send<T>('GET', this.url(path, { ...query, 'api-version': apiVersion }));
  }

  /** Every item of a paged ARM list (`value` + `nextLink`). */
  async list<T = any>(path: string, apiVersion: string, query: Record<string, string> = {}): Promise<T[]> {
    let out: T[] | undefined;
    let url: string | undefined = this.url(path, { ...query, 'api-version': apiVersion });
    while (url) {
      const r: ArmResult = await this.send('GET', url);
      const value = r.body?.value;
      if (!Array.isArray(value)) throw new AzureRequestError(`unexpected response from ${redact(url)}: no "value" array`, 'server', url, r.status);
      // Most lists are one page: keep Azure's array instead of copying it.
      if (out === undefined) out = value;
      else for (const v of value) out.push(v);
      url = typeof r.body.nextLink === 'string' && r.body.nextLink ? this.sameOrigin(r.body.nextLink) : undefined;
    }
    return out ?? [];
  }

  /**
   * Every row of a Resource Graph query, all `$skipToken` pages, as objects (the unprojected rows of
   * `data`), handed to `onPage` page by page when given (nothing is kept here), else returned together.
   * Respects the quota headers before each page.
   */
  async resourceGraph(query: string, scope: GraphScope, options: Record<string, unknown> = {}, onPage?: (rows: any[]) => void): Promise<any[]> {
    const rows: any[] = [];
    let skipToken: string | undefined;
    const url = this.url('/providers/Microsoft.ResourceGraph/resources', { 'api-version': ARM_API_VERSIONS.resourceGraph });
    do {
      const body: Record<string, unknown> = {
        query,
        // 1000 rows is Resource Graph's largest page ("Working with large Azure resource data sets").
        options: { resultFormat: 'objectArray', $top: 1000, ...options, ...(skipToken ? { $skipToken: skipToken } : {}) },
      };
      if (scope.managementGroups?.length) body.managementGroups = scope.managementGroups;
      else if (scope.subscriptions?.length) body.subscriptions = scope.subscriptions;
      const r = await this.send('POST', url, body, true);
      if (!Array.isArray(r.body?.data)) throw new AzureRequestError('unexpected Resource Graph response: no "data" array', 'server', url, r.status);
      if (onPage) onPage(r.body.data);
      else for (const row of r.body.data) rows.push(row);
      skipToken = typeof r.body.$skipToken === 'string' && r.body.$skipToken ? r.body.$skipToken : undefined;
    } while (skipToken);
    return rows;
  }

  /** A nextLink must stay on the ARM endpoint: the bearer token is never sent anywhere else. */
  private sameOrigin(link: string): string {
    const u = new URL(link, this.endpoint);
    if (u.origin !== this.origin) {
      throw new AzureRequestError(`refusing to follow nextLink to ${u.origin}: not the ARM endpoint ${this.endpoint}`, 'server', link);
    }
    return u.toString();
  }

  private async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    if (this.waitingHead < this.waiting.length) {
      const next = this.waiting[this.waitingHead++];
      if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
        this.waiting = this.waiting.slice(this.waitingHead);
        this.waitingHead = 0;
      }
      next();
    } else {
      this.active--;
    }
  }

  /** The cached token, renewed shortly before it expires (one renewal at a time). */
  private async bearer(url: string): Promise<string> {
    const t = this.token;
    const renewAt = t ? (t.refreshAfterTimestamp ?? t.expiresOnTimestamp - TOKEN_REFRESH_MARGIN_MS) : 0;
    if (t && Date.now() < renewAt) return t.token;
    this.tokenRequest ??= (async () => {
      try {
        const got = await this.options.credential.getToken(this.options.scope);
        if (!got) throw Object.assign(new Error('the credential returned no token'), { name: 'CredentialUnavailableError' });
        this.token = got;
        return got;
      } finally {
        this.tokenRequest = undefined;
      }
    })();
    try {
      return (await this.tokenRequest).token;
    } catch (e) {
      // A token still valid for a while is better than failing the read: use it until it expires.
      if (t && Date.now() < t.expiresOnTimestamp - 30_000) return t.token;
      if (AUTH_ERROR_NAMES.has((e as Error)?.name)) {
        throw new AzureRequestError(`cannot get a token for ${this.options.scope}: ${firstLine((e as Error).message)}`, 'auth', url);
      }
      throw new AzureRequestError(`cannot get a token for ${this.options.scope}: ${firstLine((e as Error)?.message ?? String(e))}`, 'auth', url);
    }
  }

  /** Which ARM throttle a URL counts against: its subscription, or the tenant. */
  private throttleKey(url: string, graph: boolean): string {
    if (graph) return 'graph';
    const path = url.slice(this.origin.length);
    return SUBSCRIPTION_OF.exec(path)?.[1]?.toLowerCase() ?? 'tenant';
  }

  /** One HTTP exchange, no retries. */
  private exchange(method: 'GET' | 'POST', url: string, token: string, body: string | undefined): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        'user-agent': USER_AGENT,
        'x-ms-client-request-id': randomUUID(),
      };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(body));
      }
      const req = httpsRequest({ host: this.host, port: this.port, path: url.slice(this.origin.length) || '/', method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const h = res.headers;
          resolve({
            status: res.statusCode ?? 0,
            text: chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'),
            headers: { get: (name: string) => { const v = h[name.toLowerCase()]; return Array.isArray(v) ? v.join(', ') : v; } },
          });
        });
      });
      // The timeout is per attempt: a connection that never answers is retried, then reported.
      req.setTimeout(this.options.timeoutMs ?? 120_000, () => req.destroy(new Error(`no response within ${Math.round((this.options.timeoutMs ?? 120_000) / 1000)} s`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** One request with retries; resolves to a 2xx answer or throws AzureRequestError. */
  async send<T = any>(method: 'GET' | 'POST', url: string, body?: unknown, graph = false): Promise<ArmResult<T>> {
    if (!url.startsWith(`${this.origin}/`)) throw new AzureRequestError(`refusing to send a token to ${redact(url)}: not the endpoint ${this.endpoint}`, 'client', url);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const key = this.throttleKey(url, graph);
    await this.acquire();
    try {
      let waited = 0;
      for (let attempt = 0; ; attempt++) {
        const pausedUntil = Math.max(graph ? this.graphReadyAt : 0, this.throttledUntil.get(key) ?? 0);
        if (pausedUntil > this.clock.now()) {
          const d = pausedUntil - this.clock.now();
          waited += d;
          await this.clock.sleep(d);
        }
        const token = await this.bearer(url);
        let res: RawResponse | undefined;
        let failure: Error | undefined;
        try {
          this.requests++;
          res = await this.exchange(method, url, token, payload);
        } catch (e) {
          failure = e as Error;
        }
        if (res) {
          this.options.onResponse?.({ method, url, status: res.status });
          if (graph) {
            const ready = quotaReadyAt(res.headers, this.clock.now());
            if (ready !== undefined) this.graphReadyAt = Math.max(this.graphReadyAt, ready);
          }
          if (res.status >= 200 && res.status < 300) {
            return { status: res.status, body: parseBody(res.text, url) as T, headers: res.headers };
          }
          if (!isRetryableStatus(res.status)) throw errorFor(method, res, url);
        }
        if (attempt >= this.retry.maxRetries) {
          if (res) throw errorFor(method, res, url, attempt + 1);
          throw new AzureRequestError(`cannot reach ${this.origin}: ${firstLine(failure?.message ?? 'no response')} (after ${attempt + 1} attempts)`, 'network', url);
        }
        const hinted = res ? serverDelayMs(res.headers, this.clock.now()) : undefined;
        const delay = Math.min(this.retry.maxDelayMs, hinted ?? backoffMs(attempt, this.retry));
        if (waited + delay > this.retry.budgetMs) {
          if (res) throw errorFor(method, res, url, attempt + 1, `retry budget of ${Math.round(this.retry.budgetMs / 1000)} s exhausted`);
          throw new AzureRequestError(`cannot reach ${this.origin}: ${firstLine(failure?.message ?? 'no response')} (retry budget exhausted)`, 'network', url);
        }
        this.retries++;
        if (res?.status === 429) {
          // The pause applies to every request to this subscription; the top of the loop waits it out.
          this.throttledUntil.set(key, Math.max(this.throttledUntil.get(key) ?? 0, this.clock.now() + delay));
          continue;
        }
        waited += delay;
        await this.clock.sleep(delay);
      }
    } finally {
      this.release();
    }
  }
}

function parseBody(text: string, url: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new AzureRequestError(`response from ${redact(url)} is not JSON`, 'server', url);
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0].slice(0, 300);
}

/** The URL without its query string (no tokens or filters in messages). */
export function redact(url: string): string {
  return url.split('?')[0];
}

/** ARM's error body: `{ "error": { "code", "message" } }`. */
function errorFor(method: string, res: RawResponse, url: string, attempts?: number, extra?: string): AzureRequestError {
  let code: string | undefined;
  let message: string | undefined;
  try {
    const b = JSON.parse(res.text);
    code = b?.error?.code ?? b?.code;
    message = b?.error?.message ?? b?.message;
  } catch {
    // not JSON: keep the status alone
  }
  const kind: AzureErrorKind = res.status === 401 ? 'auth' : res.status === 403 ? 'forbidden' : res.status === 404 ? 'not-found'
    : res.status === 429 ? 'throttled' : res.status >= 500 ? 'server' : 'client';
  const tail = [attempts && attempts > 1 ? `after ${attempts} attempts` : '', extra ?? ''].filter(Boolean).join(', ');
  return new AzureRequestError(
    `${method} ${redact(url)}: HTTP ${res.status}${code ? ` ${code}` : ''}${message ? `: ${firstLine(message)}` : ''}${tail ? ` (${tail})` : ''}`,
    kind, url, res.status, code,
  );
}
