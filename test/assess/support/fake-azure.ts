/**
 * A fake Azure Resource Manager + Resource Graph (+ Microsoft Graph getByIds) on 127.0.0.1, over
 * HTTPS with a certificate the test generates. It serves a `FakeTenant` in Azure's documented
 * response formats (the REST API specs' examples, cited in the fixtures), checks the bearer token,
 * and injects faults: 429/503 with Retry-After, an exhausted Resource Graph quota, a subscription the
 * caller may list but not read (403, and left out of Resource Graph as Azure does).
 *
 * Resource Graph: the query language is not reimplemented; the fake understands the clauses ailz
 * sends (`<table> | where <path> in~ ('a', 'b')` and `<path> =~ 'x'`, joined by `and`), and pages by
 * `$top` / `$skipToken` (ResourcesNextPageQuery.json).
 */
import { createServer, Server } from 'https';
import { IncomingMessage, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { makeTestCertificates, TestCertificates } from './cert';

export interface FakeSubscription {
  subscriptionId: string;
  displayName: string;
  /** Management group name the subscription sits in. */
  managementGroup: string;
  /** Listed by GET /subscriptions and the MG descendants, but unreadable: 403 on REST, absent from Resource Graph. */
  forbidden?: boolean;
}

export interface FakeTenant {
  tenantId: string;
  managementGroups: { name: string; displayName: string; parent?: string }[];
  subscriptions: FakeSubscription[];
  /** Resource Graph rows per table (resourcecontainers rows for subscriptions and MGs are added by the server). */
  tables: Record<string, any[]>;
  /** ARM list responses by lower-case path (no query string): the `value` array. */
  lists: Record<string, any[]>;
  /** ARM single GET responses by lower-case path. */
  objects?: Record<string, any>;
  /** Microsoft Graph directory objects by id (absent = deleted). */
  directory?: Record<string, any>;
}

export interface Fault {
  /** Matched against `METHOD path` (path lower-case, without query). */
  match: RegExp;
  /** How many matching requests get the fault. */
  times: number;
  status: number;
  headers?: Record<string, string>;
  /** The error code in the body. @default TooManyRequests for 429, else ServiceUnavailable */
  code?: string;
}

export interface FakeAzureOptions {
  tenant: FakeTenant;
  faults?: Fault[];
  /** Resource Graph page size (Azure: at most 1000). @default 1000 */
  graphPageSize?: number;
  /** ARM list page size before a nextLink. @default 1000 */
  listPageSize?: number;
  /** Resource Graph quota per window; when it reaches 0 the response says so. @default unlimited */
  graphQuota?: number;
  token?: string;
  certificates?: TestCertificates;
}

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
}

export class FakeAzure {
  readonly certs: TestCertificates;
  readonly requests: RecordedRequest[] = [];
  /** Highest number of requests in flight at once. */
  maxInFlight = 0;
  private inFlight = 0;
  private server?: Server;
  private quotaLeft: number;
  private readonly faults: Fault[];
  private readonly lists: Map<string, any[]>;
  private readonly objects: Map<string, any>;
  /** Resource Graph results by query and scope: pages are cut from one filtered result, as Azure pages one query. */
  private readonly graphResults = new Map<string, any[]>();

