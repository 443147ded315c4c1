/**
 * Drift (`--against DIR`, a synth output): the security-relevant settings ailz synthesized compared with
 * what runs. A synthesized resource is matched to the live one by ARM type and name (ailz's names are
 * literal in the synth output); each attribute pair below is the azurerm 4.55 argument and the ARM
 * property it sets (provider source: internal/services/<service>/<resource>_resource.go at v4.55.0).
 * Role assignments: a privileged or data-plane assignment at a scope ailz manages that the synth output
 * does not declare (by role and literal principal) was added by hand.
 */
import { TerraformDocument } from '../guardrails/types';
import { LiveIndex } from './model';
import { prop, Verdict } from './posture';

interface Pair {
  tf: string;
  arm: string;
  /** Terraform value -> the ARM value it sets. */
  toArm: (v: any) => unknown;
}

const bool = (v: any) => v;
const enabled = (v: any) => (v === true ? 'Enabled' : v === false ? 'Disabled' : undefined);
const not = (v: any) => (typeof v === 'boolean' ? !v : undefined);

const MAP: Record<string, { arm: string; pairs: Pair[] }> = {
  azurerm_cognitive_account: { arm: 'microsoft.cognitiveservices/accounts', pairs: [
    { tf: 'public_network_access_enabled', arm: 'properties.publicNetworkAccess', toArm: enabled },
    { tf: 'local_auth_enabled', arm: 'properties.disableLocalAuth', toArm: not },
    { tf: 'outbound_network_access_restricted', arm: 'properties.restrictOutboundNetworkAccess', toArm: bool },
    { tf: 'network_acls.default_action', arm: 'properties.networkAcls.defaultAction', toArm: bool },
  ] },
  azurerm_key_vault: { arm: 'microsoft.keyvault/vaults', pairs: [
    { tf: 'public_network_access_enabled', arm: 'properties.publicNetworkAccess', toArm: enabled },
    { tf: 'rbac_authorization_enabled', arm: 'properties.enableRbacAuthorization', toArm: bool },
    { tf: 'purge_protection_enabled', arm: 'properties.enablePurgeProtection', toArm: bool },
    { tf: 'network_acls.default_action', arm: 'properties.networkAcls.defaultAction', toArm: bool },
  ] },
  azurerm_storage_account: { arm: 'microsoft.storage/storageaccounts', pairs: [
    { tf: 'public_network_access_enabled', arm: 'properties.publicNetworkAccess', toArm: enabled },
    { tf: 'shared_access_key_enabled', arm: 'properties.allowSharedKeyAccess', toArm: bool },
    { tf: 'allow_nested_items_to_be_public', arm: 'properties.allowBlobPublicAccess', toArm: bool },
    { tf: 'network_rules.default_action', arm: 'properties.networkAcls.defaultAction', toArm: bool },
  ] },
  azurerm_container_registry: { arm: 'microsoft.containerregistry/registries', pairs: [
    { tf: 'public_network_access_enabled', arm: 'properties.publicNetworkAccess', toArm: enabled },
    { tf: 'admin_enabled', arm: 'properties.adminUserEnabled', toArm: bool },
  ] },
  azurerm_machine_learning_workspace: { arm: 'microsoft.machinelearningservices/workspaces', pairs: [
    { tf: 'public_network_access_enabled', arm: 'properties.publicNetworkAccess', toArm: enabled },
    { tf: 'managed_network.isolation_mode', arm: 'properties.managedNetwork.isolationMode', toArm: bool },
  ] },
};

const first = (v: any) => (Array.isArray(v) ? v[0] : v);
function tfAt(attrs: any, path: string): any {
  let v = attrs;
  for (const k of path.split('.')) v = first(v)?.[k];
  return v;
}
const same = (a: unknown, b: unknown) => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b);

export interface DriftFinding extends Verdict {
  rule: string;
  subscription?: string;
  resourceId: string;
}

export function driftFindings(ix: LiveIndex, docs: readonly TerraformDocument[]): DriftFinding[] {
  const out: DriftFinding[] = [];
  const managed = new Set<string>();
  const declared = new Set<string>();
  const unresolvedRoles = new Set<string>();
  for (const d of docs) {
    const res = d.json?.resource ?? {};
    for (const [tfType, spec] of Object.entries(MAP)) {
      for (const [addr, attrs] of Object.entries<any>(res[tfType] ?? {})) {
        if (typeof attrs?.name !== 'string' || attrs.name.includes('${')) continue;
        const live = ix.ofType(spec.arm).filter((r) => r.name.toLowerCase() === attrs.name.toLowerCase());
        for (const r of live) {
          managed.add(r.id.toLowerCase());
          for (const p of spec.pairs) {
            const tv = tfAt(attrs, p.tf);
            if (tv === undefined || (typeof tv === 'string' && tv.includes('${'))) continue;
            const want = p.toArm(tv);
            const have = prop(r, p.arm);
            if (want === undefined || same(want, have)) continue;
            out.push({
              rule: 'AILZ-LIVE-011', subscription: r.subscription, resourceId: r.id,
              message: `${p.arm} is ${JSON.stringify(have ?? null)} but ${d.stack}/${tfType}.${addr} sets ${p.tf} = ${JSON.stringify(tv)}`,
              evidence: { property: p.arm, value: have ?? null, expected: JSON.stringify(want) },
              fix: `terraform -chdir=<synth dir>/stacks/${d.stack} apply (restores ${p.tf} = ${JSON.stringify(tv)}), or change the config and let it go through review`,
            });
          }
        }
      }
    }
    for (const ra of Object.values<any>(res.azurerm_role_assignment ?? {})) {
      const role = String(ra.role_definition_id ?? ra.role_definition_name ?? '').toLowerCase().split('/').pop();
      const principal = String(ra.principal_id ?? '');
      if (principal.includes('${')) unresolvedRoles.add(role ?? '');
      else declared.add(`${role}|${principal.toLowerCase()}`);
    }
  }
  if (managed.size === 0) return out;
  for (const a of ix.snapshot.tables.authorizationresources) {
    if (String(a.type).toLowerCase() !== 'microsoft.authorization/roleassignments') continue;
    const scope = String(prop(a, 'properties.scope') ?? '').toLowerCase();
    if (!managed.has(scope)) continue;
    const role = String(prop(a, 'properties.roleDefinitionId') ?? '').toLowerCase().split('/').pop() ?? '';
    const principal = String(prop(a, 'properties.principalId') ?? '').toLowerCase();
    // A synthesized assignment of this role to a managed identity (unknown until apply) may be this one.
    if (declared.has(`${role}|${principal}`) || unresolvedRoles.has(role)) continue;
    out.push({
      rule: 'AILZ-LIVE-012', subscription: /^\/subscriptions\/([^/]+)/.exec(scope)?.[1], resourceId: String(a.id),
      message: `role ${role} for ${prop(a, 'properties.principalType') ?? 'principal'} ${principal} at ${prop(a, 'properties.scope')} is not in the synth output`,
      evidence: { property: 'properties.roleDefinitionId', value: role, expected: 'an assignment the config declares' },
      fix: `az role assignment delete --ids ${a.id}  (or declare the access in the config)`,
    });
  }
  return out;
}
