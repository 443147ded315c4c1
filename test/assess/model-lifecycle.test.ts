/**
 * Model lifecycle of live deployments (AILZ-OAI-013): the deployment ARM list (documented format) judged with
 * the catalog's function (azure/models.ts) on the account's region and the --as-of date. The expectations are
 * Microsoft's published facts the catalog records, not ailz's code restated: gpt-4o-mini 2024-07-18 retires for
 * Standard deployments on 2026-03-31 (model retirement table); gpt-5.5 2026-04-24 is offered as DataZoneStandard
 * in eastus2, polandcentral, southcentralus and swedencentral only (availability matrix).
 */
import { mkdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { assess } from '../../assess/assess';
import { Snapshot, writeSnapshot } from '../../assess/snapshot';
import { runCli } from '../../cli/main';
import { TEST_AS_OF } from '../as-of';
import { tempDir } from '../cli/helpers';
import { deployment, graphRow, Json, secureAccount } from './fixtures/arm';

const SUB = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';

function snapshotOf(account: Json, deployments: Json[]): Snapshot {
  return {
    manifest: { formatVersion: 1, cloud: 'AzureCloud', tenantId: 't', scope: {}, exportedAt: '2026-09-01T00:00:00Z', subscriptions: { seen: [{ subscriptionId: SUB, displayName: 'one' }], unreadable: [] } },
    tables: { resources: [graphRow(account, 't')], resourcecontainers: [], authorizationresources: [], policyresources: [], securityresources: [] },
    rest: { deployments: { [account.id.toLowerCase()]: deployments }, raiPolicies: {}, diagnosticSettings: {} },
  };
}
const lifecycle = (s: Snapshot, asOf?: string) => assess(s, { asOf }).findings.filter((f) => f.rule === 'AILZ-OAI-013')
  .map((f) => ({ severity: f.severity, deployment: f.resourceId.split('/').pop(), property: f.evidence?.property, message: f.message }));

const acct = (location = 'swedencentral') => secureAccount(SUB, 'rg-a', 'oai-a', { location });
const mini = (a: Json) => deployment(a.id, 'mini', { sku: { name: 'Standard' }, properties: { model: { name: 'gpt-4o-mini', version: '2024-07-18' } } });

describe('AILZ-OAI-013 on live deployments', () => {
  it('a version retired for its SKU is an error from the retirement date on; the day before it is a warning', () => {
    const s = snapshotOf(acct(), [mini(acct())]);
    expect(lifecycle(s, '2026-03-31')).toEqual([
      { severity: 'error', deployment: 'mini', property: 'properties.model.version', message: expect.stringMatching(/^gpt-4o-mini 2024-07-18 is retired for Standard deployments since 2026-03-31/) },
    ]);
    expect(lifecycle(s, '2026-03-30')).toEqual([
      { severity: 'warning', deployment: 'mini', property: 'properties.model.version', message: expect.stringMatching(/^gpt-4o-mini 2024-07-18 is deprecated/) },
      { severity: 'warning', deployment: 'mini', property: 'properties.model.version', message: expect.stringMatching(/^gpt-4o-mini 2024-07-18 retires for Standard deployments on 2026-03-31, in 1 day/) },
    ]);
  });

  it('a current version in a region that does not offer it as that SKU is an error naming the location', () => {
    const a = acct('japaneast');
    expect(lifecycle(snapshotOf(a, [deployment(a.id, 'chat')]), TEST_AS_OF)).toEqual([
      { severity: 'error', deployment: 'chat', property: 'location', message: expect.stringMatching(/^gpt-5.5 2026-04-24 is not offered as DataZoneStandard in japaneast .*DataZoneStandard regions: eastus2, polandcentral, southcentralus, swedencentral/) },
    ]);
    const b = acct('swedencentral');
    expect(lifecycle(snapshotOf(b, [deployment(b.id, 'chat')]), TEST_AS_OF)).toEqual([]);
  });

  it('a deployment without a model version is a warning, never a pass', () => {
    const a = acct();
    const [f] = lifecycle(snapshotOf(a, [deployment(a.id, 'chat', { properties: { model: { version: undefined } } })]), TEST_AS_OF);
    expect(f).toMatchObject({ severity: 'warning', message: expect.stringMatching(/model lifecycle cannot be judged: .*properties.model.version null/) });
  });

  it('is judged on the snapshot\'s read date unless an as-of date is given, and the report says which', () => {
    const s = snapshotOf(acct(), [mini(acct())]);
    expect(assess(s).asOf).toBe('2026-09-01');
    expect(assess(s, { asOf: '2026-03-30' }).asOf).toBe('2026-03-30');
  });

  it('ailz assess --as-of (default $AILZ_AS_OF) judges on that date; a bad date is a usage error', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'export'));
    writeSnapshot(join(dir, 'export'), snapshotOf(acct(), [mini(acct())]));
    const run = async (args: string[], env?: string) => {
      const saved = process.env.AILZ_AS_OF;
      if (env === undefined) delete process.env.AILZ_AS_OF;
      else process.env.AILZ_AS_OF = env;
      const err: string[] = [];
      try {
        const code = await runCli(['assess', '--from-export', join(dir, 'export'), '--fail-on', 'none', ...args], { out: () => undefined, err: (t) => err.push(t) });
        return { code, stderr: err.join('\n') };
      } finally {
        if (saved === undefined) delete process.env.AILZ_AS_OF;
        else process.env.AILZ_AS_OF = saved;
      }
    };
    const out = join(dir, 'r.json');
    const severities = () => JSON.parse(readFileSync(out, 'utf8')).findings.filter((f: any) => f.rule === 'AILZ-OAI-013').map((f: any) => f.severity);
    expect((await run(['--out', out], '2026-03-30')).code).toBe(0);
    expect(severities()).toEqual(['warning', 'warning']);
    expect((await run(['--out', out, '--as-of', TEST_AS_OF], '2026-03-30')).code).toBe(0);
    expect(severities()).toEqual(['error']);
    expect(JSON.parse(readFileSync(out, 'utf8')).asOf).toBe(TEST_AS_OF);
    expect(await run(['--as-of', '2026-02-30'])).toEqual({ code: 2, stderr: expect.stringMatching(/--as-of "2026-02-30": expected a date YYYY-MM-DD/) });
    expect(await run([], 'tomorrow')).toEqual({ code: 2, stderr: expect.stringMatching(/AILZ_AS_OF "tomorrow": expected a date YYYY-MM-DD/) });
  });
});
