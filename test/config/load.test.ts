import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { validateConfig, parseConfigText, ConfigError, loadConfigFile } from '../../config/load';
import { configWith } from '../stacks/helpers';

const ROOT = join(__dirname, '..', '..');

/** A policy exemption with valid defaults. */
const exemption = (assignment: string, scope: string, extra: Record<string, unknown> = {}) => ({
  assignment, scope, category: 'Waiver', justification: 'accepted until the Q3 migration', expires: '2099-01-01', ...extra,
});
const reference = (): any => parse(readFileSync(join(ROOT, 'landing-zone.yaml'), 'utf8'));
const TODAY = '2026-11-23';
const opts = { today: TODAY, knownRuleIds: new Set(['AILZ-KV-001']), knownPolicyAssignments: new Set(['deny-public-ip', 'cmk-storage', 'nic-no-public-ip']) };

function problemsOf(mutate: (c: any) => void): string[] {
  const c = reference();
  mutate(c);
  return validateConfig(c, opts).problems.map((p) => `${p.path}: ${p.message}`);
}

describe('the reference config', () => {
  it('is valid and gets its defaults', () => {
    const { config, problems } = validateConfig(reference(), opts);
    expect(problems).toEqual([]);
    expect(config!.organization.parentManagementGroupId).toBe('8f3b6a2e-4c1d-4e8f-9a7b-2d5c6e1f0a93');
    const [chat, research] = config!.workloads;
    expect(chat.encryption.customerManagedKeys).toBe(true); // production default
    expect(research.encryption.customerManagedKeys).toBe(false); // experimentation default
    expect(chat.deleteLock).toBe(true);
    expect(research.deleteLock).toBe(false);
    expect(chat.openai.kind).toBe('OpenAI');
    expect(config!.platform.privateDns).toEqual({ mode: 'managed' });
  });

  it('defaults parentManagementGroupId to the tenant root group', () => {
    const c = reference();
    delete c.organization.parentManagementGroupId;
    expect(validateConfig(c, opts).config!.organization.parentManagementGroupId).toBe(c.organization.tenantId);
  });
});

