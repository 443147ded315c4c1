/**
 * The benchmark tenant: `n` resources across 10 subscriptions, in the documented formats of the test
 * fixtures (test/assess/fixtures/arm.ts): per resource group an OpenAI account (with a deployment and
 * its content filter), a Key Vault, a storage account, an AI Search service and an ML workspace, half
 * of them with diagnostic settings, role assignments on every subscription.
 */
import { FakeTenant } from '../test/assess/support/fake-azure';
import { deployment, diagnosticSetting, graphRow, raiPolicy, roleAssignmentRow, secureAccount, secureSearch, secureStorage, secureVault, secureWorkspace } from '../test/assess/fixtures/arm';

export function benchTenant(n: number): FakeTenant {
  const tenantId = '8f3b6a2e-4c1d-4e8f-9a7b-2d5c6e1f0a93';
  const subs = Array.from({ length: 10 }, (_, i) => `5${String(i).padStart(7, '0')}-0000-4000-8000-000000000000`);
  const resources: any[] = [];
  const lists: Record<string, any[]> = {};
  const ws = `/subscriptions/${subs[0]}/resourceGroups/rg-platform/providers/Microsoft.OperationalInsights/workspaces/log-platform`;
  const assignments: any[] = [];
  for (let i = 0; resources.length < n; i++) {
    const sub = subs[i % subs.length];
    const rg = `rg-${i}`;
    const acct = secureAccount(sub, rg, `oai-${i}`, i % 3 === 0 ? { properties: { publicNetworkAccess: 'Enabled' } } : {});
    const kv = secureVault(sub, rg, `kv-${i}`);
    const st = secureStorage(sub, rg, `st${i}`);
    const search = secureSearch(sub, rg, `srch-${i}`);
    const mlw = secureWorkspace(sub, rg, `mlw-${i}`, { keyVault: kv.id, storage: st.id, registry: '' });
    for (const r of [acct, kv, st, search, mlw]) {
      if (resources.length >= n) break;
      resources.push(graphRow(r, tenantId));
      if (i % 2 === 0) lists[`${r.id}/providers/microsoft.insights/diagnosticsettings`.toLowerCase()] = [diagnosticSetting(r.id, ws)];
    }
    lists[`${acct.id}/deployments`.toLowerCase()] = [deployment(acct.id, 'gpt-4o')];
    lists[`${acct.id}/raipolicies`.toLowerCase()] = [raiPolicy(acct.id, 'ailz-content-filter')];
    if (i % 50 === 0) assignments.push(roleAssignmentRow(`/subscriptions/${sub}/resourceGroups/${rg}`, `a${String(i).padStart(7, '0')}-0000-4000-8000-000000000000`, 'b24988ac-6180-42a0-ab88-20f7382dd24c', `c${String(i).padStart(7, '0')}-0000-4000-8000-000000000000`, 'User', tenantId));
  }
  return {
    tenantId,
    managementGroups: [{ name: tenantId, displayName: 'Tenant Root Group' }],
    subscriptions: subs.map((s, i) => ({ subscriptionId: s, displayName: `sub-${i}`, managementGroup: tenantId })),
    tables: { resources, authorizationresources: assignments },
    lists,
  };
}
