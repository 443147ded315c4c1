/**
 * Drift (`--against DIR`, a synth output): the security-relevant settings ailz synthesized compared with what
 * runs, ARM property to ARM property. The synthesized side is the ARM view of the synth output (`arm/`, the
 * policy simulator's adapters: each derived from the provider's expand function at azurerm v4.55.0, schema
 * defaults included), so drift needs no Terraform-attribute table of its own. A synthesized resource is
 * matched to the live one by ID, else by ARM type and name (ailz's names are literal in the synth output; a
 * resource group renamed by hand or a resource moved keeps its name) within the synthesized subscription when that is
 * literal. A value the synth output cannot know (UNKNOWN) is never compared.
 * Role assignments: a privileged or data-plane assignment at a scope ailz manages that the synth output does
 * not declare (by role and literal principal) was added by hand.
 */
import { buildArmView } from '../arm/from-terraform';
import { ArmResource, ArmValue, isUnknown, showValue } from '../arm/resource';
import { stackFromTerraformJson, TerraformWorld } from '../arm/terraform';
import { TerraformDocument } from '../guardrails/types';
import { LiveArmResource, LiveIndex } from './model';
import { prop, Verdict } from './posture';

/** The ARM properties compared, per (lower-case) ARM type: the network exposure and authentication settings the guardrails hold. */
const DRIFT_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'microsoft.cognitiveservices/accounts': ['properties.publicNetworkAccess', 'properties.disableLocalAuth', 'properties.restrictOutboundNetworkAccess', 'properties.networkAcls.defaultAction'],
  'microsoft.keyvault/vaults': ['properties.publicNetworkAccess', 'properties.enableRbacAuthorization', 'properties.enablePurgeProtection', 'properties.networkAcls.defaultAction'],
  'microsoft.storage/storageaccounts': ['properties.publicNetworkAccess', 'properties.allowSharedKeyAccess', 'properties.allowBlobPublicAccess', 'properties.networkAcls.defaultAction'],
  'microsoft.containerregistry/registries': ['properties.publicNetworkAccess', 'properties.adminUserEnabled'],
  'microsoft.machinelearningservices/workspaces': ['properties.publicNetworkAccess', 'properties.managedNetwork.isolationMode'],
};

/** A synthesized value: undefined when not sent, UNKNOWN anywhere on the way makes it unknown. */
function synthesized(r: ArmResource, path: string): ArmValue | undefined {
  let v: ArmValue | undefined = r as unknown as ArmValue;
  for (const k of path.split('.')) {
    if (v === undefined || v === null || isUnknown(v)) return v;
    if (typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = prop(v, k);
  }
  return v;
}

const same = (a: unknown, b: unknown) => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b);
const lc = (s: unknown) => String(s ?? '').toLowerCase();

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The live resources a synthesized one is: the one with its ID, else those of its type and name (in its subscription when known). */
function counterparts(ix: LiveIndex, r: ArmResource, type: string, name: string): LiveArmResource[] {
  const byId = typeof r.id === 'string' ? ix.byId.get(r.id.toLowerCase()) : undefined;
  if (byId) return [byId];
  const sub = typeof r.subscription === 'string' && GUID.test(r.subscription) ? r.subscription.toLowerCase() : undefined;
  return ix.ofType(type).filter((x) => x.name.toLowerCase() === name.toLowerCase() && (!sub || x.subscription === sub));
}

export interface DriftFinding extends Verdict {
  rule: string;
  subscription?: string;
  resourceId: string;
}

export function driftFindings(ix: LiveIndex, docs: readonly TerraformDocument[]): DriftFinding[] {
  const view = buildArmView(new TerraformWorld(docs.map((d) => stackFromTerraformJson(d.stack, d.json))));
  const out: DriftFinding[] = [];
  const managed = new Set<string>();
  const declared = new Set<string>();
  const unresolvedRoles = new Set<string>();
  for (const r of view.resources) {
    const type = lc(r.type);
    const paths = DRIFT_PROPERTIES[type];
    if (paths && typeof r.name === 'string') {
      const live = counterparts(ix, r, type, r.name);
      for (const l of live) {
        managed.add(l.scopeId);
        for (const path of paths) {
          const want = synthesized(r, path);
          if (want === undefined || isUnknown(want)) continue;
          const have = prop(l, path);
          if (same(want, have)) continue;
          out.push({
            rule: 'AILZ-LIVE-011', subscription: l.subscription, resourceId: l.id,
            message: `${path} is ${JSON.stringify(have ?? null)} but ${r.source.stack}/${r.source.address} synthesizes ${showValue(want)}`,
            evidence: { property: path, value: have ?? null, expected: showValue(want) },
            fix: `terraform -chdir=<synth dir>/stacks/${r.source.stack} apply (restores ${path} = ${showValue(want)}), or change the config and let it go through review`,
          });
        }
      }
    }
    if (type === 'microsoft.authorization/roleassignments') {
      const roleId = r.properties.roleDefinitionId;
      const principal = r.properties.principalId;
      const role = typeof roleId === 'string' ? roleId.toLowerCase().split('/').pop() ?? '' : '';
      if (typeof principal === 'string') declared.add(`${role}|${principal.toLowerCase()}`);
      else if (role) unresolvedRoles.add(role);
    }
  }
  if (managed.size === 0) return out;
  for (const a of ix.snapshot.tables.authorizationresources) {
    if (lc(a.type) !== 'microsoft.authorization/roleassignments') continue;
    const scope = lc(prop(a, 'properties.scope'));
    if (!managed.has(scope)) continue;
    const role = lc(prop(a, 'properties.roleDefinitionId')).split('/').pop() ?? '';
    const principal = lc(prop(a, 'properties.principalId'));
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