// Each row: what is broken, how, and the problem expected (path: message fragment).
const failing: [string, (c: any) => void, RegExp][] = [
  ['unknown top-level key', (c) => { c.workload = []; }, /^workload: unknown field \(did you mean "workloads"\?\)/],
  ['unknown nested key', (c) => { c.workloads[0].adressSpace = '10.9.0.0/24'; }, /^workloads\[0\]\.adressSpace: unknown field \(did you mean "addressSpace"\?\)/],
  ['wrong type', (c) => { c.workloads[0].machineLearning = 'yes'; }, /^workloads\[0\]\.machineLearning: must be boolean, got string "yes"/],
  ['missing field', (c) => { delete c.platform.subscriptionId; }, /^platform\.subscriptionId: is required/],
  ['missing section', (c) => { delete c.platform; }, /^platform: is required/],
  ['bad prefix', (c) => { c.organization.prefix = 'Contoso'; }, /^organization\.prefix: must match/],
  ['prefix too long', (c) => { c.organization.prefix = 'contosoxx'; }, /^organization\.prefix: must match/],
  ['bad tenant GUID', (c) => { c.organization.tenantId = 'not-a-guid'; }, /^organization\.tenantId: must be a GUID/],
  ['bad subscription GUID', (c) => { c.workloads[0].subscriptionId = '1234'; }, /^workloads\[0\]\.subscriptionId: must be a GUID/],
  ['bad group GUID', (c) => { c.workloads[0].access.adminsGroupObjectId = 'admins'; }, /^workloads\[0\]\.access\.adminsGroupObjectId: must be a GUID/],
  ['bad email', (c) => { c.organization.securityContactEmail = 'secops'; }, /^organization\.securityContactEmail: must be an email/],
  ['bad budget email', (c) => { c.workloads[1].budget.contactEmails = ['nobody']; }, /^workloads\[1\]\.budget\.contactEmails\[0\]: must be an email/],
  ['bad CIDR', (c) => { c.platform.hubAddressSpace = '10.0.0/22'; }, /^platform\.hubAddressSpace: "10\.0\.0\/22" is not an IPv4 CIDR \(expected a\.b\.c\.d\/n\)/],
  ['CIDR with host bits', (c) => { c.workloads[0].addressSpace = '10.1.0.1/23'; }, /^workloads\[0\]\.addressSpace: "10\.1\.0\.1\/23" has host bits set; did you mean 10\.1\.0\.0\/23\?/],
  ['unknown region', (c) => { c.organization.primaryLocation = 'swedencentrall'; }, /^organization\.primaryLocation: unknown Azure region "swedencentrall"/],
  ['unknown allowed region', (c) => { c.organization.allowedLocations.push('moon'); }, /^organization\.allowedLocations\[2\]: unknown Azure region "moon"/],
  ['bad workload name', (c) => { c.workloads[0].name = 'Chat'; }, /^workloads\[0\]\.name: must match/],
  ['workload name too long', (c) => { c.workloads[0].name = 'abcdefghijklm'; }, /^workloads\[0\]\.name: must match/],
  ['workload name with trailing hyphen', (c) => { c.workloads[0].name = 'chat-'; }, /^workloads\[0\]\.name: must not end with a hyphen/],
  ['bad environment', (c) => { c.workloads[0].environment = 'prod'; }, /^workloads\[0\]\.environment: must be one of "production", "experimentation", got string "prod"/],
  ['bad sku', (c) => { c.workloads[0].openai.deployments[0].sku = 'Premium'; }, /^workloads\[0\]\.openai\.deployments\[0\]\.sku: must be one of/],
  ['retention too short', (c) => { c.platform.logRetentionDays = 29; }, /^platform\.logRetentionDays: must be between 30 and 730/],
  ['retention too long', (c) => { c.platform.logRetentionDays = 731; }, /^platform\.logRetentionDays: must be between 30 and 730/],
  ['capacity zero', (c) => { c.workloads[0].openai.deployments[0].capacity = 0; }, /^workloads\[0\]\.openai\.deployments\[0\]\.capacity: must be at least 1/],
  ['capacity fractional', (c) => { c.workloads[0].openai.deployments[0].capacity = 1.5; }, /^workloads\[0\]\.openai\.deployments\[0\]\.capacity: must be a whole number/],
  ['budget zero', (c) => { c.workloads[0].budget.monthlyAmount = 0; }, /^workloads\[0\]\.budget\.monthlyAmount: must be at least 1 \(the smallest budget Azure accepts\)/],
  ['no deployments', (c) => { c.workloads[0].openai.deployments = []; }, /^workloads\[0\]\.openai\.deployments: must list at least one deployment/],
  ['primary location not allowed', (c) => { c.organization.primaryLocation = 'eastus'; }, /^organization\.primaryLocation: eastus is not in organization\.allowedLocations \(swedencentral, westeurope\)/],
  ['workload location not allowed', (c) => { c.workloads[1].location = 'eastus'; }, /^workloads\[1\]\.location: eastus is not in organization\.allowedLocations/],
  ['workload space smaller than /24', (c) => { c.workloads[0].addressSpace = '10.1.0.0/25'; }, /^workloads\[0\]\.addressSpace: 10\.1\.0\.0\/25 is too small/],
  ['hub too small', (c) => { c.platform.hubAddressSpace = '10.0.0.0/24'; }, /^platform\.hubAddressSpace: 10\.0\.0\.0\/24 is too small/],
  ['workload overlaps hub', (c) => { c.workloads[0].addressSpace = '10.0.2.0/24'; }, /^workloads\[0\]\.addressSpace: 10\.0\.2\.0\/24 overlaps platform\.hubAddressSpace \(10\.0\.0\.0\/22\)/],
  ['workloads overlap', (c) => { c.workloads[1].addressSpace = '10.1.1.0/24'; }, /^workloads\[1\]\.addressSpace: 10\.1\.1\.0\/24 overlaps workloads\[0\] "chat" \(10\.1\.0\.0\/23\)/],
  ['neither subscription nor billing scope', (c) => { delete c.workloads[0].subscriptionId; }, /^workloads\[0\]: needs exactly one of subscriptionId .* or billingScopeId/],
  ['both subscription and billing scope', (c) => { c.workloads[1].subscriptionId = '7c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f'; }, /^workloads\[1\]: set only one of subscriptionId and billingScopeId/],
  ['bad billing scope', (c) => { c.workloads[1].billingScopeId = '/subscriptions/x'; }, /^workloads\[1\]\.billingScopeId: must be a billing scope ID/],
  ['shared subscription', (c) => { delete c.workloads[1].billingScopeId; c.workloads[1].subscriptionId = c.workloads[0].subscriptionId; }, /^workloads\[1\]\.subscriptionId: 1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f is already used by workloads\[0\] "chat"; one workload per subscription/],
  ['workload in platform subscription', (c) => { c.workloads[0].subscriptionId = c.platform.subscriptionId; }, /^workloads\[0\]\.subscriptionId: .* is the platform subscription/],
  ['duplicate workload name', (c) => { c.workloads[1].name = 'chat'; }, /^workloads\[1\]\.name: "chat" is already used by workloads\[0\]/],
  ['duplicate deployment name', (c) => { c.workloads[0].openai.deployments[1].name = 'chat'; }, /^workloads\[0\]\.openai\.deployments\[1\]\.name: "chat" is already used by deployments\[0\]/],
  ['global processing in production', (c) => { c.workloads[0].openai.deployments[0].sku = 'GlobalStandard'; }, /^workloads\[0\]\.openai\.deployments\[0\]\.sku: GlobalStandard may process prompts in any Azure region/],
  ['existing private DNS without resource group', (c) => { c.platform.privateDns = { mode: 'existing' }; }, /^platform\.privateDns\.resourceGroupId: is required when mode is "existing"/],
  ['suppression of an unknown rule', (c) => { c.suppressions = [{ rule: 'AILZ-NOPE-001', resource: 'platform/x.y', justification: 'a sufficiently long reason here', expires: '2099-01-01' }]; }, /^suppressions\[0\]\.rule: unknown rule "AILZ-NOPE-001"/],
  ['suppression with a short justification', (c) => { c.suppressions = [{ rule: 'AILZ-KV-001', resource: 'platform/x.y', justification: 'because', expires: '2099-01-01' }]; }, /^suppressions\[0\]\.justification: must explain the exception in at least 20 visible characters \(got 7;/],
  ['expired suppression', (c) => { c.suppressions = [{ rule: 'AILZ-KV-001', resource: 'platform/x.y', justification: 'a sufficiently long reason here', expires: '2026-11-22' }]; }, /^suppressions\[0\]\.expires: 2026-11-22 is in the past/],
  ['suppression with a bad resource', (c) => { c.suppressions = [{ rule: 'AILZ-KV-001', resource: 'x', justification: 'a sufficiently long reason here', expires: '2099-01-01' }]; }, /^suppressions\[0\]\.resource: must be "<stack>\/<terraform address>"/],
  ['suppression with an impossible date', (c) => { c.suppressions = [{ rule: 'AILZ-KV-001', resource: 'platform/x.y', justification: 'a sufficiently long reason here', expires: '2099-02-30' }]; }, /^suppressions\[0\]\.expires: is not a real calendar date/],
  ['exemption of an unknown assignment', (c) => { c.policyExemptions = [{ assignment: 'nope', scope: 'contoso-ai', category: 'Waiver', justification: 'a sufficiently long reason here', expires: '2099-01-01' }]; }, /^policyExemptions\[0\]\.assignment: unknown policy assignment "nope"/],
  ['unjustified exemption', (c) => { c.policyExemptions = [{ assignment: 'deny-public-ip', scope: 'contoso-ai', category: 'Waiver', justification: 'x', expires: '2099-01-01' }]; }, /^policyExemptions\[0\]\.justification: must explain/],
  ['expired exemption', (c) => { c.policyExemptions = [{ assignment: 'deny-public-ip', scope: 'contoso-ai', category: 'Mitigated', justification: 'a sufficiently long reason here', expires: '2020-01-01' }]; }, /^policyExemptions\[0\]\.expires: 2020-01-01 is in the past/],
  ['bad exemption category', (c) => { c.policyExemptions = [{ assignment: 'deny-public-ip', scope: 'contoso-ai', category: 'Because', justification: 'a sufficiently long reason here', expires: '2099-01-01' }]; }, /^policyExemptions\[0\]\.category: must be one of "Waiver", "Mitigated"/],
  ['bad exemption scope', (c) => { c.policyExemptions = [{ assignment: 'deny-public-ip', scope: 'rg/x y', category: 'Waiver', justification: 'a sufficiently long reason here', expires: '2099-01-01' }]; }, /^policyExemptions\[0\]\.scope: must be a subscription ID/],
  ['duplicate exemption', (c) => {
    const e = { assignment: 'deny-public-ip', scope: 'contoso-ai', category: 'Waiver', justification: 'a sufficiently long reason here', expires: '2099-01-01' };
    c.policyExemptions = [e, { ...e, scope: '/providers/Microsoft.Management/managementGroups/contoso-ai' }];
  }, /^policyExemptions\[1\]: exempts the same assignment at the same scope as policyExemptions\[0\]/],
  // Address spaces Azure refuses, and CIDRs in canonical form only (azure/limits.ts RESERVED_RANGES)
  ['CIDR with leading zeros', (c) => { c.workloads[0].addressSpace = '10.01.0.0/23'; }, /^workloads\[0\]\.addressSpace: "10\.01\.0\.0\/23" has leading zeros \(some tools read them as octal\); write 10\.1\.0\.0\/23$/],
  ['CIDR prefix with a leading zero', (c) => { c.platform.hubAddressSpace = '10.0.0.0/022'; }, /^platform\.hubAddressSpace: "10\.0\.0\.0\/022" has leading zeros .*; write 10\.0\.0\.0\/22$/],
  ['CIDR octet above 255', (c) => { c.workloads[0].addressSpace = '10.256.0.0/23'; }, /^workloads\[0\]\.addressSpace: "10\.256\.0\.0\/23" has an octet above 255$/],
  ['CIDR prefix above 32', (c) => { c.workloads[0].addressSpace = '10.1.0.0/33'; }, /^workloads\[0\]\.addressSpace: "10\.1\.0\.0\/33" has a prefix length above 32$/],
  ['multicast space', (c) => { c.workloads[0].addressSpace = '224.1.0.0/23'; }, /^workloads\[0\]\.addressSpace: 224\.1\.0\.0\/23 overlaps multicast \(224\.0\.0\.0\/4\), which Azure does not allow/],
  ['loopback hub', (c) => { c.platform.hubAddressSpace = '127.0.0.0/22'; }, /^platform\.hubAddressSpace: 127\.0\.0\.0\/22 overlaps loopback/],
  ['link-local space', (c) => { c.workloads[1].addressSpace = '169.254.0.0/22'; }, /^workloads\[1\]\.addressSpace: 169\.254\.0\.0\/22 overlaps link-local/],
  ['a space in 0.0.0.0/8', (c) => { c.workloads[1].addressSpace = '0.1.0.0/22'; }, /^workloads\[1\]\.addressSpace: 0\.1\.0\.0\/22 overlaps "this network"/],
  ['a space holding the broadcast address', (c) => { c.workloads[1].addressSpace = '255.255.252.0/22'; }, /^workloads\[1\]\.addressSpace: 255\.255\.252\.0\/22 contains the broadcast address 255\.255\.255\.255/],
  ['a space holding 168.63.129.16', (c) => { c.workloads[1].addressSpace = '168.63.128.0/22'; }, /^workloads\[1\]\.addressSpace: 168\.63\.128\.0\/22 contains 168\.63\.129\.16, the Azure platform's virtual IP/],
  ['a space holding every reserved range', (c) => { c.workloads[1].addressSpace = '0.0.0.0/0'; }, /^workloads\[1\]\.addressSpace: 0\.0\.0\.0\/0 contains 168\.63\.129\.16/],
  // Tags (azure/limits.ts): counted with the ailz tags, private DNS and storage rules
  ['a tag that collides with an ailz tag', (c) => { c.organization.tags = { Environment: 'prod' }; }, /^organization\.tags\.Environment: ailz sets the tag "environment" itself/],
  ['a tag that collides with managedBy', (c) => { c.organization.tags = { managedby: 'me' }; }, /^organization\.tags\.managedby: ailz sets the tag "managedBy" itself/],
  ['too many tags', (c) => { c.organization.tags = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`t${i}`, 'v'])); }, /^organization\.tags: 13 tags plus the 3 ailz sets \(environment, managedBy, workload\) make 16; Azure allows 15 on private DNS zones and links/],
  ['a tag name with a forbidden character', (c) => { c.organization.tags = { 'cost/center': 'x' }; }, /^organization\.tags\.cost\/center: Azure tag names cannot contain \//],
  ['a tag name with a space', (c) => { c.organization.tags = { 'Cost Center': 'x' }; }, /^organization\.tags\.Cost Center: contains a space or ":": private DNS zones and links, which ailz tags, silently drop such tags/],
  ['a tag name with a colon', (c) => { c.organization.tags = { 'ms:owner': 'x' }; }, /^organization\.tags\.ms:owner: contains a space or ":"/],
  ['a tag name starting with a digit', (c) => { c.organization.tags = { '1owner': 'x' }; }, /^organization\.tags\.1owner: Azure DNS, whose private zones ailz tags, supports tag names of ASCII letters/],
  ['a non-ASCII tag name', (c) => { c.organization.tags = { 'kostenstelle-ä': 'x' }; }, /^organization\.tags\.kostenstelle-ä: Azure DNS/],
  ['a tag name too long for storage accounts', (c) => { c.organization.tags = { [`a${'b'.repeat(128)}`]: 'x' }; }, /^organization\.tags\.ab+: is 129 characters; storage accounts, which ailz tags, allow tag names of at most 128/],
  ['tag names that differ only in case', (c) => { c.organization.tags = { owner: 'a', Owner: 'b' }; }, /^organization\.tags\.Owner: is the same tag as "owner"/],
  ['a tag value over 256 bytes', (c) => { c.organization.tags = { owner: 'é'.repeat(129) }; }, /^organization\.tags\.owner: the value is 258 bytes; Azure allows 256/],
  ['a tag value that is not a string', (c) => { c.organization.tags = { costCenter: 4711 }; }, /^organization\.tags\.costCenter: must be string, got number 4711/],
  // Limits Azure documents
  ['more workloads than hub peerings', (c) => { c.workloads = Array.from({ length: 501 }, () => c.workloads[1]); }, /^workloads: at most 500 workloads: each workload network peers with the hub, and Azure allows 500 peerings per virtual network/],
  ['a budget below 1', (c) => { c.workloads[0].budget.monthlyAmount = 0.5; }, /^workloads\[0\]\.budget\.monthlyAmount: must be at least 1/],
  ['a budget email listed twice', (c) => { c.workloads[0].budget.contactEmails = ['a@example.org', 'A@example.org']; }, /^workloads\[0\]\.budget\.contactEmails\[1\]: is listed twice/],
  ['a deployment principal listed twice', (c) => { c.platform.deploymentPrincipalIds = [c.organization.tenantId, c.organization.tenantId]; }, /^platform\.deploymentPrincipalIds\[1\]: is listed twice/],
  ['provisioned capacity below the model minimum', (c) => { Object.assign(c.workloads[0].openai.deployments[0], { model: 'gpt-4o', sku: 'ProvisionedManaged', version: '2024-08-06', capacity: 25 }); }, /^workloads\[0\]\.openai\.deployments\[0\]\.capacity: 25 PTUs: a ProvisionedManaged deployment of gpt-4o 2024-08-06 takes at least 50 PTUs in steps of 50/],
  ['data-zone provisioned capacity off the increment', (c) => { Object.assign(c.workloads[0].openai.deployments[0], { model: 'gpt-4o', sku: 'DataZoneProvisionedManaged', version: '2024-08-06', capacity: 17 }); }, /^workloads\[0\]\.openai\.deployments\[0\]\.capacity: 17 PTUs: .* at least 15 PTUs in steps of 5 \(e\.g\. 15\)/],
  ['provisioned capacity of an unlisted model below the documented floor', (c) => { Object.assign(c.workloads[0].openai.deployments[1], { sku: 'ProvisionedManaged', capacity: 10 }); }, /^workloads\[0\]\.openai\.deployments\[1\]\.capacity: 10 PTUs: .* at least 15 PTUs in steps of 5/],
  // Exemptions must target a scope where the assignment applies
  ['an exemption at an unrelated management group', (c) => { c.policyExemptions = [exemption('cmk-storage', 'contoso-platform')]; }, /^policyExemptions\[0\]\.scope: contoso-platform is not the management group where it applies: cmk-storage is assigned at contoso-ai-production; exempt contoso-ai-production or the subscription of a workload below it/],
  ['an exemption of a production assignment at the experimentation group', (c) => { c.policyExemptions = [exemption('cmk-storage', '/providers/Microsoft.Management/managementGroups/contoso-ai-experimentation')]; }, /^policyExemptions\[0\]\.scope: .* is not the management group where it applies/],
  ['an exemption at the platform subscription', (c) => { c.policyExemptions = [exemption('nic-no-public-ip', c.platform.subscriptionId)]; }, /^policyExemptions\[0\]\.scope: 0b7c8d2e-.* is the platform subscription, outside the AI management groups: nic-no-public-ip is assigned at contoso-ai/],
  ['an exemption at a subscription no workload uses', (c) => { c.policyExemptions = [exemption('nic-no-public-ip', '/subscriptions/9d9d9d9d-1f3a-4b5c-8d9e-0f1a2b3c4d5e')]; }, /^policyExemptions\[0\]\.scope: \/subscriptions\/9d9d.* is not the subscription of any workload in this config/],
  ['an exemption of a production assignment at an experimentation subscription', (c) => {
    delete c.workloads[1].billingScopeId; c.workloads[1].subscriptionId = '7c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
    c.policyExemptions = [exemption('cmk-storage', '7c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f')];
  }, /^policyExemptions\[0\]\.scope: 7c2d3e4f-.* is the subscription of research \(experimentation\), not below contoso-ai-production/],
  ['an exemption of an assignment ailz does not create for this config', (c) => { c.policyExemptions = [exemption('approved-models', 'contoso-ai-production')]; }, /^policyExemptions\[0\]\.assignment: ailz does not assign approved-models for this config \(it is created only with approvedModelAssetIds/],
  // Justifications: visible characters only
  ['a justification padded with spaces', (c) => { c.suppressions = [{ rule: 'AILZ-KV-001', resource: 'platform/x.y', justification: 'a b c d e f g h i j k l m n o p q r s', expires: '2099-01-01' }]; }, /^suppressions\[0\]\.justification: must explain the exception in at least 20 visible characters \(got 19;/],
  ['a justification padded with zero-width characters', (c) => { c.policyExemptions = [exemption('nic-no-public-ip', 'contoso-ai', { justification: `short${'\u200b'.repeat(30)}` })]; }, /^policyExemptions\[0\]\.justification: .* at least 20 visible characters \(got 5;/],
  ['a justification of control characters', (c) => { c.suppressions = [{ rule: 'AILZ-KV-001', resource: 'platform/x.y', justification: `\t\n\u0000\u00a0\u2028${'\u0007'.repeat(25)}`, expires: '2099-01-01' }]; }, /^suppressions\[0\]\.justification: .* \(got 0;/],
  ['an intended removal of a malformed resource', (c) => { c.intendedRemovals = [{ resource: 'azurerm_key_vault.kv', justification: 'a sufficiently long reason here', expires: '2099-01-01' }]; }, /^intendedRemovals\[0\]\.resource: must be "<stack>\/<terraform address>"/],
  ['an unjustified intended removal', (c) => { c.intendedRemovals = [{ resource: 'workload-chat/azurerm_key_vault.kv', justification: 'cleanup', expires: '2099-01-01' }]; }, /^intendedRemovals\[0\]\.justification: must explain the exception in at least 20 visible characters/],
  ['an expired intended removal', (c) => { c.intendedRemovals = [{ resource: 'workload-chat/azurerm_key_vault.kv', justification: 'a sufficiently long reason here', expires: '2026-11-22' }]; }, /^intendedRemovals\[0\]\.expires: 2026-11-22 is in the past/],
  ['a duplicate intended removal', (c) => {
    const r = { resource: 'workload-chat/azurerm_key_vault.kv', justification: 'a sufficiently long reason here', expires: '2099-01-01' };
    c.intendedRemovals = [r, r];
  }, /^intendedRemovals\[1\]\.resource: "workload-chat\/azurerm_key_vault\.kv" is already listed in intendedRemovals\[0\]/],
  ['an intended removal with an unknown key', (c) => { c.intendedRemovals = [{ resource: 'workload-chat/azurerm_key_vault.kv', justification: 'a sufficiently long reason here', expires: '2099-01-01', rule: 'AILZ-REV-001' }]; }, /^intendedRemovals\[0\]/],
  ['bad state container', (c) => { c.state = { resourceGroupName: 'rg-tfstate', storageAccountName: 'sttfstate', containerName: 'TF' }; }, /^state\.containerName: must be a blob container name/],
];

describe('config validation', () => {
  it.each(failing)('rejects %s', (_name, mutate, expected) => {
    const problems = problemsOf(mutate);
    expect(problems.some((p) => expected.test(p))).toBe(true);
  });

  // The passing side of each rule: the closest valid variant is accepted.
  const passing: [string, (c: any) => void][] = [
    ['no optional fields', (c) => { delete c.organization.tags; delete c.organization.parentManagementGroupId; delete c.suppressions; }],
    ['global processing explicitly allowed in production', (c) => { c.workloads[0].openai.deployments[0].sku = 'GlobalStandard'; c.workloads[0].openai.allowGlobalProcessing = true; }],
    ['global processing in experimentation', (c) => { c.workloads[1].openai.deployments[0].sku = 'GlobalStandard'; }],
    ['adjacent address spaces', (c) => { c.workloads[0].addressSpace = '10.0.4.0/24'; c.workloads[1].addressSpace = '10.0.5.0/24'; }],
    ['existing private DNS with a resource group', (c) => { c.platform.privateDns = { mode: 'existing', resourceGroupId: '/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/resourceGroups/rg-dns' }; }],
    ['a valid suppression and exemption', (c) => {
      c.suppressions = [{ rule: 'AILZ-KV-001', resource: 'platform/x.y', justification: 'accepted by the CISO until the migration', expires: '2026-11-23' }];
      c.policyExemptions = [{ assignment: 'deny-public-ip', scope: 'contoso-ai', category: 'Mitigated', justification: 'mitigated by the hub firewall inspection', expires: '2099-01-01' }];
    }],
    ['an intended removal expiring today', (c) => { c.intendedRemovals = [{ resource: 'workload-chat/module.vault.azurerm_key_vault.this[0]', justification: 'vault retired with the chat workload (CHG-42)', expires: '2026-11-23' }]; }],
    ['a remote state backend', (c) => { c.state = { resourceGroupName: 'rg-tfstate', storageAccountName: 'sttfstate', containerName: 'tfstate' }; }],
    ['the largest names', (c) => { c.organization.prefix = 'abcdefgh'; c.workloads[0].name = 'abcdefghij-k'; }],
    ['RFC 6598 shared address space', (c) => { c.workloads[1].addressSpace = '100.64.0.0/22'; }],
    ['a space right below multicast', (c) => { c.workloads[1].addressSpace = '223.255.252.0/22'; }],
    ['a space right next to 168.63.129.16', (c) => { c.workloads[1].addressSpace = '168.63.130.0/24'; }],
    ['12 organization tags with DNS-safe names', (c) => { c.organization.tags = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`team.tag-${i}_x`, 'é'.repeat(128)])); }],
    ['a tag name of 128 characters and an empty value', (c) => { c.organization.tags = { [`a${'b'.repeat(127)}`]: '' }; }],
    ['a budget of exactly 1', (c) => { c.workloads[0].budget.monthlyAmount = 1; }],
    ['provisioned capacity at the model minimum and step', (c) => { Object.assign(c.workloads[0].openai.deployments[0], { model: 'gpt-4o', sku: 'ProvisionedManaged', version: '2024-08-06', capacity: 100 }); }],
    ['data-zone provisioned at 15', (c) => { Object.assign(c.workloads[0].openai.deployments[0], { model: 'gpt-4o', sku: 'DataZoneProvisionedManaged', version: '2024-08-06', capacity: 15 }); }],
    ['exemptions where each assignment applies', (c) => {
      c.policyExemptions = [
        exemption('nic-no-public-ip', 'contoso-ai'), exemption('nic-no-public-ip', 'contoso-ai-experimentation'),
        exemption('nic-no-public-ip', '/subscriptions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f'),
        exemption('cmk-storage', '/providers/Microsoft.Management/managementGroups/contoso-ai-production'),
        exemption('cmk-storage', '1C2D3E4F-5A6B-4C7D-8E9F-0A1B2C3D4E5F'),
      ];
    }],
    ['a justification of 20 visible characters among spaces', (c) => { c.suppressions = [{ rule: 'AILZ-KV-001', resource: 'platform/x.y', justification: '  a b c d e f g h i j k l m n o p q r s t  ', expires: '2099-01-01' }]; }],
    ['a justification in another script', (c) => { c.suppressions = [{ rule: 'AILZ-KV-001', resource: 'platform/x.y', justification: '移行が完了するまでの一時的な例外として承認済み', expires: '2099-01-01' }]; }],
    ['AI Services kind and CMK opt-out', (c) => { c.workloads[0].openai.kind = 'AIServices'; c.workloads[0].encryption = { customerManagedKeys: false }; }],
  ];
  it.each(passing)('accepts %s', (_name, mutate) => {
    expect(problemsOf(mutate)).toEqual([]);
  });

  it('wants an approvers group for a production workload, other than its admins (PIM activation, review F21)', () => {
    const without = (doc: any) => { delete doc.workloads[0].access.approversGroupObjectId; };
    expect(() => configWith(without)).toThrow(/workloads\[0\]\.access\.approversGroupObjectId: required for a production workload/);
    const same = (doc: any) => { doc.workloads[0].access.approversGroupObjectId = doc.workloads[0].access.adminsGroupObjectId; };
    expect(() => configWith(same)).toThrow(/workloads\[0\]\.access\.approversGroupObjectId: is the admins group/);
    // Experimentation needs none.
    expect(configWith((doc) => { delete doc.workloads[1].access.approversGroupObjectId; }).workloads[1].access.approversGroupObjectId).toBeUndefined();
  });

  it('reports every problem at once', () => {
    const problems = problemsOf((c) => {
      c.organization.prefix = 'X';
      c.platform.logRetentionDays = 1;
      c.workloads[1].addressSpace = '10.1.0.0/24';
      c.workloads[1].name = 'chat';
    });
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^organization\.prefix:/),
      expect.stringMatching(/^platform\.logRetentionDays:/),
      expect.stringMatching(/^workloads\[1\]\.addressSpace: .* overlaps workloads\[0\]/),
      expect.stringMatching(/^workloads\[1\]\.name: "chat" is already used/),
    ]));
  });
});

