/**
 * The guardrail catalog's controls judged on live ARM resources, under the same rule IDs. A live
 * resource *is* an ARM resource, so each check reads the ARM property Azure documents for the
 * control (the `properties` of the provider's REST API spec) and fails closed: anything but the secure
 * value, an absent property included, is a finding with the property and its value as evidence.
 */
import { AI_TYPES, DEPENDENCY_TYPES, MONITORING_TYPES } from '../azure/ai-resource-types';
import { LiveArmResource, Evidence, LiveIndex } from './model';
import { RestDataKey } from './snapshot';
import { judgeModelDeployment, LifecycleFindingKind } from '../azure/models';

export interface Verdict {
  message: string;
  evidence?: Evidence;
  fix: string;
  severity?: 'error' | 'warning';
  /** Defaults to the judged resource; a diagnostic setting or deployment names itself. */
  resourceId?: string;
}

export interface PostureContext {
  /** true: production, false: not, undefined: unknown. */
  production(r: LiveArmResource): boolean | undefined;
  /** The date model lifecycle is judged on, YYYY-MM-DD. */
  asOf: string;
}

export interface LiveCheck {
  rule: string;
  types: readonly string[];
  /** REST data the check reads: not exported means the check is disabled, and the report says so. */
  needs?: RestDataKey;
  check(r: LiveArmResource, ix: LiveIndex, ctx: PostureContext): Verdict | Verdict[] | undefined;
}

const PATHS = new Map<string, string[]>();

/** Case-insensitive property path lookup (ARM property names are case-insensitive). */
export function prop(obj: any, path: string): any {
  let keys = PATHS.get(path);
  if (!keys) PATHS.set(path, (keys = path.split('.')));
  let v = obj;
  for (const k of keys) {
    if (v === null || v === undefined || typeof v !== 'object') return undefined;
    if (k in v) {
      v = v[k];
      continue;
    }
    const lower = k.toLowerCase();
    const key = Object.keys(v).find((x) => x.toLowerCase() === lower);
    v = key === undefined ? undefined : v[key];
  }
  return v;
}

const ci = (v: unknown, s: string) => typeof v === 'string' && v.toLowerCase() === s.toLowerCase();
const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
const shown = (v: unknown) => (v === undefined ? null : v);
const nameOf = (r: LiveArmResource) => `--name ${r.name} --resource-group ${r.resourceGroup}`;

/** A check of one property on the resource: secure predicate, expectation, fix. */
function property(rule: string, types: readonly string[], path: string, secure: (v: any) => boolean, expected: string, fix: (r: LiveArmResource) => string): LiveCheck {
  return {
    rule, types,
    check(r) {
      const v = prop(r, path);
      if (secure(v)) return undefined;
      return { message: `${path} is ${JSON.stringify(shown(v))}; expected ${expected}`, evidence: { property: path, value: shown(v), expected }, fix: fix(r) };
    },
  };
}

const ACCOUNT = [AI_TYPES.cognitiveAccount];
const KV = [DEPENDENCY_TYPES.keyVault];
const SA = [DEPENDENCY_TYPES.storage];
const ACR = [DEPENDENCY_TYPES.containerRegistry];
const SEARCH = [AI_TYPES.search];
const MLW = [AI_TYPES.mlWorkspace];
const MLC = [AI_TYPES.mlCompute];
const LAW = [MONITORING_TYPES.logAnalytics];

const cogUpdate = (r: LiveArmResource, set: string) => `az resource update --ids ${r.id} --set ${set}`;

/** Approved private endpoint connections (ARM `properties.privateEndpointConnections`). */
function privateEndpoint(rule: string, types: readonly string[]): LiveCheck {
  return {
    rule, types,
    check(r) {
      const conns = prop(r, 'properties.privateEndpointConnections');
      const approved = Array.isArray(conns) ? conns.filter((c) => ci(prop(c, 'properties.privateLinkServiceConnectionState.status'), 'Approved')) : [];
      if (approved.length > 0) return undefined;
      const states = Array.isArray(conns) ? conns.map((c) => prop(c, 'properties.privateLinkServiceConnectionState.status')) : [];
      return {
        message: Array.isArray(conns) && conns.length ? `no approved private endpoint connection (states: ${states.join(', ')})` : 'no private endpoint connection',
        evidence: { property: 'properties.privateEndpointConnections', value: states, expected: 'at least one connection in state "Approved"' },
        fix: `az network private-endpoint create --connection-name pe-${r.name} --name pe-${r.name} --private-connection-resource-id ${r.id} --resource-group ${r.resourceGroup} --vnet-name <spoke vnet> --subnet <private endpoint subnet> --group-id <subresource>`,
      };
    },
  };
}

