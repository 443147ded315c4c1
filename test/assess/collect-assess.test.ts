import { ArmClient } from '../../azure-client/client';
import { collect } from '../../assess/collect';
import { assess, AssessReport } from '../../assess/assess';
import { landingZoneFromConfig } from '../../assess/landing-zone';
import { Snapshot } from '../../assess/snapshot';
import { loadConfigFile } from '../../config/load';
import { FakeAzure } from './support/fake-azure';
import { TEST_AS_OF } from '../as-of';
import { FakeClock, staticCredential } from './support/clock';
import { CHAT, DELETED, FINANCE, GUEST, RESEARCH, SANDBOX, SP_PIPELINE, syntheticTenant, TENANT, USER_PIM, USER_STANDING } from './fixtures/tenant';

let fake: FakeAzure;
let clock: FakeClock;
let snapshot: Snapshot;
let report: AssessReport;

beforeAll(async () => {
  fake = new FakeAzure({
    tenant: syntheticTenant(),
    graphPageSize: 3,
    faults: [
      { match: /^POST \/providers\/microsoft.resourcegraph\/resources$/, times: 1, status: 429, headers: { 'retry-after': '3' } },
      { match: /diagnosticsettings$/, times: 2, status: 503, headers: { 'retry-after': '1' } },
    ],
  });
  await fake.start();
  clock = new FakeClock();
  const arm = new ArmClient({ endpoint: fake.url, scope: `${fake.url}/.default`, credential: staticCredential(), clock, ca: fake.certs.ca });
  const graph = new ArmClient({ endpoint: fake.url, scope: `${fake.url}/graph.default`, credential: staticCredential(), clock, ca: fake.certs.ca });
  snapshot = await collect({ arm, graph, scope: { managementGroups: [TENANT] }, cloud: 'AzureCloud', now: () => new Date('2026-09-01T12:00:00Z') });
  arm.close();
  graph.close();
  const config = loadConfigFile('landing-zone.yaml');
  report = assess(snapshot, { landingZone: landingZoneFromConfig(config), asOf: TEST_AS_OF });
});
afterAll(() => fake.stop());

const rules = (pred: (f: AssessReport['findings'][number]) => boolean = () => true) => report.findings.filter(pred).map((f) => `${f.rule} ${f.resourceId.split('/').slice(-2).join('/')}`);

describe('collect: Resource Graph and ARM REST from the fake tenant', () => {
  it('retried the throttled and failing requests, without sleeping for real', () => {
    expect(clock.sleeps).toContain(3000);
    expect(clock.sleeps).toContain(1000);
    expect(fake.requests.filter((r) => r.status === 429)).toHaveLength(1);
  });

  it('paged Resource Graph and kept every row', () => {
    expect(snapshot.tables.resources.length).toBe(syntheticTenant().tables.resources.length);
    expect(fake.count(/resourcegraph/)).toBeGreaterThan(6);
  });

  it('reports the subscription Resource Graph left out as unreadable, and carries on', () => {
    expect(snapshot.manifest.subscriptions.unreadable).toEqual([
      expect.objectContaining({ subscriptionId: FINANCE, displayName: 'Finance', reason: expect.stringMatching(/not returned by Resource Graph/) }),
    ]);
    expect(snapshot.manifest.subscriptions.seen.map((s) => s.subscriptionId)).toContain(SANDBOX);
    expect(report.findings.find((f) => f.rule === 'AILZ-LIVE-001')?.resourceId).toBe(`/subscriptions/${FINANCE}`);
  });

  it('read PIM instances per subscription and the directory objects of the principals', () => {
    expect(Object.keys(snapshot.rest.roleAssignmentScheduleInstances!)).toContain(`/subscriptions/${CHAT}`);
    expect(snapshot.principals![DELETED]).toBeNull();
    expect(snapshot.principals![GUEST].userType).toBe('Guest');
  });
});

