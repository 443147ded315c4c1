import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { PrivateEndpointOptions } from '../../constructs/data/private-access';
import { ROLES, BuiltInRole, roleDefinitionId } from '../../azure/roles';
import { setSubscription } from '../../constructs/core/subscription';

/** The subscription construct tests deploy into (the chat workload's). */
export const SUBSCRIPTION = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
export const LAW = '/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/resourceGroups/rg-platform/providers/Microsoft.OperationalInsights/workspaces/log-platform';
export const SUBNET = '/subscriptions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-chat/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-pe';
export const zoneId = (z: string) => `/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${z}`;
export const PE: PrivateEndpointOptions = { subnetId: SUBNET, dnsZoneId: zoneId };
export const TAGS = { environment: 'production', managedBy: 'ailz', workload: 'chat' };
export const BASE = { location: 'swedencentral', resourceGroupName: 'rg-chat', tags: TAGS };

/** Synthesizes a scope (deploying into `SUBSCRIPTION`, as a workload stack would) and returns the parsed Terraform JSON. */
export function synth(fn: (scope: Construct) => void): any {
  return JSON.parse(Testing.synthScope((scope) => {
    setSubscription(scope, SUBSCRIPTION);
    fn(scope);
  }));
}

/** All resources of a type (values of `resource.<type>`). */
export function resources(json: any, type: string): any[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** The single resource of a type; fails when there is not exactly one. */
export function only(json: any, type: string): any {
  const all = resources(json, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** The Terraform address key of the single resource of a type. */
export function onlyKey(json: any, type: string): string {
  const keys = Object.keys(json.resource?.[type] ?? {});
  if (keys.length !== 1) throw new Error(`expected exactly one ${type}, found ${keys.length}`);
  return keys[0];
}

/** The azapi resources of one ARM type (azapi `type` is `<ARM type>@<api version>`), as [Terraform key, body]. */
export function azapiOf(json: any, armType: string): [string, any][] {
  return Object.entries<any>(json.resource?.azapi_resource ?? {}).filter(([, r]) => String(r.type).toLowerCase().startsWith(`${armType.toLowerCase()}@`));
}

/** The single azapi resource of an ARM type; fails when there is not exactly one. */
export function onlyAzapi(json: any, armType: string): any {
  const all = azapiOf(json, armType);
  if (all.length !== 1) throw new Error(`expected exactly one azapi ${armType}, found ${all.length}`);
  return all[0][1];
}

/** `${azapi_resource.key.attr}` reference to the single azapi resource of an ARM type. */
export function azapiRef(json: any, armType: string, attr = 'id'): string {
  const all = azapiOf(json, armType);
  if (all.length !== 1) throw new Error(`expected exactly one azapi ${armType}, found ${all.length}`);
  return `\${azapi_resource.${all[0][0]}.${attr}}`;
}

/** `${type.key.attr}` reference to the single resource of a type. */
export function refTo(json: any, type: string, attr = 'id'): string {
  return `\${${type}.${onlyKey(json, type)}.${attr}}`;
}

/** The role definition ID of a built-in role as ARM returns it for an assignment in `SUBSCRIPTION`. */
export function roleIdOf(role: BuiltInRole): string {
  return roleDefinitionId(role, { subscriptionId: SUBSCRIPTION });
}

export const PRIVILEGED_IDS = [ROLES.owner, ROLES.contributor, ROLES.userAccessAdministrator, ROLES.rbacAdministrator, ROLES.keyVaultAdministrator].map(roleIdOf);

/** Every string value anywhere in the document (for "no secret attribute" checks). */
export function allStrings(v: any, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => allStrings(x, out));
  else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => { out.push(k); allStrings(x, out); });
  return out;
}