function hasWorkspace(setting: any): boolean {
  return present(prop(setting, 'properties.workspaceId'));
}

/** The resource (or its blob service) has a diagnostic setting that reaches a Log Analytics workspace. */
function diagnostics(rule: string, types: readonly string[], suffix = ''): LiveCheck {
  return {
    rule, types, needs: 'diagnosticSettings',
    check(r, ix) {
      const target = `${r.id}${suffix}`;
      const settings = ix.rest('diagnosticSettings', suffix ? target : r.scopeId) ?? [];
      if (settings.some(hasWorkspace)) return undefined;
      return {
        resourceId: target,
        message: settings.length ? `${settings.length} diagnostic setting(s), none sends to a Log Analytics workspace` : 'no diagnostic setting',
        evidence: { property: 'diagnosticSettings[].properties.workspaceId', value: settings.map((s) => prop(s, 'properties.workspaceId') ?? null), expected: 'a Log Analytics workspace ID' },
        fix: `az monitor diagnostic-settings create --name ailz-diagnostics --resource ${target} --workspace <platform Log Analytics workspace ID> --logs '[{"categoryGroup":"allLogs","enabled":true}]' --metrics '[{"category":"AllMetrics","enabled":true}]'`,
      };
    },
  };
}

/** Each diagnostic setting of an inventoried resource: DIAG-010 (workspace), DIAG-011 (allLogs), DIAG-012 (AllMetrics). */
function settingsCheck(rule: 'AILZ-DIAG-010' | 'AILZ-DIAG-011' | 'AILZ-DIAG-012', types: readonly string[]): LiveCheck {
  return {
    rule, types, needs: 'diagnosticSettings',
    check(r, ix) {
      const out: Verdict[] = [];
      const targets = r.type === DEPENDENCY_TYPES.storage ? [r.id, `${r.id}/blobServices/default`] : [r.id];
      for (const target of targets) {
        const storageAccountLevel = r.type === DEPENDENCY_TYPES.storage && target === r.id;
        for (const s of ix.rest('diagnosticSettings', target === r.id ? r.scopeId : target) ?? []) {
          const sid = String(s.id ?? `${target}/providers/microsoft.insights/diagnosticSettings/${s.name}`);
          const fixBase = `az monitor diagnostic-settings update --name ${s.name} --resource ${target}`;
          if (rule === 'AILZ-DIAG-010' && !hasWorkspace(s)) {
            out.push({ resourceId: sid, message: 'sends to no Log Analytics workspace', evidence: { property: 'properties.workspaceId', value: shown(prop(s, 'properties.workspaceId')), expected: 'a Log Analytics workspace ID' }, fix: `${fixBase} --workspace <platform Log Analytics workspace ID>` });
          }
          const logs: any[] = Array.isArray(prop(s, 'properties.logs')) ? prop(s, 'properties.logs') : [];
          // A storage account itself has metrics only (logs live on its services), as DIAG-011 exempts it.
          if (rule === 'AILZ-DIAG-011' && !storageAccountLevel) {
            const all = logs.some((l) => ci(prop(l, 'categoryGroup'), 'allLogs') && prop(l, 'enabled') === true);
            if (!all) {
              out.push({ resourceId: sid, message: 'the allLogs category group is not enabled', evidence: { property: 'properties.logs', value: logs.map((l) => ({ category: l.category ?? null, categoryGroup: l.categoryGroup ?? null, enabled: l.enabled ?? null })), expected: 'categoryGroup "allLogs" enabled' }, fix: `${fixBase} --logs '[{"categoryGroup":"allLogs","enabled":true}]'` });
            }
          }
          const metrics: any[] = Array.isArray(prop(s, 'properties.metrics')) ? prop(s, 'properties.metrics') : [];
          if (rule === 'AILZ-DIAG-012' && !(r.type === DEPENDENCY_TYPES.storage && target !== r.id)) {
            if (!metrics.some((m) => prop(m, 'category') === 'AllMetrics' && prop(m, 'enabled') === true)) {
              out.push({ resourceId: sid, message: 'AllMetrics is not enabled', evidence: { property: 'properties.metrics', value: metrics.map((m) => ({ category: m.category ?? null, enabled: m.enabled ?? null })), expected: 'category "AllMetrics" enabled' }, fix: `${fixBase} --metrics '[{"category":"AllMetrics","enabled":true}]'` });
            }
          }
        }
      }
      return out;
    },
  };
}

/** Normalised content filter name: Azure returns `hate`, `selfharm`, `Protected Material Text`, `protected_material_code`, `indirect_attack`... */
const norm = (s: unknown) => (typeof s === 'string' ? s.toLowerCase().replace(/[^a-z0-9]/g, '') : '');

