/**
 * The ARM view of a synth output (`arm/`, the policy simulator's adapters) dressed as a live snapshot: the ARM
 * resources as Resource Graph rows, and the child and extension resources Resource Graph does not index
 * (deployments, RAI policies, diagnostic settings) as the REST data `ailz assess` reads. With it the live checks
 * judge the Terraform output through the same ARM view the policy simulation judges: the third source of the
 * one rule catalog. A resource whose ID is not known before apply (a vended subscription) is addressed by its
 * scope ID (a stable symbolic subscription segment); values not known before apply stay UNKNOWN, which every
 * live check treats as not the secure value.
 */
import { ArmView } from '../../../arm/from-terraform';
import { ArmResource, isUnknown } from '../../../arm/resource';
import { Snapshot } from '../../../assess/snapshot';

const CHILD = /^(.*)\/(deployments|raipolicies)\/[^/]+$/i;

function addressOf(r: ArmResource): string {
  return typeof r.id === 'string' ? r.id : r.scopeId;
}

export function snapshotOfView(view: ArmView): Snapshot {
  const resources: any[] = [];
  const rest: Required<Pick<Snapshot['rest'], 'deployments' | 'raiPolicies' | 'diagnosticSettings'>> = { deployments: {}, raiPolicies: {}, diagnosticSettings: {} };
  const put = (m: Record<string, any[]>, key: string, v: any) => (m[key.toLowerCase()] ??= []).push(v);
  for (const r of view.resources) {
    const id = addressOf(r);
    const type = r.type.toLowerCase();
    const body = { id, name: isUnknown(r.name) ? id.split('/').pop() : r.name, type: r.type, sku: r.sku, properties: r.properties };
    if (type === 'microsoft.cognitiveservices/accounts/deployments') put(rest.deployments, CHILD.exec(id)![1], body);
    else if (type === 'microsoft.cognitiveservices/accounts/raipolicies') put(rest.raiPolicies, CHILD.exec(id)![1], body);
    else if (type === 'microsoft.insights/diagnosticsettings' && r.scopeOf) put(rest.diagnosticSettings, r.scopeOf, body);
    else {
      const m = /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+))?/i.exec(id);
      resources.push({
        id, name: body.name, type, kind: r.kind, location: r.location, subscriptionId: m?.[1] ?? '', resourceGroup: m?.[2] ?? '',
        tags: r.tags ?? {}, properties: r.properties, sku: r.sku ?? null, identity: r.identity ?? null,
      });
    }
  }
  return {
    manifest: { formatVersion: 1, cloud: 'AzureCloud', tenantId: 't', scope: {}, exportedAt: '2026-09-01T00:00:00Z', subscriptions: { seen: [], unreadable: [] } },
    tables: { resources, resourcecontainers: [], authorizationresources: [], policyresources: [], securityresources: [] },
    rest,
  };
}
