import { Testing } from 'cdktf';
import { CATEGORY_GROUP_GOVERNED_TYPES, DIAGNOSTIC_SETTING_NAME, DiagnosticSettings } from '../../constructs/core/diagnostics';

const WS = '/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log';
const TARGET = '/subscriptions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv';
const synth = (props: Partial<ConstructorParameters<typeof DiagnosticSettings>[2]>) =>
  JSON.parse(Testing.synthScope((s) => { new DiagnosticSettings(s, 'Diagnostics', { targetResourceId: TARGET, logAnalyticsWorkspaceId: WS, ...props }); }));

describe('DiagnosticSettings', () => {
  it('knows the types the category-group policies of the ailz catalog govern', () => {
    expect([...CATEGORY_GROUP_GOVERNED_TYPES].sort()).toEqual(['microsoft.cognitiveservices/accounts', 'microsoft.keyvault/vaults', 'microsoft.machinelearningservices/workspaces']);
  });

  it('writes a governed type in the policy\'s own shape through azapi, moved from the azurerm address it had', () => {
    const json = synth({ targetType: 'Microsoft.KeyVault/vaults' });
    expect(json.resource.azurerm_monitor_diagnostic_setting).toBeUndefined();
    const [[name, setting]] = Object.entries<any>(json.resource.azapi_resource);
    expect(setting).toMatchObject({
      type: 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview', name: DIAGNOSTIC_SETTING_NAME, parent_id: TARGET,
      body: { properties: { workspaceId: WS, logs: [{ categoryGroup: 'audit', enabled: false }, { categoryGroup: 'allLogs', enabled: true }], metrics: [{ category: 'AllMetrics', enabled: true }] } },
    });
    expect(json.moved).toEqual([{ from: `azurerm_monitor_diagnostic_setting.${name}`, to: `azapi_resource.${name}` }]);
  });

  it('writes other types with azurerm (allLogs and AllMetrics, all enabled)', () => {
    const json = synth({ targetType: 'Microsoft.ContainerRegistry/registries' });
    expect(json.resource.azapi_resource).toBeUndefined();
    const [setting] = Object.values<any>(json.resource.azurerm_monitor_diagnostic_setting);
    expect(setting).toMatchObject({ name: DIAGNOSTIC_SETTING_NAME, target_resource_id: TARGET, log_analytics_workspace_id: WS, enabled_log: [{ category_group: 'allLogs' }], enabled_metric: [{ category: 'AllMetrics' }] });
  });

  it('refuses another log group for a governed type (its policy would never see the setting as compliant)', () => {
    expect(() => synth({ targetType: 'Microsoft.CognitiveServices/accounts', logCategoryGroups: ['audit'] })).toThrow(/governed by a category-group policy that expects allLogs; logCategoryGroups is \["audit"\]/);
  });
});