function raiCheck(rule: string, required: { name: string; sources: readonly string[]; threshold?: boolean }[]): LiveCheck {
  return {
    rule, types: ACCOUNT, needs: 'raiPolicies',
    check(r, ix) {
      const policies = ix.rest('raiPolicies', r.scopeId) ?? [];
      const deployments = ix.rest('deployments', r.scopeId) ?? [];
      const used = new Set(deployments.map((d) => String(prop(d, 'properties.raiPolicyName') ?? '').toLowerCase()).filter(Boolean));
      const out: Verdict[] = [];
      for (const p of policies) {
        // Judged: the account's own policies, and any (Microsoft-managed included) a deployment uses.
        const own = !ci(prop(p, 'properties.type'), 'SystemManaged') && !String(p.name).startsWith('Microsoft.');
        if (!own && !used.has(String(p.name).toLowerCase())) continue;
        const filters: any[] = Array.isArray(prop(p, 'properties.contentFilters')) ? prop(p, 'properties.contentFilters') : [];
        const problems: string[] = [];
        for (const req of required) {
          for (const source of req.sources) {
            const f = filters.find((x) => norm(x.name) === norm(req.name) && norm(x.source) === norm(source));
            if (!f) {
              problems.push(`${req.name}/${source} missing`);
              continue;
            }
            if (prop(f, 'enabled') !== true) problems.push(`${req.name}/${source} enabled=${JSON.stringify(shown(prop(f, 'enabled')))}`);
            if (prop(f, 'blocking') !== true) problems.push(`${req.name}/${source} blocking=${JSON.stringify(shown(prop(f, 'blocking')))}`);
            if (req.threshold && !['low', 'medium'].includes(String(prop(f, 'severityThreshold')).toLowerCase())) problems.push(`${req.name}/${source} severityThreshold=${JSON.stringify(shown(prop(f, 'severityThreshold')))}`);
          }
        }
        if (problems.length) {
          out.push({
            resourceId: String(p.id ?? `${r.id}/raiPolicies/${p.name}`),
            message: `content filters not enforced: ${problems.join(', ')}`,
            evidence: { property: 'properties.contentFilters', value: problems, expected: required.map((x) => `${x.name} (${x.sources.join('+')})`).join(', ') + ' enabled and blocking' },
            fix: `az rest --method put --url "https://management.azure.com${r.id}/raiPolicies/${p.name}?api-version=2024-10-01" --body @rai-policy.json  (enable and block the listed filters)`,
          });
        }
      }
      return out;
    },
  };
}

/** The deployment property each kind of lifecycle finding is about. */
const LIFECYCLE_PROPERTY: Record<LifecycleFindingKind, string> = {
  'retired': 'properties.model.version', 'retiring-soon': 'properties.model.version', 'deprecated': 'properties.model.version', 'legacy': 'properties.model.version',
  'preview': 'properties.model.version', 'unknown-version': 'properties.model.version', 'unknown-model': 'properties.model.name',
  'not-offered': 'location', 'availability-unknown': 'location', 'unknown-sku': 'sku.name',
};
const LIFECYCLE_EXPECTED: Record<LifecycleFindingKind, string> = {
  'retired': 'a version not retired on the as-of date', 'retiring-soon': 'a version not retiring within 90 days', 'deprecated': 'a version that is not deprecated',
  'legacy': 'a current (GA) model', 'preview': 'a GA model in production', 'unknown-version': 'a version the ailz model catalog lists',
  'unknown-model': 'a model the ailz model catalog lists', 'not-offered': 'a region that offers the version as this SKU',
  'availability-unknown': 'a version whose availability the catalog lists', 'unknown-sku': 'a deployment type the catalog knows',
};

const deploymentFix = (r: LiveArmResource, d: any, what: string) => `az cognitiveservices account deployment create --name ${r.name} --resource-group ${r.resourceGroup} --deployment-name ${d.name} ${what}`;

