/**
 * Storage. Provider source: hashicorp/terraform-provider-azurerm @ v4.55.0, `internal/services/storage/`.
 */
import { ArmValue, UNKNOWN, isUnknown } from '../resource';
import { Adapter, AdapterContext, ArmDraft, compact, enabledDisabled } from '../adapter';

/** Kinds that get an access tier (storage_account_resource.go:55-59, storageKindsSupportsSkuTier). */
const TIERED_KINDS = new Set(['BlobStorage', 'FileStorage', 'StorageV2']);

/** The service children Azure creates with an account, by kind (blob/file/queue/table endpoints of the kind). */
function impliedServices(kind: ArmValue | undefined): string[] {
  switch (kind) {
    case 'BlobStorage':
    case 'BlockBlobStorage':
      return ['blobServices'];
    case 'FileStorage':
      return ['fileServices'];
    default:
      return ['blobServices', 'fileServices', 'queueServices', 'tableServices'];
  }
}

function networkAcls(c: AdapterContext): ArmValue {
  if (c.unknownBlock('network_rules')) return UNKNOWN;
  const b = c.block('network_rules');
  // storage_account_helpers_network.go:14-33 expandAccountNetworkRules: no block = Allow + AzureServices.
  if (!b) return { bypass: 'AzureServices', defaultAction: 'Allow', ipRules: [], resourceAccessRules: [], virtualNetworkRules: [] };
  const bypass = c.resolve(b.bypass);
  const ips = c.resolve(b.ip_rules, []);
  const subnets = c.resolve(b.virtual_network_subnet_ids, []);
  return {
    bypass: Array.isArray(bypass) ? (bypass.some(isUnknown) ? UNKNOWN : bypass.map(String).join(', ')) : bypass === undefined ? null : bypass,
    defaultAction: c.resolve(b.default_action) ?? UNKNOWN,
    ipRules: Array.isArray(ips) ? ips.map((v) => ({ value: v, action: 'Allow' })) : UNKNOWN,
    resourceAccessRules: c.blocks('private_link_access', b).map((p) => ({ resourceId: c.resolve(p.endpoint_resource_id) ?? UNKNOWN, tenantId: c.resolve(p.endpoint_tenant_id) ?? UNKNOWN })),
    virtualNetworkRules: Array.isArray(subnets) ? subnets.map((id) => ({ id, action: 'Allow' })) : UNKNOWN,
  };
}

/** storage_account_resource.go:2460-2580 expandAccountCustomerManagedKey. */
function encryption(c: AdapterContext, kind: ArmValue): ArmValue {
  const queueKeyType = c.str('queue_encryption_key_type', 'Service') ?? 'Service';
  const tableKeyType = c.str('table_encryption_key_type', 'Service') ?? 'Service';
  const infra = c.bool('infrastructure_encryption_enabled', false);
  const withInfra = (o: Record<string, ArmValue>) => (infra === true ? { ...o, requireInfrastructureEncryption: true } : isUnknown(infra) ? { ...o, requireInfrastructureEncryption: UNKNOWN } : o);
  if (c.unknownBlock('customer_managed_key')) return UNKNOWN;
  const cmk = c.block('customer_managed_key');
  if (!cmk) {
    return withInfra({
      keySource: 'Microsoft.Storage',
      services: { queue: { keyType: queueKeyType }, table: { keyType: tableKeyType } },
    });
  }
  void kind;
  return withInfra({
    keySource: 'Microsoft.Keyvault',
    keyvaultproperties: UNKNOWN,
    identity: { userAssignedIdentity: c.resolve(cmk.user_assigned_identity_id) ?? null },
    services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' }, queue: { keyType: queueKeyType }, table: { keyType: tableKeyType } },
  });
}

/**
 * azurerm_storage_account: storage_account_resource.go:1345-1500 resourceStorageAccountCreate (payload at 1392-1416,
 * access tier 1445-1456, encryption 1488-1502). Schema defaults from the same file (account_kind StorageV2,
 * https_traffic_only_enabled true, min_tls_version TLS1_2, allow_nested_items_to_be_public true,
 * shared_access_key_enabled true, public_network_access_enabled true, local_user_enabled true, ...).
 */
