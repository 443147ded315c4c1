/**
 * The landing zone ailz will build from a config, as a diagram view: fast (no synthesis), and without
 * the Azure resource names only synthesis computes. What each workload gets (services, their private
 * endpoint subresources, the monitoring flows) restates the stacks' composition in a few lines;
 * test/diagram/adapters.test.ts synthesizes the same configs and requires the Terraform view to equal
 * this one (names and counts aside), so a change to the stacks that this file does not follow fails there.
 */
import type { LandingZoneConfig, WorkloadConfig } from '../config/load';
import { PRIVATE_DNS_ZONE_NAMES } from '../azure/private-dns-zones';
import {
  compareServices, LandingZoneView, ManagementGroupView, PlatformView, ServiceView, sortManagementGroups, WorkloadView,
} from './view';

/** Management groups `AiManagementGroups` creates (constructs/governance/management-groups.ts). */
function managementGroups(config: LandingZoneConfig): { groups: ManagementGroupView[]; platformGroup?: string; production: string; experimentation: string } {
  const { prefix, parentManagementGroupId, tenantId } = config.organization;
  const parent = parentManagementGroupId;
  const underTenantRoot = parent.toLowerCase() === tenantId.toLowerCase();
  const ai = `${prefix}-ai`;
  const groups: ManagementGroupView[] = [
    { name: parent, managed: false, ...(underTenantRoot ? { tenantRoot: true } : {}) },
    { name: ai, displayName: `${prefix} AI`, parent, managed: true },
    { name: `${ai}-production`, displayName: `${prefix} AI production`, parent: ai, managed: true },
    { name: `${ai}-experimentation`, displayName: `${prefix} AI experimentation`, parent: ai, managed: true },
  ];
  // Only under the tenant root does ailz create a platform group (an ALZ hierarchy has its own).
  const platformGroup = underTenantRoot ? `${prefix}-platform` : undefined;
  if (platformGroup) groups.push({ name: platformGroup, displayName: `${prefix} platform`, parent, managed: true });
  return { groups: sortManagementGroups(groups), platformGroup, production: `${ai}-production`, experimentation: `${ai}-experimentation` };
}

/** The services of a workload stack and their private endpoints (constructs/ai/ai-workload.ts, network/spoke-network.ts). */
function services(w: WorkloadConfig): ServiceView[] {
  const pe = (...subresources: string[]) => ({ subresources: [...subresources].sort() });
  const list: ServiceView[] = [
    { kind: 'cognitiveServices', variant: w.openai.kind, privateEndpoints: [pe('account')] },
    { kind: 'keyVault', privateEndpoints: [pe('vault')] },
    // The spoke's flow-log storage account is reached over the private endpoint subnet too.
    { kind: 'storage', role: 'flowLogs', privateEndpoints: [pe('blob')] },
  ];
  if (w.machineLearning) {
    list.push(
      { kind: 'mlWorkspace', privateEndpoints: [pe('amlworkspace')] },
      { kind: 'keyVault', role: 'ml', privateEndpoints: [pe('vault')] },
      { kind: 'storage', role: 'ml', privateEndpoints: [pe('blob'), pe('file')] },
      { kind: 'containerRegistry', role: 'ml', privateEndpoints: [pe('registry')] },
    );
  }
  return list.sort(compareServices);
}

/** The diagram view of the landing zone a validated config describes. */
export function viewFromConfig(config: LandingZoneConfig): LandingZoneView {
  const { prefix } = config.organization;
  const mgs = managementGroups(config);
  const dns = config.platform.privateDns;
  const platform: PlatformView = {
    stack: 'platform',
    subscription: { id: config.platform.subscriptionId, ...(mgs.platformGroup ? { managementGroup: mgs.platformGroup } : {}) },
    hub: { addressSpace: [config.platform.hubAddressSpace], location: config.organization.primaryLocation },
    privateDns: {
      zones: [...PRIVATE_DNS_ZONE_NAMES].sort(),
      mode: dns.mode,
      ...(dns.mode === 'existing' && dns.resourceGroupId ? { resourceGroup: dns.resourceGroupId.split('/').pop() } : {}),
      linkedVnets: 1 + config.workloads.length,
    },
    workspace: { retentionDays: config.platform.logRetentionDays },
    sentinel: {},
  };
  const workloads: WorkloadView[] = config.workloads.map((w) => ({
    name: w.name,
    stack: `workload-${w.name}`,
    environment: w.environment,
    location: w.location,
    subscription: {
      ...(w.subscriptionId ? { id: w.subscriptionId } : { vendedName: `sub-${prefix}-${w.name}` }),
      managementGroup: w.environment === 'production' ? mgs.production : mgs.experimentation,
    },
    spoke: { addressSpace: [w.addressSpace], location: w.location },
    peering: { toHub: true, fromHub: true },
    services: services(w),
    monitoring: { diagnostics: true, activityLog: true, defenderExport: true, trafficAnalytics: true },
  }));
  workloads.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { managementGroups: mgs.groups, platform, workloads };
}
