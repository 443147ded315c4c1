import { Construct } from 'constructs';
import { Fn, Token } from 'cdktf';
import { KeyVault as AzurermKeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { DiagnosticSettings } from '../core/diagnostics';
import { AzapiResource } from '../core/azapi';
import { StateMoves } from '../core/state-moves';
import { ARM_TYPES } from '../../azure/arm-types';
import { ROLES } from '../../azure/roles';
import { Grantee, RoleAssignment, grantRole } from '../identity/role-assignment';
import { PrivateEndpointOptions, addResourcePrivateEndpoint } from './private-access';

export interface KeyVaultProps {
  /** Globally unique vault name (`kv-...`, 3-24 characters). */
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** Entra ID tenant that authenticates requests to the vault. */
  readonly tenantId: string;
  /** The platform Log Analytics workspace: receives allLogs (AuditEvent, AzurePolicyEvaluationDetails) and AllMetrics. */
  readonly logAnalyticsWorkspaceId: string;
  /** The vault is reachable only through this private endpoint (`vault`, zone `privatelink.vaultcore.azure.net`). */
  readonly privateEndpoint: PrivateEndpointOptions;
  /**
   * Days a deleted vault, key or secret stays recoverable (7-90).
   * @default 90 - the maximum recovery window
   */
  readonly softDeleteRetentionDays?: number;
  /**
   * Whether trusted Microsoft services may pass the vault firewall (`network_acls.bypass`).
   * @default 'AzureServices' - Azure Storage, Cognitive Services and Azure Machine Learning read
   * customer-managed keys through the trusted-services exception (they still need an RBAC role on the
   * vault); with 'None' CMK encryption of those services fails
   */
  readonly networkBypass?: 'AzureServices' | 'None';
  /**
   * Use the premium SKU so keys can be HSM-protected (`addKey({ hsm: true })`).
   * @default false - standard SKU (software-protected keys, FIPS 140 Level 1)
   */
  readonly premium?: boolean;
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

export interface KeyOptions {
  /** Key name inside the vault. */
  readonly name: string;
  /**
   * HSM-protected key (`RSA-HSM`); needs `premium: true` on the vault.
   * @default false - `RSA` software key
   */
  readonly hsm?: boolean;
}

/** The rotation policy of every key ailz creates: rotate 30 days before expiry, versions expire after a year, notify a day earlier. */
export const KEY_ROTATION_POLICY = { automatic: { timeBeforeExpiry: 'P30D' }, expireAfter: 'P1Y', notifyBeforeExpiry: 'P29D' } as const;

/**
 * RSA size of every customer-managed key: the one size every service that uses the workload key accepts.
 * Azure OpenAI supports only 2048-bit RSA / RSA-HSM keys (azure/customer-managed-keys.ts AZURE_OPENAI_CMK);
 * storage and Azure ML accept 2048, 3072 and 4096.
 */
export const CMK_KEY_SIZE = 2048;

/** A key created by `KeyVault.addKey`, as its consumers need it. */
export interface VaultKey {
  /** Key name inside the vault. */
  readonly name: string;
  /** ARM resource ID (`<vault id>/keys/<name>`): the scope of key-level role assignments. */
  readonly id: string;
  readonly vaultId: string;
  /** `https://<vault>.vault.azure.net/` */
  readonly vaultUri: string;
  /** `https://<vault>.vault.azure.net/keys/<name>`: services that follow rotation themselves take this. */
  readonly versionlessId: string;
  /** The current version's URI (`.../keys/<name>/<version>`); changes when the key rotates. */
  readonly versionedId: string;
  /** The current version (last segment of `versionedId`). */
  readonly version: string;
  readonly resource: AzapiResource;
}

/**
 * A Key Vault that authorizes with Azure RBAC only (no access policies), with purge protection,
 * 90-day soft delete, public network access off, a Deny firewall and a private endpoint; every
 * data-plane access is logged to Log Analytics.
 *
 * Keys are created through Azure Resource Manager (`addKey`), not the vault's data plane: the vault
 * firewall and disabled public access apply to the data plane only, so the identity that runs Terraform
 * needs no network path to the vault (Learn "Virtual network service endpoints for Azure Key Vault").
 */
export class KeyVault extends Construct {
  readonly id: string;
  readonly name: string;
  /** `https://<name>.vault.azure.net/` */
  readonly vaultUri: string;
  readonly resource: AzurermKeyVault;
  private readonly props: KeyVaultProps;

  constructor(scope: Construct, id: string, props: KeyVaultProps) {
    super(scope, id);
    this.props = props;
    const retention = props.softDeleteRetentionDays ?? 90;
    if (!Number.isInteger(retention) || retention < 7 || retention > 90) {
      throw new Error(`KeyVault ${props.name}: softDeleteRetentionDays is ${retention}; Azure allows whole days from 7 to 90`);
    }
    const tags = props.tags ?? {};
    this.resource = new AzurermKeyVault(this, 'Resource', {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tenantId: props.tenantId,
      skuName: props.premium ? 'premium' : 'standard',
      // azurerm 4.55 name; `enable_rbac_authorization` is the deprecated alias.
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: retention,
      publicNetworkAccessEnabled: false,
      enabledForDeployment: false,
      enabledForDiskEncryption: false,
      enabledForTemplateDeployment: false,
      networkAcls: { defaultAction: 'Deny', bypass: props.networkBypass ?? 'AzureServices', ipRules: [], virtualNetworkSubnetIds: [] },
      tags,
    });
    this.id = this.resource.id;
    this.name = this.resource.name;
    this.vaultUri = this.resource.vaultUri;

    addResourcePrivateEndpoint(this, 'PrivateEndpoint', {
      options: props.privateEndpoint, resourceName: props.name, targetResourceId: this.id, subresource: 'vault',
      location: props.location, resourceGroupName: props.resourceGroupName, tags,
    });
    new DiagnosticSettings(this, 'Diagnostics', { targetResourceId: this.id, targetType: 'Microsoft.KeyVault/vaults', logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId });

  }

  /** Read secret values: Key Vault Secrets User at this vault. */
  grantSecretsRead(grantee: Grantee): RoleAssignment {
    return grantRole(this, 'SecretsUser', this.id, ROLES.keyVaultSecretsUser, grantee);
  }

  /** Create, read and update secrets (e.g. a service that stores connection secrets): Key Vault Secrets Officer at this vault. */
  grantSecretsManage(grantee: Grantee): RoleAssignment {
    return grantRole(this, 'SecretsOfficer', this.id, ROLES.keyVaultSecretsOfficer, grantee);
  }

  /** Approve private endpoint connections to this vault (a managed network's endpoints): Azure AI Enterprise Network Connection Approver at this vault. */
  grantPrivateEndpointApproval(grantee: Grantee): RoleAssignment {
    return grantRole(this, 'NetworkConnectionApprover', this.id, ROLES.aiEnterpriseNetworkConnectionApprover, grantee);
  }

  /** Wrap and unwrap with this vault's keys (customer-managed key encryption by a service): Key Vault Crypto Service Encryption User at this vault. */
  grantCryptoServiceEncryption(grantee: Grantee): RoleAssignment {
    return grantRole(this, 'CryptoServiceEncryptionUser', this.id, ROLES.keyVaultCryptoServiceEncryptionUser, grantee);
  }

  /**
   * A customer-managed key: RSA 2048 (`CMK_KEY_SIZE`; RSA-HSM with `hsm`), wrap/unwrap only, with the ailz
   * rotation policy, created through Azure Resource Manager (`Microsoft.KeyVault/vaults/keys`), so the
   * deployment needs no network path to this private vault (review F6).
   *
   * ARM's PUT creates the key only if it does not exist and never updates it (Learn
   * `KeysOperations.createIfNotExist`): a change of type, size, operations or rotation policy therefore
   * means a new key, which `prevent_destroy` turns into a plan error instead of a silent no-op. The key
   * is never destroyed by Terraform: it protects data, and the vault's purge protection keeps it anyway.
   * `id` is the construct id (a stable, code-chosen label such as `CmkKey`).
   */
  addKey(id: string, options: KeyOptions): VaultKey {
    if (options.hsm && !this.props.premium) {
      throw new Error(`KeyVault ${this.props.name}: key ${options.name} is HSM-protected; set premium: true on the vault`);
    }
    const resource = new AzapiResource(this, id, {
      arm: ARM_TYPES.keyVaultKey,
      name: options.name,
      parentId: this.id,
      body: {
        properties: {
          kty: options.hsm ? 'RSA-HSM' : 'RSA',
          keySize: CMK_KEY_SIZE,
          // Services only wrap and unwrap data-encryption keys with a CMK.
          keyOps: ['unwrapKey', 'wrapKey'],
          attributes: { enabled: true },
          rotationPolicy: {
            attributes: { expiryTime: KEY_ROTATION_POLICY.expireAfter },
            lifetimeActions: [
              { trigger: { timeBeforeExpiry: KEY_ROTATION_POLICY.automatic.timeBeforeExpiry }, action: { type: 'rotate' } },
              { trigger: { timeBeforeExpiry: KEY_ROTATION_POLICY.notifyBeforeExpiry }, action: { type: 'notify' } },
            ],
          },
        },
      },
      tags: this.props.tags ?? {},
      replaceTriggersRefs: ['properties.kty', 'properties.keySize', 'properties.keyOps', 'properties.rotationPolicy'],
      lifecycle: { preventDestroy: true },
      locks: [this.id],
      responseExportValues: ['properties.keyUri', 'properties.keyUriWithVersion'],
    });
    // ailz before issue "Deployable" managed this key through the data plane as azurerm_key_vault_key at
    // the same construct path: forget that one, never delete it (a delete needs the data plane, and the key
    // may encrypt data). CHANGELOG.md, "Customer-managed key through Azure Resource Manager".
    StateMoves.of(this).release(`azurerm_key_vault_key.${resource.friendlyUniqueId}`);
    const versionedId = resource.output('properties.keyUriWithVersion');
    return {
      name: options.name,
      id: resource.id,
      vaultId: this.id,
      vaultUri: this.vaultUri,
      versionlessId: resource.output('properties.keyUri'),
      versionedId,
      // https://<vault>.vault.azure.net/keys/<name>/<version>: the sixth segment.
      version: Token.asString(Fn.element(Fn.split('/', versionedId), 5)),
      resource,
    };
  }
}