describe('assess: the synthetic tenant', () => {
  it('inventories AI resources by subscription, with management groups, region and owner tags', () => {
    const sbx = report.inventory.find((i) => i.name === 'oai-sandbox')!;
    expect(sbx).toMatchObject({ label: 'Azure OpenAI', subscriptionName: 'Data Science Sandbox', managementGroups: ['sandbox', TENANT.toLowerCase()], location: 'swedencentral', owner: { createdBy: 'jdoe@contoso.example' }, inLandingZone: false, publicNetworkAccess: 'Enabled' });
    expect(sbx.deployments).toEqual(['chat: gpt-35-turbo@0301 (GlobalStandard)']);
    expect(report.inventory.map((i) => i.label)).toEqual(expect.arrayContaining(['Foundry project', 'Foundry hub', 'AI Services (Foundry)', 'ML compute', 'Key Vault', 'Storage account', 'Container registry', 'AI Search']));
  });

  it('finds the shadow AI outside the AI management groups and in undeclared subscriptions; the vended research subscription is matched by name', () => {
    expect(rules((f) => f.rule === 'AILZ-LIVE-003').sort()).toEqual(['AILZ-LIVE-003 accounts/oai-sandbox', 'AILZ-LIVE-003 searchServices/srch-sandbox']);
    expect(rules((f) => f.rule === 'AILZ-LIVE-004').sort()).toEqual(['AILZ-LIVE-004 accounts/oai-sandbox', 'AILZ-LIVE-004 searchServices/srch-sandbox']);
    expect(report.findings.some((f) => f.resourceId.includes(RESEARCH) && /LIVE-00[34]/.test(f.rule))).toBe(false);
  });

  it('passes the chat account configured as ailz deploys it', () => {
    expect(report.findings.filter((f) => f.resourceId.toLowerCase().includes('oai-contoso-chat-prod') && f.severity === 'error')).toEqual([]);
  });

  it('reports the research account opened up by hand with evidence and an az fix', () => {
    const f = report.findings.find((x) => x.rule === 'AILZ-OAI-001' && x.resourceId.endsWith('ais-contoso-research'))!;
    expect(f).toMatchObject({ schemaVersion: 1, severity: 'error', stack: `/subscriptions/${RESEARCH}`, evidence: { property: 'properties.publicNetworkAccess', value: 'Enabled', expected: '"Disabled"' } });
    expect(f.fix).toMatch(/^az resource update --ids .*ais-contoso-research --set properties.publicNetworkAccess=Disabled$/);
    expect(rules((x) => x.resourceId.endsWith('ais-contoso-research'))).toEqual(expect.arrayContaining(['AILZ-OAI-002 accounts/ais-contoso-research', 'AILZ-OAI-003 accounts/ais-contoso-research', 'AILZ-PE-001 accounts/ais-contoso-research']));
    expect(rules((x) => x.rule === 'AILZ-OAI-010')).toEqual(['AILZ-OAI-010 raiPolicies/ailz-content-filter']);
    expect(rules((x) => x.rule === 'AILZ-DIAG-005')).toEqual([]);
    expect(rules((x) => x.rule === 'AILZ-KV-004')).toEqual(['AILZ-KV-004 vaults/kv-contoso-research']);
  });

  it('judges model deployments: service-default content filter, auto-upgrade only outside experimentation, model lifecycle', () => {
    expect(rules((x) => x.rule === 'AILZ-OAI-008')).toEqual(['AILZ-OAI-008 deployments/chat']);
    // research is experimentation (tag): auto-upgrade allowed there; sandbox environment unknown: a warning.
    expect(report.findings.filter((x) => x.rule === 'AILZ-OAI-009').map((x) => [x.resourceId.split('/').pop(), x.severity])).toEqual([['chat', 'warning']]);
    // Microsoft retired gpt-4o-mini 2024-07-18 for Standard deployments on 2026-03-31; gpt-35-turbo is not in the
    // catalog (a warning, never a pass); the chat account's gpt-5.5 and embeddings are current in swedencentral.
    expect(report.findings.filter((x) => x.rule === 'AILZ-OAI-013').map((x) => [x.resourceId.split('/').slice(-3).join('/'), x.severity, x.evidence?.property])).toEqual([
      ['ais-contoso-research/deployments/gpt-4o-mini', 'error', 'properties.model.version'],
      ['oai-sandbox/deployments/chat', 'warning', 'properties.model.name'],
    ]);
    expect(report.findings.find((x) => x.rule === 'AILZ-OAI-013')?.message).toMatch(/^gpt-4o-mini 2024-07-18 is retired for Standard deployments since 2026-03-31 \(Microsoft's model retirement table/);
    expect(report.asOf).toBe(TEST_AS_OF);
  });

  it('finds standing admins, not PIM activations; service principals with broad roles; deleted principals and guests', () => {
    const iam = report.findings.filter((f) => f.rule === 'AILZ-IAM-001');
    expect(iam).toHaveLength(1);
    expect(iam[0].message).toMatch(new RegExp(`standing Owner for Alex Admin \\(User ${USER_STANDING}\\) at /subscriptions/${CHAT} \\(not a PIM activation\\)`));
    expect(report.findings.some((f) => f.message.includes(USER_PIM))).toBe(false);
    expect(report.findings.find((f) => f.rule === 'AILZ-LIVE-006')?.message).toMatch(new RegExp(`service principal sandbox-deployer \\(ServicePrincipal ${SP_PIPELINE}\\) holds Contributor`));
    expect(report.findings.find((f) => f.rule === 'AILZ-LIVE-007')?.message).toMatch(DELETED);
    expect(report.findings.find((f) => f.rule === 'AILZ-LIVE-008')?.message).toMatch(/guest user Vendor Consultant/);
    expect(report.summary).toMatchObject({ standingAdmins: 1, eligibleAdmins: 1 });
  });

  it('checks governance and monitoring: policy assignments, compliance, Defender plans, Sentinel detections', () => {
    expect(rules((f) => f.rule === 'AILZ-GOV-001')).toEqual(['AILZ-GOV-001 policyAssignments/ai-disable-local-auth']);
    expect(rules((f) => f.rule === 'AILZ-GOV-003')).toEqual(['AILZ-GOV-003 policyAssignments/kv-soft-delete']);
    expect(rules((f) => f.rule === 'AILZ-LIVE-009')).toEqual(['AILZ-LIVE-009 accounts/ais-contoso-research']);
    // research runs Defender for AI on Free; the sandbox has only the AI plan.
    expect(report.findings.filter((f) => f.rule === 'AILZ-DEF-001').map((f) => f.resourceId.replace(/\/providers.*pricings/, '')).sort()).toEqual([
      `/subscriptions/${RESEARCH}/AI`, ...['Arm', 'CloudPosture', 'KeyVaults', 'StorageAccounts'].map((p) => `/subscriptions/${SANDBOX}/${p}`),
    ]);
    expect(report.findings.filter((f) => f.rule === 'AILZ-LIVE-010').map((f) => f.stack)).toEqual([`/subscriptions/${SANDBOX}`]);
    const mon = report.findings.filter((f) => f.rule === 'AILZ-MON-003').map((f) => f.message);
    expect(mon).toHaveLength(2);
    expect(mon.join('\n')).toMatch(/is not on the workspace/);
    expect(mon.join('\n')).toMatch(/is disabled/);
  });

  it('is deterministic and sorted by severity', () => {
    const again = assess(snapshot, { landingZone: landingZoneFromConfig(loadConfigFile('landing-zone.yaml')), asOf: TEST_AS_OF });
    expect(JSON.stringify(again)).toBe(JSON.stringify(report));
    const sev = report.findings.map((f) => f.severity);
    expect(sev.indexOf('warning')).toBeGreaterThan(sev.lastIndexOf('error'));
  });
});
