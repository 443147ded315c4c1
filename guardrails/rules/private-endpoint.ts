/**
 * Private endpoint coverage and DNS. Attribute names: azurerm 4.55.0 lib/private-endpoint
 * (private_service_connection.private_connection_resource_id / subresource_names,
 * private_dns_zone_group.private_dns_zone_ids), lib/private-dns-zone (name).
 */
import { DocumentIndex, ResourceNode, Rule, Violation } from '../types';
import { blocks, judge, parseRef, show } from '../document';
import { PRIVATE_ENDPOINT_SUBRESOURCES, PrivateEndpointSubresource, zonesFor } from '../../azure/private-dns-zones';
import { ControlArea, RuleMeta } from '../types';

const CONNECTION = 'private_service_connection.private_connection_resource_id';

function endpointCoverageRule(meta: Omit<RuleMeta, 'severity' | 'area' | 'remediation' | 'rationale'> & { type: string; subresource: string; service: string }): Rule {
  const { type, subresource, service, ...rest } = meta;
  return {
    ...rest,
    severity: 'error',
    area: 'network' as ControlArea,
    rationale: `A ${service} without a private endpoint is either unreachable from the workload or reachable over a public endpoint.`,
    remediation: `add an azurerm_private_endpoint with private_service_connection.private_connection_resource_id = <${type}>.id and subresource "${subresource}"`,
    check(doc: DocumentIndex): Violation[] {
      return doc.ofType(type)
        .filter((n) => !doc.referencing('azurerm_private_endpoint', CONNECTION, n).some((r) => r.suffix === ''))
        .map((n) => ({ address: n.address, message: `${service} has no private endpoint in this stack` }));
    },
  };
}

/** Catalog key by lower-cased subresource name (Azure compares these case-insensitively). */
const SUBRESOURCES = new Map(Object.keys(PRIVATE_ENDPOINT_SUBRESOURCES).map((k) => [k.toLowerCase(), k as PrivateEndpointSubresource]));

/** Zone name behind a zone id value: a reference to a zone resource/data source in the document, or a literal resource ID. */
function zoneName(doc: DocumentIndex, value: unknown): { name?: string; unresolved?: string } {
  const ref = parseRef(value);
  if (ref && !ref.suffix && ref.attr === 'id') {
    const target = doc.byAddress(ref.address);
    if (target && (target.type === 'azurerm_private_dns_zone')) {
      const n = judge(doc, target.attrs.name);
      if (n.state === 'literal') return { name: String(n.value).toLowerCase() };
    }
    return { unresolved: String(value) };
  }
  const j = judge(doc, value);
  if (j.state === 'literal' && typeof j.value === 'string') {
    const m = /\/privateDnsZones\/([^/]+)$/i.exec(j.value);
    if (m) return { name: m[1].toLowerCase() };
    return { unresolved: j.value };
  }
  return { unresolved: show(j.state === 'unresolved' ? j.text : value) };
}