export const LIVE_CHECKS: readonly LiveCheck[] = [
  // --- Azure OpenAI / AI Services (Cognitive Services accounts) ---
  property('AILZ-OAI-001', ACCOUNT, 'properties.publicNetworkAccess', (v) => ci(v, 'Disabled'), '"Disabled"', (r) => cogUpdate(r, 'properties.publicNetworkAccess=Disabled')),
  property('AILZ-OAI-002', ACCOUNT, 'properties.disableLocalAuth', (v) => v === true, 'true', (r) => cogUpdate(r, 'properties.disableLocalAuth=true')),
  {
    rule: 'AILZ-OAI-003', types: ACCOUNT,
    check(r) {
      const acl = prop(r, 'properties.networkAcls');
      const fix = `az cognitiveservices account network-rule list ${nameOf(r)}; then: ${cogUpdate(r, 'properties.networkAcls.defaultAction=Deny properties.networkAcls.ipRules=[] properties.networkAcls.virtualNetworkRules=[]')}`;
      if (!acl) return { message: 'properties.networkAcls is not set (accepts traffic from all networks); expected defaultAction "Deny"', evidence: { property: 'properties.networkAcls', value: null, expected: '{ defaultAction: "Deny" } with no rules' }, fix };
      if (!ci(prop(acl, 'defaultAction'), 'Deny')) return { message: `properties.networkAcls.defaultAction is ${JSON.stringify(shown(prop(acl, 'defaultAction')))}; expected "Deny"`, evidence: { property: 'properties.networkAcls.defaultAction', value: shown(prop(acl, 'defaultAction')), expected: '"Deny"' }, fix };
      const ip = prop(acl, 'ipRules');
      const vnet = prop(acl, 'virtualNetworkRules');
      if ((Array.isArray(ip) && ip.length) || (Array.isArray(vnet) && vnet.length)) {
        return { message: `properties.networkAcls allows ${Array.isArray(ip) && ip.length ? `ipRules ${JSON.stringify(ip.map((x: any) => x.value ?? x))}` : 'virtualNetworkRules'}; expected none (private endpoints only)`, evidence: { property: 'properties.networkAcls', value: { ipRules: ip ?? [], virtualNetworkRules: vnet ?? [] }, expected: 'no IP or VNet rules' }, fix };
      }
      return undefined;
    },
  },
  {
    rule: 'AILZ-OAI-004', types: ACCOUNT,
    check(r) {
      const restricted = prop(r, 'properties.restrictOutboundNetworkAccess');
      const fix = cogUpdate(r, 'properties.restrictOutboundNetworkAccess=true properties.allowedFqdnList=[]');
      if (restricted !== true) return { message: `properties.restrictOutboundNetworkAccess is ${JSON.stringify(shown(restricted))}; expected true`, evidence: { property: 'properties.restrictOutboundNetworkAccess', value: shown(restricted), expected: 'true' }, fix };
      const list = prop(r, 'properties.allowedFqdnList');
      const bad = Array.isArray(list) ? list.find((d: unknown) => typeof d !== 'string' || d.trim() === '' || d.trim() === '*') : undefined;
      if (bad !== undefined) return { message: `properties.allowedFqdnList contains ${JSON.stringify(bad)}; expected concrete FQDNs only`, evidence: { property: 'properties.allowedFqdnList', value: list, expected: 'concrete FQDNs' }, fix };
      return undefined;
    },
  },
  property('AILZ-OAI-005', ACCOUNT, 'identity.type', (v) => typeof v === 'string' && v.trim() !== '' && !ci(v, 'None'), 'a managed identity type', (r) => `az cognitiveservices account identity assign ${nameOf(r)}`),
  property('AILZ-OAI-006', ACCOUNT, 'identity.type', (v) => typeof v === 'string' && v.toLowerCase().includes('userassigned'), 'a type including "UserAssigned"', (r) => `az cognitiveservices account identity assign ${nameOf(r)} --user-assigned <identity resource ID>`),
  property('AILZ-OAI-007', ACCOUNT, 'properties.customSubDomainName', present, 'a custom subdomain name', (r) => `az cognitiveservices account update ${nameOf(r)} --custom-domain <globally unique subdomain>`),
  {
    rule: 'AILZ-OAI-008', types: ACCOUNT, needs: 'deployments',
    check(r, ix) {
      // A deployment created without a policy shows the service default (Microsoft.Default / Microsoft.DefaultV2):
      // the deployment then depends on whatever the service applies, which is what OAI-008 forbids.
      return (ix.rest('deployments', r.scopeId) ?? []).flatMap((d): Verdict[] => {
        const p = prop(d, 'properties.raiPolicyName');
        if (present(p) && !String(p).startsWith('Microsoft.')) return [];
        return [{
          resourceId: String(d.id), message: present(p) ? `uses the service-managed content filter ${JSON.stringify(p)}; expected the account's own policy` : 'no content filter (RAI) policy attached',
          evidence: { property: 'properties.raiPolicyName', value: shown(p), expected: 'a content filter policy of the account' },
          fix: deploymentFix(r, d, '--rai-policy-name <policy> (re-deploy with the same model, version and SKU)'),
        }];
      });
    },
  },
  {
    rule: 'AILZ-OAI-009', types: ACCOUNT, needs: 'deployments',
    check(r, ix, ctx) {
      const prod = ctx.production(r);
      if (prod === false) return undefined;
      return (ix.rest('deployments', r.scopeId) ?? []).flatMap((d): Verdict[] => {
        const v = prop(d, 'properties.versionUpgradeOption');
        if (ci(v, 'NoAutoUpgrade')) return [];
        return [{
          resourceId: String(d.id),
          severity: prod === undefined ? 'warning' : undefined,
          message: `properties.versionUpgradeOption is ${JSON.stringify(shown(v))}; expected "NoAutoUpgrade"${prod === undefined ? ' (environment unknown: no environment tag and no production management group)' : ' (production account)'}`,
          evidence: { property: 'properties.versionUpgradeOption', value: shown(v), expected: '"NoAutoUpgrade"' },
          fix: deploymentFix(r, d, '--version-upgrade-option NoAutoUpgrade'),
        }];
      });
    },
  },
  {
    // The same judgement as the guardrail and `ailz validate` (azure/models.ts: Microsoft's retirement schedule and
    // availability matrices, with their dates), on the deployment's model, version and SKU and the account's region.
    rule: 'AILZ-OAI-013', types: ACCOUNT, needs: 'deployments',
    check(r, ix, ctx) {
      const region = r.location ? r.location.toLowerCase().replace(/\s+/g, '') : undefined;
      return (ix.rest('deployments', r.scopeId) ?? []).flatMap((d): Verdict[] => {
        const model = prop(d, 'properties.model.name');
        const version = prop(d, 'properties.model.version');
        const sku = prop(d, 'sku.name');
        const fix = (what: string) => deploymentFix(r, d, `--model-name ${typeof model === 'string' ? model : '<model>'} --model-version ${what} --model-format ${prop(d, 'properties.model.format') ?? 'OpenAI'} --sku-name ${typeof sku === 'string' ? sku : '<sku>'}`);
        if (typeof model !== 'string' || !model || typeof version !== 'string' || !version || typeof sku !== 'string' || !sku) {
          return [{
            resourceId: String(d.id), severity: 'warning',
            message: `model lifecycle cannot be judged: properties.model.name ${JSON.stringify(shown(model))}, properties.model.version ${JSON.stringify(shown(version))}, sku.name ${JSON.stringify(shown(sku))}`,
            evidence: { property: 'properties.model', value: shown(prop(d, 'properties.model')), expected: 'a model name, version and SKU' },
            fix: fix('<a current version>'),
          }];
        }
        const judged: Record<string, unknown> = { 'properties.model.name': model, 'properties.model.version': version, 'sku.name': sku, location: r.location ?? null };
        return judgeModelDeployment({ model, version, sku, region, production: ctx.production(r) === true }, ctx.asOf).map((f): Verdict => ({
          resourceId: String(d.id), severity: f.severity, message: f.message,
          evidence: { property: LIFECYCLE_PROPERTY[f.kind], value: judged[LIFECYCLE_PROPERTY[f.kind]], expected: LIFECYCLE_EXPECTED[f.kind] },
          fix: f.kind === 'not-offered' || f.kind === 'unknown-sku' || f.kind === 'availability-unknown'
            ? `${fix(version)}  (with a SKU ${r.location ?? 'the region'} offers, or in an account in a region that offers it)`
            : fix(`<a current version of ${model}>`),
        }));
      });
    },
  },
  raiCheck('AILZ-OAI-010', [{ name: 'Jailbreak', sources: ['Prompt'] }, { name: 'Indirect Attack', sources: ['Prompt'] }]),
  raiCheck('AILZ-OAI-011', ['Hate', 'Sexual', 'Violence', 'SelfHarm'].map((name) => ({ name, sources: ['Prompt', 'Completion'], threshold: true }))),
  raiCheck('AILZ-OAI-012', [{ name: 'Protected Material Text', sources: ['Completion'] }, { name: 'Protected Material Code', sources: ['Completion'] }]),
  {
    rule: 'AILZ-PRD-001', types: ACCOUNT, needs: 'deployments',
    check(r, ix, ctx) {
      if (ctx.production(r) !== true) return undefined;
      return (ix.rest('deployments', r.scopeId) ?? []).flatMap((d): Verdict[] => {
        const sku = String(prop(d, 'sku.name') ?? '');
        if (!/^global/i.test(sku)) return [];
        return [{ resourceId: String(d.id), message: `sku.name is "${sku}": prompts may be processed in any Azure geography`, evidence: { property: 'sku.name', value: sku, expected: 'a Standard, DataZone* or regional SKU' }, fix: deploymentFix(r, d, '--sku-name DataZoneStandard') }];
      });
    },
  },
  {
    rule: 'AILZ-PRD-002', types: ACCOUNT,
    check(r, _ix, ctx) {
      if (ctx.production(r) !== true) return undefined;
      const ks = prop(r, 'properties.encryption.keySource');
      return ci(ks, 'Microsoft.KeyVault') ? undefined : { message: `properties.encryption.keySource is ${JSON.stringify(shown(ks))} (production account); expected "Microsoft.KeyVault"`, evidence: { property: 'properties.encryption.keySource', value: shown(ks), expected: '"Microsoft.KeyVault"' }, fix: `az cognitiveservices account update ${nameOf(r)} --encryption '{"keySource":"Microsoft.KeyVault","keyVaultProperties":{...}}'` };
    },
  },
  privateEndpoint('AILZ-PE-001', ACCOUNT),
  diagnostics('AILZ-DIAG-001', ACCOUNT),

  // --- Key Vault ---
  property('AILZ-KV-001', KV, 'properties.enableRbacAuthorization', (v) => v === true, 'true', (r) => `az keyvault update ${nameOf(r)} --enable-rbac-authorization true`),
  property('AILZ-KV-002', KV, 'properties.enablePurgeProtection', (v) => v === true, 'true', (r) => `az keyvault update ${nameOf(r)} --enable-purge-protection true`),
  // Azure applies 90 days when softDeleteRetentionInDays is absent (Key Vault REST 2023-07-01 VaultProperties).
  property('AILZ-KV-003', KV, 'properties.softDeleteRetentionInDays', (v) => (v === undefined || v === null ? true : Number(v) >= 7 && Number(v) <= 90), 'between 7 and 90', (r) => `az keyvault update ${nameOf(r)} --retention-days 90`),
  property('AILZ-KV-004', KV, 'properties.publicNetworkAccess', (v) => ci(v, 'Disabled'), '"Disabled"', (r) => `az keyvault update ${nameOf(r)} --public-network-access Disabled`),
  property('AILZ-KV-005', KV, 'properties.networkAcls.defaultAction', (v) => ci(v, 'Deny'), '"Deny"', (r) => `az keyvault update ${nameOf(r)} --default-action Deny --bypass AzureServices`),
  {
    rule: 'AILZ-KV-006', types: KV,
    check(r) {
      const ap = prop(r, 'properties.accessPolicies');
      if (ap === undefined || ap === null || (Array.isArray(ap) && ap.length === 0)) return undefined;
      // Fails closed: anything but an empty list (an unreadable value included) is a finding.
      const fix = `az keyvault delete-policy ${nameOf(r)} --object-id <objectId> (for each)`;
      if (!Array.isArray(ap)) return { message: `properties.accessPolicies is ${JSON.stringify(ap)}; expected [] (RBAC only)`, evidence: { property: 'properties.accessPolicies', value: ap, expected: '[]' }, fix };
      return { message: `${ap.length} legacy access polic${ap.length === 1 ? 'y' : 'ies'}; expected none (RBAC only)`, evidence: { property: 'properties.accessPolicies', value: ap.map((p: any) => p?.objectId ?? null), expected: '[]' }, fix };
    },
  },
  privateEndpoint('AILZ-PE-003', KV),
  diagnostics('AILZ-DIAG-003', KV),

  // --- Storage ---
  property('AILZ-ST-001', SA, 'properties.allowSharedKeyAccess', (v) => v === false, 'false', (r) => `az storage account update ${nameOf(r)} --allow-shared-key-access false`),
  property('AILZ-ST-002', SA, 'properties.minimumTlsVersion', (v) => v === 'TLS1_2' || v === 'TLS1_3', '"TLS1_2"', (r) => `az storage account update ${nameOf(r)} --min-tls-version TLS1_2`),
  property('AILZ-ST-003', SA, 'properties.allowBlobPublicAccess', (v) => v === false, 'false', (r) => `az storage account update ${nameOf(r)} --allow-blob-public-access false`),
  property('AILZ-ST-004', SA, 'properties.publicNetworkAccess', (v) => ci(v, 'Disabled'), '"Disabled"', (r) => `az storage account update ${nameOf(r)} --public-network-access Disabled`),
  property('AILZ-ST-005', SA, 'properties.supportsHttpsTrafficOnly', (v) => v === true, 'true', (r) => `az storage account update ${nameOf(r)} --https-only true`),
  property('AILZ-ST-006', SA, 'properties.encryption.requireInfrastructureEncryption', (v) => v === true, 'true', () => 'infrastructure encryption is set at creation: create a new account with --require-infrastructure-encryption and move the data'),
  property('AILZ-ST-007', SA, 'properties.defaultToOAuthAuthentication', (v) => v === true, 'true', (r) => `az storage account update ${nameOf(r)} --default-to-oauth-authentication true`),
  property('AILZ-ST-011', SA, 'properties.networkAcls.defaultAction', (v) => ci(v, 'Deny'), '"Deny"', (r) => `az storage account update ${nameOf(r)} --default-action Deny`),
  property('AILZ-ST-012', SA, 'properties.isLocalUserEnabled', (v) => v === false, 'false', (r) => `az storage account update ${nameOf(r)} --enable-local-user false`),
  property('AILZ-ST-013', SA, 'properties.allowCrossTenantReplication', (v) => v === false, 'false', (r) => `az storage account update ${nameOf(r)} --allow-cross-tenant-replication false`),
  {
    rule: 'AILZ-PRD-003', types: SA,
    check(r, _ix, ctx) {
      if (ctx.production(r) !== true) return undefined;
      const ks = prop(r, 'properties.encryption.keySource');
      return ci(ks, 'Microsoft.Keyvault') ? undefined : { message: `properties.encryption.keySource is ${JSON.stringify(shown(ks))} (production account); expected "Microsoft.Keyvault"`, evidence: { property: 'properties.encryption.keySource', value: shown(ks), expected: '"Microsoft.Keyvault"' }, fix: `az storage account update ${nameOf(r)} --encryption-key-source Microsoft.Keyvault --encryption-key-vault <vault URI> --encryption-key-name <key>` };
    },
  },
  privateEndpoint('AILZ-PE-004', SA),
  diagnostics('AILZ-DIAG-004', SA),
  diagnostics('AILZ-DIAG-005', SA, '/blobServices/default'),

  // --- Container registry ---
  property('AILZ-ACR-001', ACR, 'sku.name', (v) => v === 'Premium', '"Premium"', (r) => `az acr update ${nameOf(r)} --sku Premium`),
  property('AILZ-ACR-002', ACR, 'properties.adminUserEnabled', (v) => v === false, 'false', (r) => `az acr update ${nameOf(r)} --admin-enabled false`),
  property('AILZ-ACR-003', ACR, 'properties.publicNetworkAccess', (v) => ci(v, 'Disabled'), '"Disabled"', (r) => `az acr update ${nameOf(r)} --public-network-enabled false`),
  property('AILZ-ACR-004', ACR, 'properties.anonymousPullEnabled', (v) => v !== true, 'false', (r) => `az acr update ${nameOf(r)} --anonymous-pull-enabled false`),
  property('AILZ-ACR-005', ACR, 'properties.policies.exportPolicy.status', (v) => ci(v, 'disabled'), '"disabled"', (r) => `az acr update ${nameOf(r)} --allow-exports false`),
  privateEndpoint('AILZ-PE-005', ACR),
  diagnostics('AILZ-DIAG-006', ACR),

  // --- AI Search ---
  property('AILZ-SRCH-001', SEARCH, 'properties.publicNetworkAccess', (v) => ci(v, 'disabled'), '"disabled"', (r) => `az search service update ${nameOf(r)} --public-access disabled`),
  property('AILZ-SRCH-002', SEARCH, 'properties.disableLocalAuth', (v) => v === true, 'true', (r) => `az search service update ${nameOf(r)} --disable-local-auth true`),
  property('AILZ-SRCH-003', SEARCH, 'identity.type', (v) => typeof v === 'string' && v.trim() !== '' && !ci(v, 'None'), 'a managed identity type', (r) => `az search service update ${nameOf(r)} --identity-type SystemAssigned`),
  property('AILZ-SRCH-004', SEARCH, 'sku.name', (v) => typeof v === 'string' && v !== '' && !ci(v, 'free'), 'a SKU other than "free"', () => 'the SKU cannot change: create a basic or higher service and move the indexes'),
  privateEndpoint('AILZ-PE-006', SEARCH),
  diagnostics('AILZ-DIAG-007', SEARCH),

  // --- Azure Machine Learning / Foundry hubs and projects ---
  property('AILZ-ML-001', MLW, 'properties.publicNetworkAccess', (v) => ci(v, 'Disabled'), '"Disabled"', (r) => `az ml workspace update ${nameOf(r)} --public-network-access Disabled`),
  property('AILZ-ML-002', MLW, 'properties.managedNetwork.isolationMode', (v) => ci(v, 'AllowOnlyApprovedOutbound'), '"AllowOnlyApprovedOutbound"', (r) => `az ml workspace update ${nameOf(r)} --managed-network allow_only_approved_outbound`),
  {
    rule: 'AILZ-ML-003', types: MLW,
    check(r) {
      const t = prop(r, 'identity.type');
      const primary = prop(r, 'properties.primaryUserAssignedIdentity');
      if (typeof t === 'string' && t.toLowerCase().includes('userassigned') && present(primary)) return undefined;
      return { message: `identity.type is ${JSON.stringify(shown(t))}, properties.primaryUserAssignedIdentity is ${JSON.stringify(shown(primary))}; expected a user-assigned primary identity`, evidence: { property: 'properties.primaryUserAssignedIdentity', value: shown(primary), expected: 'a user-assigned identity ID' }, fix: `az ml workspace update ${nameOf(r)} --primary-user-assigned-identity <identity resource ID>` };
    },
  },
  property('AILZ-ML-004', MLW, 'properties.hbiWorkspace', (v) => v === true, 'true', () => 'the high-business-impact flag is set at creation: create a new workspace with --hbi-workspace and migrate'),
  {
    rule: 'AILZ-ML-005', types: MLW,
    check(r) {
      const s = prop(r, 'properties.serverlessComputeSettings');
      if (!s) return undefined;
      const v = prop(s, 'serverlessComputeNoPublicIP');
      return v === true ? undefined : { message: `properties.serverlessComputeSettings.serverlessComputeNoPublicIP is ${JSON.stringify(shown(v))}; expected true`, evidence: { property: 'properties.serverlessComputeSettings.serverlessComputeNoPublicIP', value: shown(v), expected: 'true' }, fix: `az ml workspace update ${nameOf(r)} --set serverless_compute.no_public_ip=true` };
    },
  },
  {
    rule: 'AILZ-PRD-004', types: MLW,
    check(r, _ix, ctx) {
      if (ctx.production(r) !== true) return undefined;
      const st = prop(r, 'properties.encryption.status');
      return ci(st, 'Enabled') ? undefined : { message: `properties.encryption.status is ${JSON.stringify(shown(st))} (production workspace); expected "Enabled" (customer-managed key)`, evidence: { property: 'properties.encryption.status', value: shown(st), expected: '"Enabled"' }, fix: 'customer-managed keys are set at creation: create a new workspace with --customer-managed-key and migrate' };
    },
  },
  privateEndpoint('AILZ-PE-002', MLW),
  diagnostics('AILZ-DIAG-002', MLW),
  property('AILZ-ML-006', MLC, 'properties.properties.enableNodePublicIp', (v) => v === false, 'false', (r) => `compute public IPs are set at creation: re-create ${r.name} with --enable-node-public-ip false`),
  property('AILZ-ML-007', MLC, 'properties.disableLocalAuth', (v) => v === true, 'true', (r) => `local auth is set at creation: re-create ${r.name} with disableLocalAuth`),
  {
    rule: 'AILZ-ML-008', types: MLC,
    check(r) {
      const t = String(prop(r, 'properties.computeType') ?? '');
      const path = ci(t, 'ComputeInstance') ? 'properties.properties.sshSettings.sshPublicAccess' : 'properties.properties.remoteLoginPortPublicAccess';
      const v = prop(r, path);
      return ci(v, 'Disabled') ? undefined : { message: `${path} is ${JSON.stringify(shown(v))}; expected "Disabled"`, evidence: { property: path, value: shown(v), expected: '"Disabled"' }, fix: `az ml compute update --name ${r.name} --resource-group ${r.resourceGroup} --workspace-name <workspace> (SSH access is set at creation: re-create without SSH)` };
    },
  },

  // --- Diagnostic settings, each ---
  settingsCheck('AILZ-DIAG-010', [...ACCOUNT, ...KV, ...SA, ...ACR, ...SEARCH, ...MLW]),
  settingsCheck('AILZ-DIAG-011', [...ACCOUNT, ...KV, ...SA, ...ACR, ...SEARCH, ...MLW]),
  settingsCheck('AILZ-DIAG-012', [...ACCOUNT, ...KV, ...SA, ...ACR, ...SEARCH, ...MLW]),

  // --- Log Analytics ---
  property('AILZ-LOG-001', LAW, 'properties.features.disableLocalAuth', (v) => v === true, 'true', (r) => `az monitor log-analytics workspace update --workspace-name ${r.name} --resource-group ${r.resourceGroup} --set properties.features.disableLocalAuth=true`),
  property('AILZ-LOG-002', LAW, 'properties.retentionInDays', (v) => Number(v) >= 90, '>= 90', (r) => `az monitor log-analytics workspace update --workspace-name ${r.name} --resource-group ${r.resourceGroup} --retention-time 90`),
];

export const LIVE_COUNTERPART_IDS: ReadonlySet<string> = new Set(LIVE_CHECKS.map((c) => c.rule));
