/**
 * The one Azure REST client of ailz (`assess`, `policy pull`): Azure's own pipeline
 * (`@azure/core-rest-pipeline`, already a dependency of `@azure/identity`) with its bearer-token
 * policy, which refuses to send a token over plain HTTP, and ailz's retry loop on top (honours
 * `Retry-After` and Resource Graph's quota headers, bounded by a budget, on an injectable clock),
 * a concurrency limit, `nextLink` and `$skipToken` paging.
 */
import { Agent } from 'https';
import { createSecureContext, rootCertificates } from 'tls';
import type { TokenCredential } from '@azure/identity';
import {
  agentPolicy, bearerTokenAuthenticationPolicy, createDefaultHttpClient, createEmptyPipeline, createPipelineRequest,
  createHttpHeaders, HttpClient, Pipeline, PipelineResponse, userAgentPolicy,
} from '@azure/core-rest-pipeline';
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
  /** ARM endpoint, e.g. `https://management.azure.com` (no trailing slash needed). */
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

export class ArmClient {
  readonly endpoint: string;
  private readonly pipeline: Pipeline;
  private readonly http: HttpClient;
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
  /** Requests sent, retries included. */
  requests = 0;
  retries = 0;

  constructor(private readonly options: ArmClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.clock = options.clock ?? realClock;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.limit = Math.max(1, options.concurrency ?? 16);
    const extra = options.ca === undefined ? [] : typeof options.ca === 'string' ? [options.ca] : [...options.ca];
    // One secure context for the extra CA, built once: a `ca` option would make Node rebuild the TLS
    // context per connection and fold every root certificate into each request's agent key.
    const secureContext = extra.length ? createSecureContext({ ca: [...rootCertificates, ...extra] }) : undefined;
    this.agent = new Agent({ keepAlive: true, noDelay: true, maxSockets: this.limit, ...(secureContext ? { secureContext } : {}) });
    this.pipeline = createEmptyPipeline();
    this.pipeline.addPolicy(agentPolicy(this.agent));
    this.pipeline.addPolicy(userAgentPolicy({ userAgentPrefix: 'ailz' }));
    this.pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: options.credential, scopes: options.scope }));
    this.http = createDefaultHttpClient();
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
    const out: T[] = [];
    let url: string | undefined = this.url(path, { ...query, 'api-version': apiVersion });
    while (url) {
      const r: ArmResult = await this.send('GET', url);
      const value = r.body?.value;
      if (!Array.isArray(value)) throw new AzureRequestError(`unexpected response from ${redact(url)}: no "value" array`, 'server', url, r.status);
      out.push(...value);
      url = typeof r.body.nextLink === 'string' && r.body.nextLink ? this.sameOrigin(r.body.nextLink) : undefined;
    }
    return out;
  }

  /**
   * Every row of a Resource Graph query, all `$skipToken` pages concatenated, as objects (the
   * unprojected rows of `data`). Respects the quota headers before each page.
   */
  async resourceGraph(query: string, scope: GraphScope, options: Record<string, unknown> = {}): Promise<any[]> {
    const rows: any[] = [];
    let skipToken: string | undefined;
    const url = this.url('/providers/Microsoft.ResourceGraph/resources', { 'api-version': ARM_API_VERSIONS.resourceGraph });
    do {
      const body: Record<string, unknown> = {
        query,
        options: { resultFormat: 'objectArray', $top: 1000, ...options, ...(skipToken ? { $skipToken: skipToken } : {}) },
      };
      if (scope.managementGroups?.length) body.managementGroups = scope.managementGroups;
      else if (scope.subscriptions?.length) body.subscriptions = scope.subscriptions;
      const r = await this.send('POST', url, body, true);
      if (!Array.isArray(r.body?.data)) throw new AzureRequestError('unexpected Resource Graph response: no "data" array', 'server', url, r.status);
      rows.push(...r.body.data);
      skipToken = typeof r.body.$skipToken === 'string' && r.body.$skipToken ? r.body.$skipToken : undefined;
    } while (skipToken);
    return rows;
  }

  /** A nextLink must stay on the ARM endpoint: the bearer token is never sent anywhere else. */
  private sameOrigin(link: string): string {
    const u = new URL(link, this.endpoint);
    if (u.origin !== new URL(this.endpoint).origin) {
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

  /** One request with retries; resolves to a 2xx answer or throws AzureRequestError. */
  async send<T = any>(method: 'GET' | 'POST', url: string, body?: unknown, graph = false): Promise<ArmResult<T>> {
    await this.acquire();
    try {
      let waited = 0;
      for (let attempt = 0; ; attempt++) {
        if (graph && this.graphReadyAt > this.clock.now()) {
          const d = this.graphReadyAt - this.clock.now();
          waited += d;
          await this.clock.sleep(d);
        }
        let res: PipelineResponse | undefined;
        let failure: Error | undefined;
        // The timeout is ours, not the request's: the pipeline's HTTP client leaves its own timer running
        // when a connection fails (a TLS or DNS error), which would keep the process alive for minutes.
        const abort = new AbortController();
        const timer = setTimeout(() => abort.abort(), this.options.timeoutMs ?? 120_000);
        try {
          this.requests++;
          res = await this.pipeline.sendRequest(this.http, createPipelineRequest({
            url,
            method,
            abortSignal: abort.signal,
            headers: createHeaders(body !== undefined),
            body: body === undefined ? undefined : JSON.stringify(body),
          }));
        } catch (e) {
          if (AUTH_ERROR_NAMES.has((e as Error)?.name)) {
            throw new AzureRequestError(`cannot get a token for ${this.options.scope}: ${firstLine((e as Error).message)}`, 'auth', url);
          }
          failure = e as Error;
        } finally {
          clearTimeout(timer);
        }
        if (res) {
          this.options.onResponse?.({ method, url, status: res.status });
          if (graph) {
            const ready = quotaReadyAt(res.headers, this.clock.now());
            if (ready !== undefined) this.graphReadyAt = Math.max(this.graphReadyAt, ready);
          }
          if (res.status >= 200 && res.status < 300) {
            return { status: res.status, body: parseBody(res.bodyAsText ?? undefined, url) as T, headers: res.headers };
          }
          if (!isRetryableStatus(res.status)) throw errorFor(res, url);
        }
        if (attempt >= this.retry.maxRetries) {
          if (res) throw errorFor(res, url, attempt + 1);
          throw new AzureRequestError(`cannot reach ${new URL(url).origin}: ${firstLine(failure?.message ?? 'no response')} (after ${attempt + 1} attempts)`, 'network', url);
        }
        const hinted = res ? serverDelayMs(res.headers, this.clock.now()) : undefined;
        const delay = Math.min(this.retry.maxDelayMs, hinted ?? backoffMs(attempt, this.retry));
        if (waited + delay > this.retry.budgetMs) {
          if (res) throw errorFor(res, url, attempt + 1, `retry budget of ${Math.round(this.retry.budgetMs / 1000)} s exhausted`);
          throw new AzureRequestError(`cannot reach ${new URL(url).origin}: ${firstLine(failure?.message ?? 'no response')} (retry budget exhausted)`, 'network', url);
        }
        waited += delay;
        this.retries++;
        await this.clock.sleep(delay);
      }
    } finally {
      this.release();
    }
  }
}

function createHeaders(json: boolean) {
  return createHttpHeaders(json ? { accept: 'application/json', 'content-type': 'application/json' } : { accept: 'application/json' });
}

function parseBody(text: string | undefined, url: string): unknown {
  if (text === undefined || text === '') return undefined;
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
function errorFor(res: PipelineResponse, url: string, attempts?: number, extra?: string): AzureRequestError {
  let code: string | undefined;
  let message: string | undefined;
  try {
    const b = JSON.parse(res.bodyAsText ?? '');
    code = b?.error?.code ?? b?.code;
    message = b?.error?.message ?? b?.message;
  } catch {
    // not JSON: keep the status alone
  }
  const kind: AzureErrorKind = res.status === 401 ? 'auth' : res.status === 403 ? 'forbidden' : res.status === 404 ? 'not-found'
    : res.status === 429 ? 'throttled' : res.status >= 500 ? 'server' : 'client';
  const tail = [attempts && attempts > 1 ? `after ${attempts} attempts` : '', extra ?? ''].filter(Boolean).join(', ');
  return new AzureRequestError(
    `${res.request.method} ${redact(url)}: HTTP ${res.status}${code ? ` ${code}` : ''}${message ? `: ${firstLine(message)}` : ''}${tail ? ` (${tail})` : ''}`,
    kind, url, res.status, code,
  );
}