export const STORAGE_ACCOUNT: Adapter = {
  terraformType: 'azurerm_storage_account',
  source: 'storage/storage_account_resource.go:1345-1502',
  build: (c) => {
    const kind = c.value('account_kind', 'StorageV2');
    const tier = c.value('account_tier');
    const replication = c.value('account_replication_type');
    const billing = c.value('provisioned_billing_model_version', '');
    const skuName = [tier, replication, billing].some(isUnknown) ? UNKNOWN : `${tier}${billing ?? ''}_${replication}`;
    const accessTier = typeof kind === 'string' && TIERED_KINDS.has(kind) ? c.value('access_tier', 'Hot') : undefined;
    const properties = compact({
      allowBlobPublicAccess: c.bool('allow_nested_items_to_be_public', true),
      allowCrossTenantReplication: c.bool('cross_tenant_replication_enabled', false),
      allowSharedKeyAccess: c.bool('shared_access_key_enabled', true),
      dnsEndpointType: c.value('dns_endpoint_type', 'Standard'),
      defaultToOAuthAuthentication: c.bool('default_to_oauth_authentication', false),
      supportsHttpsTrafficOnly: c.bool('https_traffic_only_enabled', true),
      isNfsV3Enabled: c.bool('nfsv3_enabled', false),
      isHnsEnabled: c.bool('is_hns_enabled', false),
      isLocalUserEnabled: c.bool('local_user_enabled', true),
      isSftpEnabled: c.bool('sftp_enabled', false),
      minimumTlsVersion: c.value('min_tls_version', 'TLS1_2'),
      networkAcls: networkAcls(c),
      publicNetworkAccess: enabledDisabled(c.bool('public_network_access_enabled', true)),
      sasPolicy: c.block('sas_policy') ? { sasExpirationPeriod: c.resolve(c.block('sas_policy')!.expiration_period) ?? UNKNOWN, expirationAction: c.resolve(c.block('sas_policy')!.expiration_action, 'Log') ?? 'Log' } : undefined,
      allowedCopyScope: c.value('allowed_copy_scope'),
      customDomain: c.block('custom_domain') ? { name: c.resolve(c.block('custom_domain')!.name) ?? UNKNOWN, useSubDomainName: c.resolve(c.block('custom_domain')!.use_subdomain, false) ?? false } : undefined,
      largeFileSharesState: c.bool('large_file_share_enabled', false) === true ? 'Enabled' : undefined,
      accessTier,
      encryption: encryption(c, kind ?? null),
      // Set only when configured; the values need the Key Vault / AD lookups the provider does at apply.
      azureFilesIdentityBasedAuthentication: c.block('azure_files_authentication') ? UNKNOWN : undefined,
      immutableStorageWithVersioning: c.block('immutability_policy') ? UNKNOWN : undefined,
      routingPreference: c.block('routing') ? UNKNOWN : undefined,
    });
    const account: ArmDraft = {
      type: 'Microsoft.Storage/storageAccounts',
      name: c.nameOf(),
      placement: c.inResourceGroup(),
      location: c.location(),
      kind,
      sku: { name: skuName, tier: tier ?? UNKNOWN },
      tags: c.tags(),
      identity: c.identity(false),
      properties,
      modelled: 'all',
    };
    // Service children exist as soon as the account does; the provider PUTs blob/file properties into
    // blobServices/default and fileServices/default (storage_account_resource.go:23-24 imports, 2757 expandAccountBlobServiceProperties).
    const children: ArmDraft[] = impliedServices(kind).map((svc) => ({
      type: `Microsoft.Storage/storageAccounts/${svc}`,
      name: { value: 'default', scope: 'default' },
      placement: { kind: 'childOfPrimary' },
      properties: {},
      modelled: { properties: [] },
      implied: true,
    }));
    return { drafts: [account, ...children] };
  },
};

/** azurerm_storage_management_policy: storage_management_policy_resource.go:309 (PUT managementPolicies/default). */
export const STORAGE_MANAGEMENT_POLICY: Adapter = {
  terraformType: 'azurerm_storage_management_policy',
  source: 'storage/storage_management_policy_resource.go:309-340',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.Storage/storageAccounts/managementPolicies',
      name: { value: 'default', scope: 'default' },
      placement: { kind: 'child', parentId: c.resolved('storage_account_id') },
      properties: { policy: { rules: c.blocks('rule').length > 0 ? UNKNOWN : [] } },
      modelled: { properties: [] },
    }],
  }),
};