  constructor(private readonly opts: FakeAzureOptions) {
    this.certs = opts.certificates ?? makeTestCertificates();
    this.faults = (opts.faults ?? []).map((f) => ({ ...f }));
    this.quotaLeft = opts.graphQuota ?? Number.POSITIVE_INFINITY;
    this.lists = new Map(Object.entries(opts.tenant.lists).map(([k, v]) => [k.toLowerCase(), v]));
    this.objects = new Map(Object.entries(opts.tenant.objects ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  }

  get url(): string {
    const a = this.server?.address() as AddressInfo;
    return `https://127.0.0.1:${a.port}`;
  }

  async start(): Promise<string> {
    this.server = createServer({ key: this.certs.key, cert: this.certs.cert, keepAlive: true, noDelay: true } as any, (req, res) => {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      res.on('finish', () => this.inFlight--);
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        try {
          this.handle(req, res, Buffer.concat(chunks).toString('utf8'));
        } catch (e) {
          this.reply(req, res, 500, { error: { code: 'FakeServerError', message: (e as Error).message } });
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    (this.server as any).closeAllConnections?.();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Adds a fault to a running server (matched after the ones given at construction). */
  inject(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  /** Drops every fault not yet served. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  count(re: RegExp): number {
    return this.requests.filter((r) => re.test(`${r.method} ${r.path}`)).length;
  }

  private reply(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const path = new URL(req.url ?? '/', 'https://x').pathname.toLowerCase();
    this.requests.push({ method: req.method ?? 'GET', path, status });
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const u = new URL(req.url ?? '/', 'https://x');
    const path = u.pathname.toLowerCase();
    const method = req.method ?? 'GET';
    if (req.headers.authorization !== `Bearer ${this.opts.token ?? 'test-token'}`) {
      return this.reply(req, res, 401, { error: { code: 'AuthenticationFailed', message: 'Authentication failed. The Authorization header is missing or invalid.' } });
    }
    const fault = this.faults.find((f) => f.times > 0 && f.match.test(`${method} ${path}`));
    if (fault) {
      fault.times--;
      return this.reply(req, res, fault.status, { error: { code: fault.code ?? (fault.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable'), message: 'injected fault' } }, fault.headers);
    }
    if (method === 'POST' && path === '/providers/microsoft.resourcegraph/resources') return this.graph(req, res, JSON.parse(body));
    if (method === 'POST' && path === '/v1.0/directoryobjects/getbyids') return this.directory(req, res, JSON.parse(body));
    if (method !== 'GET') return this.reply(req, res, 405, { error: { code: 'MethodNotAllowed', message: method } });
    if (!u.searchParams.get('api-version')) {
      return this.reply(req, res, 400, { error: { code: 'MissingApiVersionParameter', message: "The api-version query parameter (?api-version=) is required for all requests." } });
    }
    const forbidden = this.opts.tenant.subscriptions.find((s) => s.forbidden && path.startsWith(`/subscriptions/${s.subscriptionId.toLowerCase()}`));
    if (forbidden) {
      return this.reply(req, res, 403, { error: { code: 'AuthorizationFailed', message: `The client does not have authorization to perform action over scope '/subscriptions/${forbidden.subscriptionId}' or the scope is invalid.` } });
    }
    if (path === '/subscriptions') return this.list(req, res, u, this.opts.tenant.subscriptions.map((s) => subscriptionObject(s, this.opts.tenant.tenantId)));
    const desc = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)\/descendants$/.exec(path);
    if (desc) return this.list(req, res, u, this.descendants(desc[1]));
    const group = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)$/.exec(path);
    if (group && !this.objects.has(path)) {
      const body = this.managementGroup(decodeURIComponent(group[1]), u.searchParams.get('$expand'));
      return body ? this.reply(req, res, 200, body) : this.reply(req, res, 404, { error: { code: 'NotFound', message: `'${group[1]}' not found` } });
    }
    if (this.lists.has(path)) return this.list(req, res, u, this.lists.get(path)!);
    if (this.objects.has(path)) return this.reply(req, res, 200, this.objects.get(path));
    // An ARM list under an existing resource with nothing configured is an empty list; anything else is unknown.
    if (/\/providers\/microsoft\.(insights\/diagnosticsettings|authorization\/role(assignment|eligibility)scheduleinstances|securityinsights\/alertrules)$/.test(path)
      || /\/providers\/microsoft\.cognitiveservices\/accounts\/[^/]+\/(deployments|raipolicies)$/.test(path)) {
      return this.list(req, res, u, []);
    }
    return this.reply(req, res, 404, { error: { code: 'ResourceNotFound', message: `The resource '${u.pathname}' was not found.` } });
  }

  private list(req: IncomingMessage, res: ServerResponse, u: URL, items: any[]): void {
    const size = this.opts.listPageSize ?? 1000;
    const skip = Number(u.searchParams.get('$skiptoken') ?? 0);
    const page = items.slice(skip, skip + size);
    const body: any = { value: page };
    if (skip + size < items.length) {
      const next = new URL(u.toString());
      next.searchParams.set('$skiptoken', String(skip + size));
      body.nextLink = `${this.url}${next.pathname}${next.search}`;
    }
    this.reply(req, res, 200, body);
  }

  private subscriptionsUnder(mg: string): Set<string> {
    const groups = new Set([mg.toLowerCase()]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const g of this.opts.tenant.managementGroups) {
        if (g.parent && groups.has(g.parent.toLowerCase()) && !groups.has(g.name.toLowerCase())) {
          groups.add(g.name.toLowerCase());
          grew = true;
        }
      }
    }
    return new Set(this.opts.tenant.subscriptions.filter((s) => groups.has(s.managementGroup.toLowerCase())).map((s) => s.subscriptionId.toLowerCase()));
  }

  /**
   * GET .../managementGroups/{mg} (Management Groups 2021-04-01, GetManagementGroupWithPath.json): with `$expand=path`,
   * `details.path` lists the groups from the root down to the parent, without the group itself.
   */
  private managementGroup(name: string, expand: string | null): any {
    const t = this.opts.tenant;
    const find = (n: string) => t.managementGroups.find((g) => g.name.toLowerCase() === n.toLowerCase());
    const g = find(name);
    if (!g) return undefined;
    const above: { name: string; displayName: string }[] = [];
    for (let p = g.parent ? find(g.parent) : undefined; p; p = p.parent ? find(p.parent) : undefined) above.unshift({ name: p.name, displayName: p.displayName });
    const parent = g.parent ? find(g.parent) : undefined;
    return {
      id: `/providers/Microsoft.Management/managementGroups/${g.name}`, type: 'Microsoft.Management/managementGroups', name: g.name,
      properties: {
        tenantId: t.tenantId, displayName: g.displayName,
        details: {
          version: 1, updatedTime: '2026-01-01T00:00:00.00Z', updatedBy: 'Test',
          ...(parent ? { parent: { id: `/providers/Microsoft.Management/managementGroups/${parent.name}`, name: parent.name, displayName: parent.displayName } } : {}),
          ...(expand === 'path' ? { path: above } : {}),
        },
      },
    };
  }

  /** GET .../managementGroups/{mg}/descendants (Management Groups 2020-05-01 getDescendants). */
  private descendants(mg: string): any[] {
    const subs = this.subscriptionsUnder(mg);
    return this.opts.tenant.subscriptions.filter((s) => subs.has(s.subscriptionId.toLowerCase())).map((s) => ({
      id: `/subscriptions/${s.subscriptionId}`,
      type: 'Microsoft.Management/managementGroups/subscriptions',
      name: s.subscriptionId,
      properties: { displayName: s.displayName, parent: { id: `/providers/Microsoft.Management/managementGroups/${s.managementGroup}` } },
    }));
  }

  private containers(): any[] {
    const t = this.opts.tenant;
    const chain = (mg: string): any[] => {
      const out: any[] = [];
      for (let g = t.managementGroups.find((x) => x.name === mg); g; g = g.parent ? t.managementGroups.find((x) => x.name === g!.parent) : undefined) {
        out.push({ displayName: g.displayName, name: g.name });
      }
      return out;
    };
    // Resource Graph `resourcecontainers` rows for subscriptions (properties.managementGroupAncestorsChain:
    // nearest group first) and management groups.
    return [
      ...t.subscriptions.map((s) => ({
        id: `/subscriptions/${s.subscriptionId}`, name: s.displayName, type: 'microsoft.resources/subscriptions', tenantId: t.tenantId,
        kind: '', location: '', resourceGroup: '', subscriptionId: s.subscriptionId, managedBy: '', sku: null, plan: null,
        properties: { state: 'Enabled', managementGroupAncestorsChain: chain(s.managementGroup), subscriptionPolicies: { quotaId: 'EnterpriseAgreement_2014-09-01', spendingLimit: 'Off', locationPlacementId: 'Public_2014-09-01' } },
        tags: {}, identity: null, zones: null, extendedLocation: null,
      })),
      ...t.managementGroups.map((g) => ({
        id: `/providers/Microsoft.Management/managementGroups/${g.name}`, name: g.name, type: 'microsoft.management/managementgroups', tenantId: t.tenantId,
        kind: '', location: '', resourceGroup: '', subscriptionId: '', managedBy: '', sku: null, plan: null,
        properties: { displayName: g.displayName, details: { parent: g.parent ? { name: g.parent } : null } },
        tags: {}, identity: null, zones: null, extendedLocation: null,
      })),
    ];
  }

  private graph(req: IncomingMessage, res: ServerResponse, body: any): void {
    if (this.quotaLeft <= 0) {
      this.quotaLeft = this.opts.graphQuota ?? Number.POSITIVE_INFINITY;
      return this.reply(req, res, 429, { error: { code: 'RateLimiting', message: 'Please provide below info when asking for support' } }, { 'retry-after': '5' });
    }
    this.quotaLeft--;
    const query: string = body.query ?? '';
    const cacheKey = JSON.stringify([query, body.managementGroups ?? null, body.subscriptions ?? null]);
    let rows = this.graphResults.get(cacheKey);
    if (!rows) {
      rows = this.graphQuery(query, body);
      this.graphResults.set(cacheKey, rows);
    }
    const top = Math.min(Number(body.options?.$top ?? 1000), this.opts.graphPageSize ?? 1000);
    const skip = body.options?.$skipToken ? Number(Buffer.from(body.options.$skipToken, 'base64').toString('utf8')) : 0;
    const page = rows.slice(skip, skip + top);
    const out: any = { totalRecords: rows.length, count: page.length, resultTruncated: 'false', facets: [], data: page };
    if (skip + top < rows.length) out.$skipToken = Buffer.from(String(skip + top), 'utf8').toString('base64');
    const remaining = Number.isFinite(this.quotaLeft) ? this.quotaLeft : 14;
    this.reply(req, res, 200, out, { 'x-ms-user-quota-remaining': String(remaining), 'x-ms-user-quota-resets-after': '00:00:05' });
  }

  private graphQuery(query: string, body: any): any[] {
    const [head, ...clauses] = query.split('|').map((s) => s.trim());
    const table = head.toLowerCase();
    let rows: any[] = table === 'resourcecontainers' ? this.containers() : this.opts.tenant.tables[table] ?? [];
    let visible: Set<string> | undefined;
    if (Array.isArray(body.managementGroups) && body.managementGroups.length) {
      visible = new Set<string>();
      for (const mg of body.managementGroups) for (const s of this.subscriptionsUnder(mg)) visible.add(s);
    } else if (Array.isArray(body.subscriptions) && body.subscriptions.length) {
      visible = new Set(body.subscriptions.map((s: string) => s.toLowerCase()));
    }
    const forbidden = new Set(this.opts.tenant.subscriptions.filter((s) => s.forbidden).map((s) => s.subscriptionId.toLowerCase()));
    rows = rows.filter((r) => {
      const sub = String(r.subscriptionId ?? '').toLowerCase();
      if (!sub) return true; // tenant-level rows (management groups)
      if (forbidden.has(sub)) return false; // Resource Graph leaves out what the caller cannot read
      return !visible || visible.has(sub);
    });
    for (const c of clauses) {
      const m = /^where\s+(.*)$/is.exec(c);
      if (!m) throw new Error(`fake Resource Graph: unsupported clause "${c}"`);
      const preds = m[1].split(/\s+and\s+/i).map(predicate);
      rows = rows.filter((r) => preds.every((p) => p(r)));
    }
    return rows;
  }

  private directory(req: IncomingMessage, res: ServerResponse, body: any): void {
    const dir = this.opts.tenant.directory ?? {};
    const value = (body.ids as string[]).map((id) => dir[id]).filter(Boolean);
    this.reply(req, res, 200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects', value });
  }
}

function at(obj: any, path: string): any {
  let v = obj;
  for (const k of path.split('.')) {
    if (v === null || v === undefined) return undefined;
    const key = Object.keys(v).find((x) => x.toLowerCase() === k.toLowerCase());
    v = key === undefined ? undefined : v[key];
  }
  return v;
}

function predicate(p: string): (row: any) => boolean {
  const inList = /^([\w.]+)\s+in~\s*\((.*)\)$/is.exec(p.trim());
  if (inList) {
    const values = [...inList[2].matchAll(/'([^']*)'/g)].map((x) => x[1].toLowerCase());
    return (r) => values.includes(String(at(r, inList[1]) ?? '').toLowerCase());
  }
  const eq = /^([\w.]+)\s+=~\s*'([^']*)'$/is.exec(p.trim());
  if (eq) return (r) => String(at(r, eq[1]) ?? '').toLowerCase() === eq[2].toLowerCase();
  throw new Error(`fake Resource Graph: unsupported predicate "${p}"`);
}

/** GET /subscriptions item (Subscriptions 2022-12-01, GetSubscriptions.json). */
function subscriptionObject(s: FakeSubscription, tenantId: string) {
  return {
    id: `/subscriptions/${s.subscriptionId}`, authorizationSource: 'RoleBased', managedByTenants: [], subscriptionId: s.subscriptionId,
    tenantId, displayName: s.displayName, state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'EnterpriseAgreement_2014-09-01', spendingLimit: 'Off' },
  };
}
