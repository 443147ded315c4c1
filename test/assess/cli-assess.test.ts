import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { runCli } from '../../cli/main';
import { POLICY_CATALOG } from '../../azure/policy-catalog';
import { FakeAzure } from './support/fake-azure';
import { FakeClock, staticCredential } from './support/clock';
import { syntheticTenant, TENANT } from './fixtures/tenant';
import { tempDir, REFERENCE_CONFIG } from '../cli/helpers';
import { TEST_AS_OF } from '../as-of';

let fake: FakeAzure;
const savedAsOf = process.env.AILZ_AS_OF;
beforeAll(async () => {
  // Model lifecycle is judged on the tests' date, never the clock (as the CLI tests' AILZ_AS_OF).
  process.env.AILZ_AS_OF = TEST_AS_OF;
  const tenant = syntheticTenant();
  // Policy definitions and a set for `policy pull` (resources/.../policy/stable/2023-04-01 getBuiltinPolicyDefinition.json shape).
  tenant.objects = {};
  for (const e of POLICY_CATALOG) {
    const name = e.policyDefinitionId.split('/').pop()!;
    tenant.objects[e.policyDefinitionId] = { id: e.policyDefinitionId, name, type: 'Microsoft.Authorization/policyDefinitions', properties: { displayName: e.displayName, policyType: 'BuiltIn', mode: 'Indexed', parameters: {}, policyRule: { if: { field: 'type', equals: 'Microsoft.CognitiveServices/accounts' }, then: { effect: 'deny' } } } };
  }
  const setId = '/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8';
  tenant.objects[setId] = { id: setId, name: '1f3afdf9-d0c9-4c3d-847f-89da613e70a8', type: 'Microsoft.Authorization/policySetDefinitions', properties: { displayName: 'Microsoft cloud security benchmark', policyType: 'BuiltIn', policyDefinitions: [{ policyDefinitionReferenceId: 'member1', policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/0000aaaa-0000-4000-8000-000000000001' }] } };
  tenant.objects['/providers/Microsoft.Authorization/policyDefinitions/0000aaaa-0000-4000-8000-000000000001'] = { id: '/providers/Microsoft.Authorization/policyDefinitions/0000aaaa-0000-4000-8000-000000000001', name: '0000aaaa-0000-4000-8000-000000000001', type: 'Microsoft.Authorization/policyDefinitions', properties: { displayName: 'member', policyType: 'BuiltIn', mode: 'Indexed', parameters: {}, policyRule: { if: { field: 'type', equals: 'Microsoft.KeyVault/vaults' }, then: { effect: 'audit' } } } };
  const mcsb = { id: '/providers/Microsoft.Management/managementGroups/contoso-ai/providers/Microsoft.Authorization/policyAssignments/mcsb', name: 'mcsb', type: 'Microsoft.Authorization/policyAssignments', properties: { policyDefinitionId: setId, scope: '/providers/Microsoft.Management/managementGroups/contoso-ai', enforcementMode: 'Default' } };
  tenant.lists['/providers/microsoft.management/managementgroups/contoso-ai/providers/microsoft.authorization/policyassignments'] = [mcsb];
  // atScope() at a child group returns the assignments above it too.
  tenant.lists['/providers/microsoft.management/managementgroups/contoso-ai-production/providers/microsoft.authorization/policyassignments'] = [mcsb];
  fake = new FakeAzure({ tenant, graphPageSize: 4 });
  await fake.start();
});
afterAll(async () => {
  if (savedAsOf === undefined) delete process.env.AILZ_AS_OF;
  else process.env.AILZ_AS_OF = savedAsOf;
  await fake.stop();
});

const deps = () => ({ credential: staticCredential(), ca: fake.certs.ca, clock: new FakeClock(), tty: false });
async function run(args: string[], d = deps()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, d);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
const live = () => ['--arm-endpoint', fake.url, '--graph-endpoint', fake.url];

describe('ailz assess (real CLI parsing, fake Azure)', () => {
  it('writes the report and exits 4 because a subscription in scope could not be read', async () => {
    const dir = tempDir();
    const r = await run(['assess', ...live(), '--management-group', TENANT, '--config', REFERENCE_CONFIG, '--out', join(dir, 'report.json')]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/subscription 4f5a6b7c-8d9e-4f0a-9b1c-3d4e5f6a7b8c \(Finance\) could not be read/);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.tool).toBe('ailz assess');
    expect(report.findings[0]).toEqual(expect.objectContaining({ schemaVersion: 1, rule: expect.any(String), severity: 'error', stack: expect.stringMatching(/^\/subscriptions\/|^tenant$/), resourceId: expect.any(String), message: expect.any(String), fix: expect.any(String) }));
  });

  it('exits 1 on findings at or above --fail-on when every scope was read, 0 with --fail-on none', async () => {
    const scope = ['--subscription', '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a'];
    expect((await run(['assess', ...live(), ...scope, '--format', 'json'])).code).toBe(1);
    const none = await run(['assess', ...live(), ...scope, '--format', 'markdown', '--fail-on', 'none']);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/^## ailz assess/);
  });

  it('export then --from-export gives the same report as the live read; a missing REST file disables its checks', async () => {
    const dir = tempDir();
    const ex = await run(['assess', 'export', ...live(), '--management-group', TENANT, '--out', join(dir, 'export')]);
    expect(ex.code).toBe(4);
    expect(readdirSync(join(dir, 'export')).sort()).toEqual([
      'authorizationresources.json', 'deployments.json', 'diagnostic-settings.json', 'graph-principals.json', 'manifest.json', 'policyresources.json',
      'rai-policies.json', 'resourcecontainers.json', 'resources.json', 'role-assignment-schedule-instances.json', 'role-eligibility-schedule-instances.json',
      'securityresources.json', 'sentinel-alert-rules.json',
    ]);
    const manifest = JSON.parse(readFileSync(join(dir, 'export', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ formatVersion: 1, cloud: 'AzureCloud', tenantId: TENANT, scope: { managementGroups: [TENANT] } });
    expect(JSON.parse(readFileSync(join(dir, 'export', 'resources.json'), 'utf8')).length).toBe(syntheticTenant().tables.resources.length);

    const offline = await run(['assess', '--from-export', join(dir, 'export'), '--config', REFERENCE_CONFIG, '--format', 'json']);
    const online = await run(['assess', ...live(), '--management-group', TENANT, '--config', REFERENCE_CONFIG, '--format', 'json']);
    expect(offline.code).toBe(4);
    const strip = (s: string) => { const j = JSON.parse(s); delete j.readAt; return j; };
    expect(strip(offline.stdout)).toEqual(strip(online.stdout));

    const { rmSync } = require('fs');
    rmSync(join(dir, 'export', 'diagnostic-settings.json'));
    const partial = JSON.parse((await run(['assess', '--from-export', join(dir, 'export'), '--format', 'json'])).stdout);
    expect(partial.coverage.join('\n')).toMatch(/diagnostic-settings.json was not exported: AILZ-DIAG-001, .*AILZ-DIAG-012 not checked/);
    expect(partial.findings.some((f: any) => f.rule.startsWith('AILZ-DIAG'))).toBe(false);
  });

  it('--baseline reports only what is new or resolved', async () => {
    const dir = tempDir();
    const base = join(dir, 'base.json');
    await run(['assess', ...live(), '--subscription', '3e4f5a6b-7c8d-4e9f-8a0b-2c3d4e5f6a7b', '--out', base]);
    const again = await run(['assess', ...live(), '--subscription', '3e4f5a6b-7c8d-4e9f-8a0b-2c3d4e5f6a7b', '--baseline', base, '--format', 'json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).summary).toMatchObject({ new: 0, resolved: 0, errors: 0 });
    // Drop one finding from the baseline: it comes back as new, and fails the run.
    const b = JSON.parse(readFileSync(base, 'utf8'));
    const dropped = b.findings.shift();
    b.findings.push({ ...dropped, rule: 'AILZ-KV-004', resourceId: '/subscriptions/x/resourceGroups/y/providers/Microsoft.KeyVault/vaults/gone' });
    writeFileSync(base, JSON.stringify(b));
    const third = JSON.parse((await run(['assess', ...live(), '--subscription', '3e4f5a6b-7c8d-4e9f-8a0b-2c3d4e5f6a7b', '--baseline', base, '--format', 'json'])).stdout);
    expect(third.findings.map((f: any) => f.rule)).toEqual([dropped.rule]);
    expect(third.resolved.map((f: any) => f.resourceId)).toEqual(['/subscriptions/x/resourceGroups/y/providers/Microsoft.KeyVault/vaults/gone']);
  });

  it('exits 3 on an authentication failure and 2 on a broken export or bad flags, writing nothing', async () => {
    const dir = tempDir();
    const auth = await run(['assess', ...live(), '--out', join(dir, 'r.html')], { ...deps(), credential: staticCredential('wrong') });
    expect(auth.code).toBe(3);
    expect(auth.stderr).toMatch(/Azure authentication failed: .*HTTP 401/);
    expect(existsSync(join(dir, 'r.html'))).toBe(false);

    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken', 'manifest.json'), JSON.stringify({ formatVersion: 1, cloud: 'AzureCloud', tenantId: 't', scope: {}, exportedAt: '2026-09-01T00:00:00Z', subscriptions: { seen: [], unreadable: [] } }));
    writeFileSync(join(dir, 'broken', 'resources.json'), '{"not": "an array"}');
    const broken = await run(['assess', '--from-export', join(dir, 'broken')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/resources.json: expected a JSON array of Resource Graph rows/);
    expect((await run(['assess', '--from-export', join(dir, 'nothing-here')])).code).toBe(2);
    expect((await run(['assess', '--subscription', 'not-a-guid'])).code).toBe(2);
    expect((await run(['assess', '--cloud', 'Mars'])).stderr).toMatch(/--cloud Mars: unknown cloud/);
    expect((await run(['assess', '--arm-endpoint', 'http://127.0.0.1:1'])).stderr).toMatch(/must be https/);
  });

  it('a Microsoft Graph 403 (no Directory.Read.All: the optional read) is stated in the report, not a failed read: no AILZ-LIVE-002, no exit 4', async () => {
    const scope = ['--subscription', '3e4f5a6b-7c8d-4e9f-8a0b-2c3d4e5f6a7b', '--format', 'json', '--fail-on', 'none'];
    const withGraph = JSON.parse((await run(['assess', ...live(), ...scope])).stdout);
    expect(withGraph.coverage.join('\n')).not.toMatch(/Microsoft Graph/);
    // Graph's answer to a caller without the permission (Microsoft Graph error responses: 403 Authorization_RequestDenied).
    fake.inject({ match: /^POST \/v1\.0\/directoryobjects\/getbyids$/, times: 1, status: 403, code: 'Authorization_RequestDenied' });
    const r = await run(['assess', ...live(), ...scope]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.coverage.join('\n')).toMatch(/Microsoft Graph directory read not available .*Directory\.Read\.All.*AILZ-LIVE-007.*AILZ-LIVE-008.* not checked/);
    expect(report.findings.filter((f: any) => f.rule === 'AILZ-LIVE-002')).toEqual([]);
    // A Graph failure that is not a refusal (a 500 after the retries) is still a failed read.
    fake.inject({ match: /^POST \/v1\.0\/directoryobjects\/getbyids$/, times: 100, status: 500 });
    const failed = await run(['assess', ...live(), ...scope]);
    fake.clearFaults();
    expect(failed.code).toBe(4);
    expect(JSON.parse(failed.stdout).findings.some((f: any) => f.rule === 'AILZ-LIVE-002' && /microsoft graph/i.test(f.resourceId + f.message))).toBe(true);
  });

  it('--out that cannot become a file (a directory) exits 2 under the contract\'s file-error table and leaves no temporary file', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'report.json'));
    const r = await run(['assess', ...live(), '--subscription', '3e4f5a6b-7c8d-4e9f-8a0b-2c3d4e5f6a7b', '--out', join(dir, 'report.json')]);
    expect(r).toMatchObject({ code: 2, stderr: expect.stringMatching(/ailz: cannot write the report to .*report\.json: is a directory \(EISDIR\)/) });
    expect(readdirSync(dir)).toEqual(['report.json']);
    expect(readdirSync(join(dir, 'report.json'))).toEqual([]);
  });
});

describe('ailz policy pull', () => {
  it('writes one file per definition of the ailz catalog, and with --scope the assignments and their expanded set members', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'landing-zone.yaml'), readFileSync(REFERENCE_CONFIG));
    const r = await run(['policy', 'pull', '--config', join(dir, 'landing-zone.yaml'), '--arm-endpoint', fake.url, '--scope', 'contoso-ai']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const base = join(dir, '.ailz', 'policy-definitions');
    const files = readdirSync(base).filter((f) => f.endsWith('.json')).sort();
    const expected = [...new Set(POLICY_CATALOG.map((e) => `${e.policyDefinitionId.split('/').pop()}.json`)), '0000aaaa-0000-4000-8000-000000000001.json'].sort();
    expect(files).toEqual(expected);
    const one = JSON.parse(readFileSync(join(base, files[1]), 'utf8'));
    expect(one).toMatchObject({ type: 'Microsoft.Authorization/policyDefinitions', properties: { policyRule: expect.any(Object) } });
    expect(readdirSync(join(base, 'assignments')).sort()).toEqual(['_pulled.json', 'mcsb.json']);
    expect(readdirSync(join(base, 'sets'))).toEqual(['1f3afdf9-d0c9-4c3d-847f-89da613e70a8.json']);
  });

  it('records where the assignments were pulled: the management group and its path from the tenant root, which the policy loader reads', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'landing-zone.yaml'), readFileSync(REFERENCE_CONFIG));
    const r = await run(['policy', 'pull', '--config', join(dir, 'landing-zone.yaml'), '--arm-endpoint', fake.url, '--scope', 'contoso-ai-production']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/1 assignments at contoso-ai-production \(3 management groups from the root\)/);
    const mg = (n: string) => `/providers/Microsoft.Management/managementGroups/${n}`;
    const base = join(dir, '.ailz', 'policy-definitions');
    expect(JSON.parse(readFileSync(join(base, 'assignments', '_pulled.json'), 'utf8'))).toEqual({ scope: mg('contoso-ai-production'), path: [mg(TENANT), mg('contoso-ai'), mg('contoso-ai-production')] });
    const { loadDefinitions } = require('../../policy') as typeof import('../../policy');
    const store = loadDefinitions(base);
    expect(store.pulledScope).toEqual({ scope: mg('contoso-ai-production'), path: [mg(TENANT), mg('contoso-ai'), mg('contoso-ai-production')] });
    expect(store.assignments.map((a) => a.json.name)).toEqual(['mcsb']);
    // An unknown management group is the scope that could not be read (exit 4), and nothing is written.
    const missing = await run(['policy', 'pull', '--config', join(dir, 'landing-zone.yaml'), '--arm-endpoint', fake.url, '--scope', 'nope']);
    expect(missing.code).toBe(4);
    expect(JSON.parse(readFileSync(join(base, 'assignments', '_pulled.json'), 'utf8')).scope).toBe(mg('contoso-ai-production'));
  });
});
