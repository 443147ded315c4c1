import { RegionalNetworkWatcher } from '../../constructs/network/network-watcher';
import { resources, synth, WORKLOAD_SUB } from './helpers';

const json = synth((s) => { new RegionalNetworkWatcher(s, 'NetworkWatcher', { subscriptionId: WORKLOAD_SUB, location: 'westeurope', tags: { workload: 'x' } }); });
const [rgAddress, rg] = resources(json, 'azurerm_resource_group')[0];
const [watcherAddress, watcher] = resources(json, 'azurerm_network_watcher')[0];
const RG_ID = `/subscriptions/${WORKLOAD_SUB}/resourceGroups/NetworkWatcherRG`;
const WATCHER_ID = `${RG_ID}/providers/Microsoft.Network/networkWatchers/NetworkWatcher_westeurope`;

describe('RegionalNetworkWatcher (review F24)', () => {
  it('owns the watcher under the name and group Azure itself uses, in the group', () => {
    expect(rg.name).toBe('NetworkWatcherRG');
    expect(watcher).toMatchObject({ name: 'NetworkWatcher_westeurope', location: 'westeurope', resource_group_name: `\${${rgAddress}.name}`, tags: { workload: 'x' } });
  });

  it('adopts an existing group and watcher by import (guarded by probes of exactly those IDs), creates them otherwise', () => {
    const imports = new Map<string, any>(json.import.map((i: any) => [i.to, i]));
    expect(imports.get(rgAddress).id).toBe(RG_ID);
    expect(imports.get(watcherAddress).id).toBe(WATCHER_ID);
    const probes = Object.values<any>(json.data.azapi_resource);
    expect(probes.map((p) => [p.resource_id, p.ignore_not_found]).sort()).toEqual([[RG_ID, true], [WATCHER_ID, true]]);
  });

  it('keeps an adopted group in its own region (location is ForceNew): the probe\'s location when it exists', () => {
    const probe = Object.keys(json.data.azapi_resource).find((k) => json.data.azapi_resource[k].resource_id === RG_ID)!;
    expect(rg.location).toBe(`\${data.azapi_resource.${probe}.exists ? data.azapi_resource.${probe}.location : "westeurope"}`);
  });

  it('stops the plan when another watcher holds the region (Azure allows one per subscription and region)', () => {
    const [listName] = Object.keys(json.data.azapi_resource_list);
    expect(json.data.azapi_resource_list[listName]).toMatchObject({ parent_id: `/subscriptions/${WORKLOAD_SUB}`, response_export_values: { watchers: 'value[].{id: id, location: location}' } });
    const [pre] = watcher.lifecycle.precondition;
    expect(pre.condition).toContain(`data.azapi_resource_list.${listName}.output.watchers`);
    expect(pre.condition).toContain('== "westeurope"');
    expect(pre.condition).toContain(`lower(w.id) != lower("${WATCHER_ID}")`);
    expect(pre.error_message).toMatch(/one Network Watcher per subscription and region/);
  });
});