describe('config files', () => {
  const messages = (text: string) => {
    try {
      parseConfigText(text, 'lz.yaml', opts);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as ConfigError).problems;
    }
    throw new Error('expected a ConfigError');
  };

  it('rejects an empty file', () => expect(messages('')).toEqual(['lz.yaml: (root): the file is empty; expected a mapping with organization, platform and workloads']));
  it('rejects a file that is not a mapping', () => expect(messages('- a\n- b\n')[0]).toMatch(/^lz\.yaml: \(root\): must be a mapping/));
  it('reports YAML syntax errors with their line', () => expect(messages('organization:\n  prefix: [a\nplatform: {}\n')[0]).toMatch(/^lz\.yaml: line \d+, column \d+: YAML syntax error/));
  it('rejects duplicate keys', () => expect(messages('organization: {}\norganization: {}\n')[0]).toMatch(/^lz\.yaml: line 2, column 1: YAML syntax error: Map keys must be unique/));
  it('reports a missing file without an fs error', () => {
    expect(() => loadConfigFile('/nonexistent/lz.yaml')).toThrow(new ConfigError(['/nonexistent/lz.yaml: (root): file not found']));
  });
  it('prefixes every problem with the file name', () => {
    const c = reference();
    c.organization.prefix = 'X';
    c.platform.logRetentionDays = 5;
    const { stringify } = require('yaml');
    const problems = messages(stringify(c));
    expect(problems.length).toBe(2);
    for (const p of problems) expect(p).toMatch(/^lz\.yaml: [\w.[\]]+: /);
  });
});

