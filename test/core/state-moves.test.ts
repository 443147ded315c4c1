import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ResourceGroup as AzurermResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { DataAzapiResource, DataAzapiResourceList } from '../../constructs/core/azapi';
import { StateMoves, addressAt, stateMovesHcl } from '../../constructs/core/state-moves';
import { ARM_TYPES } from '../../azure/arm-types';

const RG_ID = '/subscriptions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-demo';

function build(fn: (s: TerraformStack) => void): any {
  const app = new App({ outdir: '/tmp/unused', stackTraces: false });
  const stack = new TerraformStack(app, 'demo');
  fn(stack);
  return JSON.parse(JSON.stringify(stack.toTerraform()));
}

describe('StateMoves', () => {
  const json = build((s) => {
    const platform = new AzurermProvider(s, 'p', { features: [{}], alias: 'platform' });
    const scope = new Construct(s, 'Scope');
    const rg = new AzurermResourceGroup(scope, 'Resource', { name: 'rg-demo', location: 'swedencentral', provider: platform });
    const probe = new DataAzapiResource(scope, 'Existing', { arm: ARM_TYPES.resourceGroup, resourceId: RG_ID, ignoreNotFound: true });
    StateMoves.of(scope).adopt(rg, RG_ID, probe, platform);
    StateMoves.of(s).release('azurerm_resource_group.Old_1234ABCD');
    StateMoves.of(rg).release('azurerm_resource_group.Old_1234ABCD');
  });

  it('renders one import per adoption, empty unless the probe finds the object, through the given provider', () => {
    const [probe] = Object.keys(json.data.azapi_resource);
    const [rg] = Object.keys(json.resource.azurerm_resource_group);
    expect(probe).toMatch(/^Scope_Existing_[0-9A-F]{8}$/);
    expect(json.import).toEqual([{
      for_each: `\${data.azapi_resource.${probe}.exists ? toset(["adopt"]) : toset([])}`,
      to: `azurerm_resource_group.${rg}`,
      id: RG_ID,
      provider: 'azurerm.platform',
    }]);
    expect(json.data.azapi_resource[probe]).toMatchObject({ resource_id: RG_ID, ignore_not_found: true });
  });

  it('renders each released address once, destroy = false, from one registry per stack', () => {
    expect(json.removed).toEqual([{ from: 'azurerm_resource_group.Old_1234ABCD', lifecycle: { destroy: false } }]);
  });

  it('refuses a probe that would fail the plan on a missing object, and a malformed address', () => {
    expect(() => build((s) => {
      const rg = new AzurermResourceGroup(s, 'Rg', { name: 'rg', location: 'swedencentral' });
      const strict = new DataAzapiResource(s, 'Strict', { arm: ARM_TYPES.resourceGroup, resourceId: RG_ID });
      StateMoves.of(s).adopt(rg, RG_ID, strict);
    })).toThrow(/must set ignoreNotFound/);
    expect(() => build((s) => { StateMoves.of(s).release('not an address'); })).toThrow(/not a resource address/);
  });

  it('addressAt gives the address cdktf gives a resource at that construct path', () => {
    let expected = '';
    let computed = '';
    build((s) => {
      const rg = new AzurermResourceGroup(new Construct(s, 'Hub'), 'Spoke-x-Peering', { name: 'rg', location: 'swedencentral' });
      expected = `azurerm_resource_group.${rg.friendlyUniqueId}`;
      computed = addressAt(s, 'azurerm_resource_group', ['Hub', 'Spoke-x-Peering']);
    });
    expect(computed).toBe(expected);
  });
});

describe('stateMovesHcl', () => {
  it('turns the JSON blocks into HCL: bare expressions, bare addresses and providers, quoted templates for IDs', () => {
    const hcl = stateMovesHcl({
      removed: [{ from: 'azurerm_x.a', lifecycle: { destroy: false } }],
      import: [{ for_each: '${data.azapi_resource.p.exists ? toset(["adopt"]) : toset([])}', to: 'azurerm_x.b', id: '/subscriptions/${data.azapi_resource.s.output.id}/x', provider: 'azurerm.platform' }],
    });
    expect(hcl).toBe([
      'removed {\n  from = azurerm_x.a\n\n  lifecycle {\n    destroy = false\n  }\n}',
      'import {\n  for_each = data.azapi_resource.p.exists ? toset(["adopt"]) : toset([])\n  to       = azurerm_x.b\n  id       = "/subscriptions/${data.azapi_resource.s.output.id}/x"\n  provider = azurerm.platform\n}',
    ].join('\n\n'));
    expect(stateMovesHcl({})).toBe('');
    expect(() => stateMovesHcl({ import: [{ for_each: 'plain', to: 'a.b', id: 'x' }] })).toThrow(/expected an expression/);
  });
});

describe('azapi lookups for probes and lists', () => {
  it('a probe asks azapi not to fail on 404; a list exports named JMESPath queries', () => {
    const json = build((s) => {
      new DataAzapiResource(s, 'Probe', { arm: ARM_TYPES.networkWatcher, resourceId: `${RG_ID}/providers/Microsoft.Network/networkWatchers/nw`, ignoreNotFound: true });
      const list = new DataAzapiResourceList(s, 'List', { arm: ARM_TYPES.networkWatcher, parentId: '/subscriptions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', responseExportValues: { ids: 'value[].id' } });
      expect(list.outputExpression('ids')).toBe('data.azapi_resource_list.List.output.ids');
      expect(() => list.outputExpression('other')).toThrow(/not in responseExportValues/);
    });
    expect(json.data.azapi_resource.Probe).toEqual(expect.objectContaining({ type: 'Microsoft.Network/networkWatchers@2025-01-01', ignore_not_found: true }));
    expect(json.data.azapi_resource.Probe.response_export_values).toBeUndefined();
    expect(json.data.azapi_resource_list.List).toEqual(expect.objectContaining({ type: 'Microsoft.Network/networkWatchers@2025-01-01', response_export_values: { ids: 'value[].id' } }));
  });
});
