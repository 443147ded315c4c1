import { Construct } from 'constructs';
import { KeyVault as AzurermKeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultKey } from '@cdktf/provider-azurerm/lib/key-vault-key';
import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import { DiagnosticSettings } from '../core/diagnostics';
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
   * Put a CanNotDelete management lock on the vault.
   * @default false - no lock (purge protection still keeps deleted keys recoverable for the retention period)
   */
  readonly lock?: boolean;
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
 * A Key Vault that authorizes with Azure RBAC only (no access policies), with purge protection,
 * 90-day soft delete, public network access off, a Deny firewall and a private endpoint; every
 * data-plane access is logged to Log Analytics.
 *
 * Deployment note: with RBAC and public access off, creating keys (`addKey`) is a data-plane call.
 * The identity that runs Terraform needs Key Vault Crypto Officer on the vault (granted out of band,
 * e.g. a PIM-eligible assignment) and must reach the vault through the private endpoint (a runner in
 * the spoke or a peered network). ailz does not grant it: a standing Crypto Officer for the deployer
 * would be a privileged data-plane role for a CI identity.
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
    new DiagnosticSettings(this, 'Diagnostics', { targetResourceId: this.id, logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId });

    if (props.lock) {
      new ManagementLock(this, 'Lock', {
        name: `lock-${props.name}`,
        scope: this.id,
        lockLevel: 'CanNotDelete',
        notes: 'ailz: the vault holds customer-managed keys and secrets; deleting it makes encrypted data unreadable.',
      });
    }
  }

  /** Read secret values: Key Vault Secrets User at this vault. */
  grantSecretsRead(grantee: Grantee): RoleAssignment {
    return grantRole(this, 'SecretsUser', this.id, ROLES.keyVaultSecretsUser, grantee);
  }

  /** Create, read and update secrets (e.g. a service that stores connection secrets): Key Vault Secrets Officer at this vault. */
  grantSecretsManage(grantee: Grantee): RoleAssignment {
    return grantRole(this, 'SecretsOfficer', this.id, ROLES.keyVaultSecretsOfficer, grantee);
  }

  /** Wrap and unwrap with this vault's keys (customer-managed key encryption by a service): Key Vault Crypto Service Encryption User at this vault. */
  grantCryptoServiceEncryption(grantee: Grantee): RoleAssignment {
    return grantRole(this, 'CryptoServiceEncryptionUser', this.id, ROLES.keyVaultCryptoServiceEncryptionUser, grantee);
  }

  /**
   * A customer-managed key: RSA 3072 (RSA-HSM with `hsm`), wrap/unwrap only, with the ailz rotation policy.
   * `id` is the construct id (a stable, code-chosen label such as `CmkKey`).
   */
  addKey(id: string, options: KeyOptions): KeyVaultKey {
    if (options.hsm && !this.props.premium) {
      throw new Error(`KeyVault ${this.props.name}: key ${options.name} is HSM-protected; set premium: true on the vault`);
    }
    return new KeyVaultKey(this, id, {
      name: options.name,
      keyVaultId: this.id,
      keyType: options.hsm ? 'RSA-HSM' : 'RSA',
      keySize: 3072,
      // Services only wrap and unwrap data-encryption keys with a CMK.
      keyOpts: ['unwrapKey', 'wrapKey'],
      rotationPolicy: {
        automatic: { timeBeforeExpiry: KEY_ROTATION_POLICY.automatic.timeBeforeExpiry },
        expireAfter: KEY_ROTATION_POLICY.expireAfter,
        notifyBeforeExpiry: KEY_ROTATION_POLICY.notifyBeforeExpiry,
      },
      tags: this.props.tags ?? {},
    });
  }
}
