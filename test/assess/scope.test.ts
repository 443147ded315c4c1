/**
 * What a real tenant costs: per-resource ARM reads are made only for the resources assess judges (AI resources,
 * and the vaults, storage and registries that sit with them or that they name), and deployments and content
 * filters only for accounts that can hold them (Azure OpenAI, AI Services). A tenant's other vaults cost one
 * Resource Graph row each. Also: the JSON report written in pieces is byte for byte the one-string report.
 */
import { ArmClient } from '../../azure-client/client';
import { collect } from '../../assess/collect';
import { assess } from '../../assess/assess';
import { formatReport, jsonChunks } from '../../assess/report';
import { FakeAzure, FakeTenant } from './support/fake-azure';
import { FakeClock, staticCredential } from './support/clock';
import { graphRow, secureAccount, secureStorage, secureVault, secureWorkspace } from './fixtures/arm';
import { TEST_AS_OF } from '../as-of';

const SUB = '6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e';
const T = 't0000000-0000-4000-8000-000000000000';

function tenant(): FakeTenant {
  const oai = secureAccount(SUB, 'rg-ai', 'oai-1');
  const speech = secureAccount(SUB, 'rg-ai', 'speech-1', { kind: 'SpeechServices' });
  const kvWithAi = secureVault(SUB, 'rg-ai', 'kv-ai');
  // A workspace in its own group names a storage account elsewhere: that account is judged too.
  const stNamed = secureStorage(SUB, 'rg-data', 'stnamed');
  const mlw = secureWorkspace(SUB, 'rg-ml', 'mlw-1', { keyVault: `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.KeyVault/vaults/none`, storage: stNamed.id, registry: '' });
  const unrelated = [secureVault(SUB, 'rg-app', 'kv-app'), secureStorage(SUB, 'rg-app', 'stapp')];
  return {
    tenantId: T,
    managementGroups: [{ name: T, displayName: 'Tenant Root Group' }],
    subscriptions: [{ subscriptionId: SUB, displayName: 'one', managementGroup: T }],
    tables: { resources: [oai, speech, kvWithAi, stNamed, mlw, ...unrelated].map((r) => graphRow(r, T)) },
    lists: {},
  };
}

describe('collect reads per resource only what assess judges', () => {
  let fake: FakeAzure;
  beforeAll(async () => {
    fake = new FakeAzure({ tenant: tenant() });
    await fake.start();
  });
  afterAll(() => fake.stop());

  it('diagnostic settings of AI resources and their dependencies only; deployments and RAI policies of OpenAI accounts only', async () => {
    const arm = new ArmClient({ endpoint: fake.url, scope: 'x', credential: staticCredential(), clock: new FakeClock(), ca: fake.certs.ca });
    const snapshot = await collect({ arm, scope: { subscriptions: [SUB] }, cloud: 'AzureCloud' });
    arm.close();
    const reads = (re: RegExp) => fake.requests.filter((r) => re.test(r.path)).map((r) => r.path.split('/providers/')[1].split('/')[1]).sort();
    expect(reads(/\/providers\/microsoft\.insights\/diagnosticsettings$/)).toEqual(['accounts', 'accounts', 'storageaccounts', 'storageaccounts', 'vaults', 'workspaces']);
    expect(fake.requests.filter((r) => /(kv-app|stapp)/.test(r.path))).toEqual([]);
    expect(fake.requests.filter((r) => /\/(deployments|raipolicies)$/.test(r.path)).map((r) => r.path.split('/').slice(-2).join('/')).sort()).toEqual(['oai-1/deployments', 'oai-1/raipolicies']);
    expect(snapshot.tables.resources).toHaveLength(7);

    const report = assess(snapshot, { asOf: TEST_AS_OF });
    expect(report.inventory.map((i) => i.name).sort()).toEqual(['kv-ai', 'mlw-1', 'oai-1', 'speech-1', 'stnamed']);
    // A Speech account has no model deployments: it is not reported as having none.
    expect(report.inventory.find((i) => i.name === 'speech-1')!.deployments).toBeUndefined();
    expect(report.inventory.find((i) => i.name === 'oai-1')!.deployments).toEqual([]);

    // The JSON report in pieces is exactly the one-string report.
    expect([...jsonChunks(report)].join('')).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(formatReport(report, 'json')).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });

  it('writes empty arrays, undefined members and nested values as JSON.stringify does', () => {
    const odd = { a: [], b: undefined, c: [1, undefined, { d: 'x\ny' }], e: { f: [] }, g: 'h' };
    expect([...jsonChunks(odd)].join('')).toBe(`${JSON.stringify(odd, null, 2)}\n`);
    expect([...jsonChunks({})].join('')).toBe(`${JSON.stringify({}, null, 2)}\n`);
  });
});
