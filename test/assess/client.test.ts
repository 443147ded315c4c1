import { ArmClient, AzureRequestError } from '../../azure-client/client';
import { parseHms, quotaReadyAt, serverDelayMs } from '../../azure-client/retry';
import { FakeAzure, FakeTenant } from './support/fake-azure';
import { FakeClock, staticCredential } from './support/clock';

const SUB = '11111111-1111-4111-8111-111111111111';
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({
  id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv${i}`, name: `kv${i}`,
  type: 'microsoft.keyvault/vaults', subscriptionId: SUB, properties: {},
}));
const tenant = (n = 0): FakeTenant => ({
  tenantId: 't', managementGroups: [{ name: 'root', displayName: 'Root' }],
  subscriptions: [{ subscriptionId: SUB, displayName: 'one', managementGroup: 'root' }],
  tables: { resources: rows(n) },
  lists: { [`/subscriptions/${SUB}/providers/microsoft.authorization/roleassignmentscheduleinstances`]: rows(5) },
});

async function withServer(opts: Partial<ConstructorParameters<typeof FakeAzure>[0]>, fn: (fake: FakeAzure, client: ArmClient, clock: FakeClock) => Promise<void>, clientOpts: any = {}) {
  const fake = new FakeAzure({ tenant: tenant(), ...opts });
  await fake.start();
  const clock = new FakeClock();
  const client = new ArmClient({ endpoint: fake.url, scope: `${fake.url}/.default`, credential: staticCredential(), clock, ca: fake.certs.ca, ...clientOpts });
  try {
    await fn(fake, client, clock);
  } finally {
    client.close();
    await fake.stop();
  }
}

describe('retry rules', () => {
  const h = (o: Record<string, string>) => ({ get: (n: string) => o[n] });
  it('reads Retry-After as seconds, as an HTTP date, and the -ms variants', () => {
    expect(serverDelayMs(h({ 'retry-after': '7' }), 0)).toBe(7000);
    expect(serverDelayMs(h({ 'retry-after': new Date(10_000).toUTCString() }), 4000)).toBe(6000);
    expect(serverDelayMs(h({ 'x-ms-retry-after-ms': '250' }), 0)).toBe(250);
    expect(serverDelayMs(h({}), 0)).toBeUndefined();
  });
  it('reads the Resource Graph quota headers (hh:mm:ss)', () => {
    expect(parseHms('00:01:05')).toBe(65_000);
    expect(quotaReadyAt(h({ 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': '00:00:03' }), 1000)).toBe(4000);
    expect(quotaReadyAt(h({ 'x-ms-user-quota-remaining': '3', 'x-ms-user-quota-resets-after': '00:00:03' }), 1000)).toBeUndefined();
  });
});

describe('ArmClient against the fake ARM server', () => {
  it('pages Resource Graph by $skipToken and returns every row', async () => {
    await withServer({ tenant: tenant(2500), graphPageSize: 1000 }, async (fake, client) => {
      const got = await client.resourceGraph("resources | where type in~ ('microsoft.keyvault/vaults')", {});
      expect(got).toHaveLength(2500);
      expect(new Set(got.map((r) => r.name)).size).toBe(2500);
      expect(fake.count(/^POST \/providers\/microsoft.resourcegraph\/resources$/)).toBe(3);
    });
  });

  it('honours Retry-After on 429 without sleeping for real, then succeeds', async () => {
    await withServer({ faults: [{ match: /^GET .*roleassignmentscheduleinstances/, times: 2, status: 429, headers: { 'retry-after': '17' } }] }, async (fake, client, clock) => {
      const items = await client.list(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignmentScheduleInstances`, '2020-10-01');
      expect(items).toHaveLength(5);
      expect(clock.sleeps).toEqual([17_000, 17_000]);
      expect(fake.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    });
  });

  it('backs off exponentially on 503 without Retry-After, and gives up when the budget is spent', async () => {
    await withServer({ faults: [{ match: /roleassignmentscheduleinstances/, times: 100, status: 503 }] }, async (_fake, client, clock) => {
      const err = await client.list(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignmentScheduleInstances`, '2020-10-01').catch((e) => e);
      expect(err).toBeInstanceOf(AzureRequestError);
      expect(err.kind).toBe('server');
      expect(err.message).toMatch(/HTTP 503.*retry budget of 10 s exhausted/);
      expect(clock.sleeps).toEqual([1000, 2000, 4000]);
    }, { retry: { budgetMs: 10_000 } });
  });

  it('waits for the Resource Graph quota to reset before the next page', async () => {
    await withServer({ tenant: tenant(30), graphPageSize: 10, graphQuota: 2 }, async (_fake, client, clock) => {
      const got = await client.resourceGraph("resources | where type in~ ('microsoft.keyvault/vaults')", {});
      expect(got).toHaveLength(30);
      // After the 2nd page the quota header says 0 remaining, reset in 5 s: the client waits before asking again.
      expect(clock.sleeps).toContain(5000);
    });
  });

  it('follows nextLink pages of ARM lists', async () => {
    await withServer({ listPageSize: 2 }, async (fake, client) => {
      const items = await client.list(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignmentScheduleInstances`, '2020-10-01');
      expect(items).toHaveLength(5);
      expect(fake.count(/roleassignmentscheduleinstances/)).toBe(3);
    });
  });

  it('reports 401 as an authentication error and 404 as not found, without retrying', async () => {
    await withServer({ token: 'another-token' }, async (fake, client) => {
      const err = await client.get('/subscriptions', '2022-12-01').catch((e) => e);
      expect(err.kind).toBe('auth');
      expect(fake.requests).toHaveLength(1);
    });
    await withServer({}, async (_fake, client) => {
      const err = await client.get(`/subscriptions/${SUB}/nothing`, '2022-12-01').catch((e) => e);
      expect(err.kind).toBe('not-found');
      expect(err.message).toMatch(/HTTP 404 ResourceNotFound/);
    });
  });

  it('never sends the token over an untrusted TLS connection (no CA given: the request fails)', async () => {
    await withServer({}, async (fake, _client, clock) => {
      const untrusting = new ArmClient({ endpoint: fake.url, scope: 'x', credential: staticCredential(), clock, retry: { maxRetries: 0 } });
      const err = await untrusting.get('/subscriptions', '2022-12-01').catch((e) => e);
      untrusting.close();
      expect(err.kind).toBe('network');
      expect(err.message).toMatch(/certificate/);
      expect(fake.requests).toHaveLength(0);
    });
  });

  it('refuses a nextLink that leaves the ARM endpoint', async () => {
    const t = tenant();
    await withServer({ tenant: t }, async (fake, client) => {
      (fake as any).list = (req: any, res: any) => (fake as any).reply(req, res, 200, { value: [1], nextLink: 'https://evil.example/steal' });
      const err = await client.list('/subscriptions', '2022-12-01').catch((e) => e);
      expect(err.message).toMatch(/refusing to follow nextLink to https:\/\/evil.example/);
    });
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    await withServer({}, async (fake, client) => {
      await Promise.all(Array.from({ length: 40 }, () => client.get('/subscriptions', '2022-12-01')));
      expect(fake.maxInFlight).toBeLessThanOrEqual(4);
      expect(fake.requests).toHaveLength(40);
    }, { concurrency: 4 });
  });

  it('asks the credential once and reuses the token until shortly before it expires', async () => {
    let calls = 0;
    let expiresInMs = 3600_000;
    const credential = { getToken: async () => { calls++; return { token: 'test-token', expiresOnTimestamp: Date.now() + expiresInMs }; } };
    await withServer({}, async (_fake, client) => {
      await Promise.all(Array.from({ length: 10 }, () => client.get('/subscriptions', '2022-12-01')));
      expect(calls).toBe(1);
    }, { credential });
    calls = 0;
    expiresInMs = 60_000; // inside the renewal margin: every request renews it
    await withServer({}, async (_fake, client) => {
      await client.get('/subscriptions', '2022-12-01');
      await client.get('/subscriptions', '2022-12-01');
      expect(calls).toBe(2);
    }, { credential });
  });

  it('after a 429 for one subscription, later requests to it wait for the Retry-After; other subscriptions do not', async () => {
    const OTHER = '22222222-2222-4222-8222-222222222222';
    const t = tenant();
    t.subscriptions.push({ subscriptionId: OTHER, displayName: 'two', managementGroup: 'root' });
    t.lists[`/subscriptions/${OTHER}/providers/microsoft.authorization/roleassignmentscheduleinstances`] = rows(1);
    // A clock that records sleeps without moving time: a pause still in force is visible as a second sleep.
    const sleeps: number[] = [];
    const still = { now: () => 1_000_000, sleep: async (ms: number) => { sleeps.push(ms); } };
    const path = (sub: string) => `/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignmentScheduleInstances`;
    const fake = new FakeAzure({ tenant: t, faults: [{ match: new RegExp(`^GET /subscriptions/${SUB}/`), times: 1, status: 429, headers: { 'retry-after': '10' } }] });
    await fake.start();
    const client = new ArmClient({ endpoint: fake.url, scope: 'x', credential: staticCredential(), clock: still, ca: fake.certs.ca });
    try {
      await client.list(path(SUB), '2020-10-01');
      expect(sleeps).toEqual([10_000]);
      await client.list(path(OTHER), '2020-10-01');
      expect(sleeps).toEqual([10_000]);
      await client.list(path(SUB), '2020-10-01');
      expect(sleeps).toEqual([10_000, 10_000]);
      expect(fake.requests.map((r) => r.status)).toEqual([429, 200, 200, 200]);
    } finally {
      client.close();
      await fake.stop();
    }
  });

  it('never sends a token over plain HTTP or to another origin', async () => {
    expect(() => new ArmClient({ endpoint: 'http://127.0.0.1:1', scope: 'x', credential: staticCredential() })).toThrow(/not an https endpoint/);
    await withServer({}, async (fake, client) => {
      const err = await client.send('GET', 'https://evil.example/subscriptions?api-version=1').catch((e) => e);
      expect(err.message).toMatch(/refusing to send a token to https:\/\/evil.example\/subscriptions/);
      expect(fake.requests).toHaveLength(0);
    });
  });
});