function zoneGroupViolations(doc: DocumentIndex, pe: ResourceNode): Violation[] {
  const required = new Set<string>();
  for (const conn of blocks(pe.attrs, 'private_service_connection')) {
    const subs = judge(doc, conn.subresource_names);
    if (subs.state === 'unresolved') return [{ address: pe.address, severity: 'warning', message: `subresource_names cannot be verified: value is ${show(subs.text)}` }];
    if (subs.state === 'missing' || !Array.isArray(subs.value) || subs.value.length === 0) {
      return [{ address: pe.address, severity: 'warning', message: 'private_service_connection.subresource_names is not set; the required DNS zones cannot be determined' }];
    }
    for (const s of subs.value) {
      const key = SUBRESOURCES.get(String(s).toLowerCase());
      if (!key) return [{ address: pe.address, severity: 'warning', message: `subresource ${show(s)} is not in the ailz private DNS catalog; its zones cannot be verified` }];
      for (const z of zonesFor(key)) required.add(z);
    }
  }
  const groups = blocks(pe.attrs, 'private_dns_zone_group');
  if (groups.length === 0) return [{ address: pe.address, message: `private_dns_zone_group is not set; expected zones ${[...required].sort().join(', ')}` }];
  const have = new Set<string>();
  const unresolved: string[] = [];
  for (const g of groups) {
    const ids = judge(doc, g.private_dns_zone_ids);
    if (ids.state === 'unresolved') { unresolved.push(ids.text); continue; }
    if (ids.state !== 'literal' || !Array.isArray(ids.value)) continue;
    for (const id of ids.value) {
      const z = zoneName(doc, id);
      if (z.name) have.add(z.name);
      else unresolved.push(z.unresolved ?? '');
    }
  }
  const missing = [...required].filter((z) => !have.has(z)).sort();
  if (missing.length === 0) return [];
  if (unresolved.length > 0) return [{ address: pe.address, severity: 'warning', message: `DNS zone group cannot be verified: ${show(unresolved[0])} does not name a zone; required ${missing.join(', ')}` }];
  return [{ address: pe.address, message: `private_dns_zone_group misses ${missing.join(', ')}` }];
}

export const PRIVATE_ENDPOINT_RULES: readonly Rule[] = [
  endpointCoverageRule({ id: 'AILZ-PE-001', type: 'azurerm_cognitive_account', subresource: 'account', service: 'OpenAI / AI Services account', title: 'OpenAI / AI Services account has a private endpoint', references: { azurePolicy: ['d6759c02-b87f-42b7-892e-71b3f471d782'], mcsb: ['NS-2'] } }),
  endpointCoverageRule({ id: 'AILZ-PE-002', type: 'azurerm_machine_learning_workspace', subresource: 'amlworkspace', service: 'ML workspace', title: 'ML workspace has a private endpoint', references: { azurePolicy: ['45e05259-1eb5-4f70-9574-baf73e9d219b'], mcsb: ['NS-2'] } }),
  endpointCoverageRule({ id: 'AILZ-PE-003', type: 'azurerm_key_vault', subresource: 'vault', service: 'Key Vault', title: 'Key Vault has a private endpoint', references: { azurePolicy: ['a6abeaec-4d90-4a02-805f-6b26c4d3fbe9'], mcsb: ['NS-2'] } }),
  endpointCoverageRule({ id: 'AILZ-PE-004', type: 'azurerm_storage_account', subresource: 'blob', service: 'storage account', title: 'Storage account has a private endpoint', references: { azurePolicy: ['6edd7eda-6dd8-40f7-810d-67160c639cd9'], mcsb: ['NS-2'] } }),
  endpointCoverageRule({ id: 'AILZ-PE-005', type: 'azurerm_container_registry', subresource: 'registry', service: 'container registry', title: 'Container registry has a private endpoint', references: { azurePolicy: ['e8eef0a8-67cf-4eb4-9386-14b0e78733d4'], mcsb: ['NS-2'] } }),
  endpointCoverageRule({ id: 'AILZ-PE-006', type: 'azurerm_search_service', subresource: 'searchService', service: 'search service', title: 'Search service has a private endpoint', references: { mcsb: ['NS-2'] } }),
  {
    id: 'AILZ-PE-007', severity: 'error', area: 'network',
    title: 'Private endpoint DNS zone group covers every zone its subresource needs',
    rationale: 'A missing zone leaves a name resolving to the public endpoint (e.g. an OpenAI account needs the openai, cognitiveservices and services.ai zones), so clients fail or silently go public.',
    remediation: 'add private_dns_zone_group.private_dns_zone_ids for every zone of the subresource (see constructs/core/private-dns-zones.ts)',
    references: { mcsb: ['NS-2'] },
    check(doc) {
      return doc.ofType('azurerm_private_endpoint').flatMap((pe) => zoneGroupViolations(doc, pe));
    },
  },
];
