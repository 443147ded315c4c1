import { Testing } from 'cdktf';
import { PrivateEndpoint, dnsZoneIdsFor } from '../../constructs/core/private-endpoint';
import { DiagnosticSettings } from '../../constructs/core/diagnostics';

const zoneId = (z: string) => `/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${z}`;
const base = { name: 'pep-oai', location: 'swedencentral', resourceGroupName: 'rg', subnetId: '/sub/snet', targetResourceId: '/sub/oai' };

describe('PrivateEndpoint', () => {
  it('registers an OpenAI account endpoint in all three AI zones', () => {
    const json = JSON.parse(Testing.synthScope((s) => {
      new PrivateEndpoint(s, 'Pe', { ...base, subresource: 'account', dnsZoneIds: dnsZoneIdsFor('account', zoneId) });
    }));
    const pe: any = Object.values(json.resource.azurerm_private_endpoint)[0];
    expect(pe.private_service_connection.subresource_names).toEqual(['account']);
    expect(pe.private_service_connection.is_manual_connection).toBe(false);
    expect(pe.subnet_id).toBe('/sub/snet');
    expect(pe.private_dns_zone_group.private_dns_zone_ids).toEqual([
      zoneId('privatelink.cognitiveservices.azure.com'), zoneId('privatelink.openai.azure.com'), zoneId('privatelink.services.ai.azure.com'),
    ]);
  });

  it('rejects a zone set that does not match the subresource', () => {
    expect(() => Testing.synthScope((s) => {
      new PrivateEndpoint(s, 'Pe', { ...base, subresource: 'vault', dnsZoneIds: { 'privatelink.blob.core.windows.net': 'x' } as any });
    })).toThrow(/subresource "vault" registers in privatelink\.vaultcore\.azure\.net; got zones privatelink\.blob\.core\.windows\.net/);
  });

  it('rejects an unknown subresource', () => {
    expect(() => Testing.synthScope((s) => {
      new PrivateEndpoint(s, 'Pe', { ...base, subresource: 'sqlServer' as any, dnsZoneIds: {} as any });
    })).toThrow(/unknown subresource "sqlServer"/);
  });

  it('does not compile with a wrong subresource/zone pairing', () => {
    // @ts-expect-error: a vault endpoint cannot register in the blob zone
    const bad: ConstructorParameters<typeof PrivateEndpoint<'vault'>>[2]['dnsZoneIds'] = { 'privatelink.blob.core.windows.net': 'x' };
    expect(bad).toBeDefined();
  });
});

describe('DiagnosticSettings', () => {
  it('sends allLogs and AllMetrics to the workspace by default', () => {
    const json = JSON.parse(Testing.synthScope((s) => {
      new DiagnosticSettings(s, 'Diag', { targetResourceId: '/sub/kv', logAnalyticsWorkspaceId: '/sub/law' });
    }));
    const d: any = Object.values(json.resource.azurerm_monitor_diagnostic_setting)[0];
    expect(d.log_analytics_workspace_id).toBe('/sub/law');
    expect(d.target_resource_id).toBe('/sub/kv');
    expect(d.enabled_log).toEqual([{ category_group: 'allLogs' }]);
    expect(d.enabled_metric).toEqual([{ category: 'AllMetrics' }]);
  });
});
