import { ContainerRegistry } from '../../constructs/data/container-registry';
import { ROLES } from '../../azure/roles';
import { BASE, LAW, PE, TAGS, only, refTo, synth, zoneId, roleIdOf } from './helpers';

const props = { name: 'crcontosochatpabcde', ...BASE, logAnalyticsWorkspaceId: LAW, privateEndpoint: PE };

describe('ContainerRegistry secure defaults', () => {
  const json = synth((s) => { new ContainerRegistry(s, 'Cr', props); });
  const cr = only(json, 'azurerm_container_registry');

  it('is Premium with admin user, anonymous pull, export and public access off', () => {
    expect(cr.sku).toBe('Premium');
    expect(cr.admin_enabled).toBe(false);
    expect(cr.anonymous_pull_enabled).toBe(false);
    expect(cr.export_policy_enabled).toBe(false);
    expect(cr.public_network_access_enabled).toBe(false);
  });
  it('denies by default and lets no trusted service bypass the firewall', () => {
    expect(cr.network_rule_set).toEqual([{ default_action: 'Deny', ip_rule: [] }]);
    expect(cr.network_rule_bypass_option).toBe('None');
  });
  it('is single-zone unless asked, and tagged', () => {
    expect(cr.zone_redundancy_enabled).toBe(false);
    expect(cr.tags).toEqual(TAGS);
  });
  it('has a registry private endpoint and diagnostics', () => {
    const pe = only(json, 'azurerm_private_endpoint');
    expect(pe.private_service_connection.subresource_names).toEqual(['registry']);
    expect(pe.private_dns_zone_group.private_dns_zone_ids).toEqual([zoneId('privatelink.azurecr.io')]);
    const d = only(json, 'azurerm_monitor_diagnostic_setting');
    expect(d.target_resource_id).toBe(refTo(json, 'azurerm_container_registry'));
    expect(d.enabled_log).toEqual([{ category_group: 'allLogs' }]);
    expect(d.enabled_metric).toEqual([{ category: 'AllMetrics' }]);
  });
});

describe('ContainerRegistry options', () => {
  it('turns on zone redundancy and the trusted-services bypass only when asked', () => {
    const json = synth((s) => { new ContainerRegistry(s, 'Cr', { ...props, zoneRedundancy: true, allowTrustedServices: true }); });
    const cr = only(json, 'azurerm_container_registry');
    expect(cr.zone_redundancy_enabled).toBe(true);
    expect(cr.network_rule_bypass_option).toBe('AzureServices');
    expect(cr.public_network_access_enabled).toBe(false);
  });
});

describe('ContainerRegistry grants', () => {
  it.each([['grantPull', ROLES.acrPull], ['grantPush', ROLES.acrPush]] as const)('%s assigns exactly one %o at the registry', (method, role) => {
    const json = synth((s) => { new ContainerRegistry(s, 'Cr', props)[method]({ name: 'Ci', principalId: 'p', principalType: 'ServicePrincipal' }); });
    const ra = only(json, 'azurerm_role_assignment');
    expect(ra.role_definition_id).toBe(roleIdOf(role));
    expect(ra.scope).toBe(refTo(json, 'azurerm_container_registry'));
    expect(ra.principal_type).toBe('ServicePrincipal');
  });
});