describe('input limits', () => {
  const { MAX_CONFIG_BYTES } = require('../../config/load');
  const fileOf = (text: string) => {
    const dir = require('fs').mkdtempSync(join(require('os').tmpdir(), 'ailz-load-'));
    const file = join(dir, 'lz.yaml');
    require('fs').writeFileSync(file, text);
    return file;
  };
  const problemsOfFile = (file: string): readonly string[] => {
    try {
      loadConfigFile(file, opts);
    } catch (e) {
      return (e as ConfigError).problems;
    }
    return [];
  };

  it('reads a file of exactly the cap, refuses one byte more before parsing it', () => {
    const comment = (n: number) => `${'#'.repeat(n - 1)}\n`;
    expect(problemsOfFile(fileOf(comment(MAX_CONFIG_BYTES)))).toEqual([expect.stringMatching(/the file is empty/)]);
    expect(problemsOfFile(fileOf(comment(MAX_CONFIG_BYTES + 1)))).toEqual([expect.stringMatching(/lz\.yaml: \(root\): is larger than 1 MiB/)]);
  });

  it('counts bytes, not characters', () => {
    // 600k two-byte characters: 1.2 MB
    expect(() => parseConfigText(`# ${'é'.repeat(600_000)}\n`, 'lz.yaml', opts)).toThrow(/is larger than 1 MiB/);
  });

  it('stops alias bombs, and accepts the aliases a real config uses', () => {
    expect(() => parseConfigText('a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n', 'lz.yaml', opts))
      .toThrow(/YAML aliases expand too far/);
    const c = reference();
    const { stringify } = require('yaml');
    const text = stringify(c).replace(/contactEmails:\n(\s+)- ai-research@contoso.example/, 'contactEmails: *emails')
      .replace(/contactEmails:\n(\s+)- ai-chat-owners@contoso.example/, 'contactEmails: &emails\n$1- ai-chat-owners@contoso.example');
    expect(text).toMatch(/\*emails/);
    expect(parseConfigText(text, 'lz.yaml', opts).workloads[1].budget.contactEmails).toEqual(['ai-chat-owners@contoso.example']);
  });
});

describe('tags ailz sets', () => {
  it('are the ones the config reserves (a user tag of the same name is an error, not overwritten)', () => {
    const { AILZ_TAG_NAMES } = require('../../config/schema');
    const { standardTags } = require('../../constructs/core/tags');
    expect(Object.keys(standardTags({}, { environment: 'production', workload: 'chat' })).sort()).toEqual([...AILZ_TAG_NAMES].sort());
  });
});
