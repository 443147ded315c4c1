/**
 * The apply order is explicit in the synth output (for `ailz plan`/`apply` and for people): cdktf's
 * manifest.json dependencies, and ailz-stacks.json with the plan-time lookups that fail while a
 * predecessor is not applied.
 */
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { referenceConfig } from './helpers';
import { synthesizeTo, STACK_ORDER_FILE } from '../../cli/synth';

const dir = mkdtempSync(join(tmpdir(), 'ailz-order-'));
synthesizeTo(referenceConfig(), dir);
const order = JSON.parse(readFileSync(join(dir, STACK_ORDER_FILE), 'utf8'));
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const stackJson = (name: string) => JSON.parse(readFileSync(join(dir, 'stacks', name, 'cdk.tf.json'), 'utf8'));

describe('stack order', () => {
  it('lists governance, platform, then each workload, each after what it depends on', () => {
    expect(order.schemaVersion).toBe(1);
    expect(order.stacks.map((s: any) => s.stack)).toEqual(['governance', 'platform', 'workload-chat', 'workload-research']);
    const seen = new Set<string>();
    for (const s of order.stacks) {
      for (const d of s.dependsOn) expect(seen.has(d)).toBe(true);
      seen.add(s.stack);
    }
    expect(order.stacks.find((s: any) => s.stack === 'workload-chat').dependsOn).toEqual(['governance', 'platform']);
  });

  it('agrees with the dependencies cdktf writes into manifest.json', () => {
    for (const s of order.stacks) expect(manifest.stacks[s.stack].dependencies).toEqual(s.dependsOn);
  });

  it('names, per stack, the lookups that fail until a predecessor is applied: real data sources of that stack that do not tolerate 404', () => {
    const byStack = Object.fromEntries(order.stacks.map((s: any) => [s.stack, s.predecessorLookups]));
    expect(byStack.governance).toEqual([]);
    // The shared gateway's identity is read from the platform at plan time (GatewayIdentity).
    expect(byStack['workload-chat'].map((l: any) => [l.stack, l.dataSource])).toEqual([
      ['platform', 'data.azapi_resource.PlatformWorkspace'], ['platform', 'data.azapi_resource.GatewayIdentity'],
    ]);
    expect(byStack['workload-research'].map((l: any) => [l.stack, l.dataSource])).toEqual([
      ['governance', 'data.azapi_resource.VendedSubscription'], ['platform', 'data.azapi_resource.PlatformWorkspace'],
      ['platform', 'data.azapi_resource.GatewayIdentity'],
    ]);
    for (const s of order.stacks) {
      const json = stackJson(s.stack);
      for (const l of s.predecessorLookups) {
        const [, type, name] = l.dataSource.split('.');
        const ds = json.data[type][name];
        expect(ds).toBeDefined();
        expect(ds.ignore_not_found).toBeUndefined();
        expect(s.dependsOn).toContain(l.stack);
      }
    }
  });
});
