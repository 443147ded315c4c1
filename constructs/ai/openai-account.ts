import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { CognitiveAccountRaiPolicy, CognitiveAccountRaiPolicyContentFilter } from '@cdktf/provider-azurerm/lib/cognitive-account-rai-policy';
import { CognitiveDeployment } from '@cdktf/provider-azurerm/lib/cognitive-deployment';
import { PrivateEndpointApplicationSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/private-endpoint-application-security-group-association';
import { DiagnosticSettings } from '../core/diagnostics';
import { AzapiUpdateResource } from '../core/azapi';
import { ARM_TYPES } from '../../azure/arm-types';
import { ROLES } from '../../azure/roles';
import type { VaultKey } from '../data/key-vault';
import { Grantee, RoleAssignment, grantRole } from '../identity/role-assignment';
import { PrivateEndpointOptions, addResourcePrivateEndpoint } from '../data/private-access';

/** A model deployment: the config's `openai.deployments[]` entry. */
export interface ModelDeployment {
  /** Deployment name (what clients put in the URL); also the construct id, so a rename replaces the deployment (as Azure does). */
  readonly name: string;
  /** Model name, e.g. `gpt-4o`. */
  readonly model: string;
  /** Pinned model version, e.g. `2024-11-20`. */
  readonly version: string;
  /** Deployment SKU, e.g. `Standard`, `DataZoneStandard`, `GlobalStandard`. */
  readonly sku: string;
  /** Capacity in thousands of tokens per minute (or PTUs for provisioned SKUs). */
  readonly capacity: number;
}

/**
 * Customer-managed key for the account. Azure OpenAI reaches it only through the account's
 * system-assigned identity (azure/customer-managed-keys.ts AZURE_OPENAI_CMK), which exists only once the
 * account does: the key is attached in a second step of the same apply.
 */
export interface AccountCustomerManagedKey {
  /** An RSA / RSA-HSM 2048 key (`KeyVault.addKey`). */
  readonly key: VaultKey;
}

/**
 * Errors of a key attach that is only waiting for the account's new role assignment to reach Key Vault
 * (Azure documents "up to 10 minutes" for role assignment changes). The exact Cognitive Services wording
 * is not documented, so the patterns match authorization words only; any other error fails at once.
 */
export const CMK_PROPAGATION_ERRORS: readonly string[] = [
  '(?i)forbidden',
  '(?i)unauthori[sz]ed',
  '(?i)not (authorized|permitted|allowed) to',
  '(?i)does not have (the )?(required )?(permission|access)',
  '(?i)key ?vault.*(access|permission|denied)',
];

export type SeverityThreshold = 'Low' | 'Medium' | 'High';

export interface OpenAiAccountProps {
  /** Account name (`oai-...` / `ais-...`). */
  readonly name: string;
  /**
   * Custom subdomain (`https://<subdomain>.openai.azure.com/`): required for Entra ID auth and private endpoints.
   * @default the account name
   */
  readonly customSubdomainName?: string;
  /**
   * `OpenAI` or the multi-service `AIServices` (Foundry) resource.
   * @default 'OpenAI'
   */
  readonly kind?: 'OpenAI' | 'AIServices';
  readonly location: string;
  readonly resourceGroupName: string;
  /**
   * User-assigned identities of the account (AVM `managedIdentities.userAssignedResourceIds`); at least one.
   * With `customerManagedKey` the account also gets its system-assigned identity (for the key only).
   */
  readonly userAssignedIdentityIds: readonly string[];
  /** The platform Log Analytics workspace: receives allLogs (Audit, RequestResponse, Trace, AzureOpenAIRequestUsage) and AllMetrics. */
  readonly logAnalyticsWorkspaceId: string;
  /** The account is reachable only through this private endpoint (`account`, all three AI zones). */
  readonly privateEndpoint: PrivateEndpointOptions;
  /** Model deployments; each gets the account's content filter policy. */
  readonly deployments: readonly ModelDeployment[];
  /**
   * Outbound destinations the account may call (e.g. an AI Search endpoint for "on your data").
   * @default [] - outbound access restricted with an empty allow-list: the account calls nothing. This is
   * the strictest honest setting; add FQDNs only for the features you use.
   */
  readonly outboundFqdns?: readonly string[];
  /**
   * Pin every deployment to its model version (`version_upgrade_option = "NoAutoUpgrade"`).
   * @default true - versions change only by a reviewed config change; set false only for experimentation
   * (auto-upgrade to the new default version), which the guardrails report for production accounts
   */
  readonly pinVersions?: boolean;
  /**
   * Let trusted Azure services (e.g. AI Search with its managed identity) pass the network ACL.
   * @default false - `bypass = "None"`: only the private endpoint reaches the account
   */
  readonly allowTrustedAzureServices?: boolean;
  /**
   * Lowest severity of hate, sexual, violence and self-harm content that is blocked, on prompts and completions.
   * @default 'Medium' - blocks medium and high severity (Microsoft's default level); 'Low' is stricter; 'High' is a loosening the guardrails report
   */
  readonly contentFilterSeverity?: SeverityThreshold;
  /**
   * Encrypt with a customer-managed key: the account's system-assigned identity gets Key Vault Crypto
   * Service Encryption User on the key, then the key is attached (`azapi_update_resource`, retried while
   * the role assignment propagates), and no model is deployed before that.
   * @default undefined - Microsoft-managed keys
   */
  readonly customerManagedKey?: AccountCustomerManagedKey;
  /**
   * Application security groups of the account's private endpoint (the spoke's gateway-only rules target it).
   * @default [] - none
   */
  readonly privateEndpointApplicationSecurityGroupIds?: readonly string[];
  /** Resources that must exist before the account (e.g. the CMK identity's role assignment). */
  readonly dependsOn?: ITerraformDependable[];
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

/** Name of the content filter policy ailz attaches to every deployment. */
export const CONTENT_FILTER_POLICY_NAME = 'ailz-strict';

/**
 * The content filters of the ailz policy. Names and sources as the Azure REST API (RaiPolicies
 * 2024-10-01, "PutRaiPolicy" example) spells them: `Hate`, `Sexual`, `Violence`, `Selfharm`,
 * `Jailbreak`, `Indirect Attack`, `Protected Material Text`, `Protected Material Code`;
 * sources `Prompt` / `Completion`.
 *
 * `severity_threshold` is a required attribute in azurerm 4.55 even for the binary classifiers
 * (prompt shields, protected material), where the service ignores it; ailz sets `High` there.
 * Newer azurerm releases make it optional and reject it for those four filters
 * (terraform-provider-azurerm internal/services/cognitive/cognitive_account_rai_policy_resource.go,
 * `severityThresholdNotApplicableFilterNames`): drop it for them when upgrading the provider.
 */
export function contentFilters(severity: SeverityThreshold): CognitiveAccountRaiPolicyContentFilter[] {
  const harm = ['Hate', 'Sexual', 'Violence', 'Selfharm'].flatMap((name) => (['Prompt', 'Completion'] as const).map((source) => ({
    name, source, filterEnabled: true, blockEnabled: true, severityThreshold: severity,
  })));
  const binary = (name: string, source: 'Prompt' | 'Completion') => ({ name, source, filterEnabled: true, blockEnabled: true, severityThreshold: 'High' });
  return [
    ...harm,
    binary('Jailbreak', 'Prompt'),
    binary('Indirect Attack', 'Prompt'),
    binary('Protected Material Text', 'Completion'),
    binary('Protected Material Code', 'Completion'),
  ];
}

const DEPLOYMENT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/;

/**
 * An Azure OpenAI (or AI Services) account that is private and keyless: custom subdomain, local
 * (key) auth off, public network access off, network ACL Deny with no IP or VNet rules, outbound
 * access restricted to an explicit FQDN allow-list, user-assigned identity, optional CMK (through the
 * system-assigned identity, attached right after creation), a private
 * endpoint in all three AI zones, allLogs + AllMetrics to Log Analytics. Every deployment is pinned
 * (by default) and carries the `ailz-strict` content filter policy: prompt shields (jailbreak and
 * indirect attack) and protected material on, harm categories blocked on prompts and completions.
 */
export class OpenAiAccount extends Construct {
  readonly id: string;
  readonly name: string;
  /** `https://<subdomain>.openai.azure.com/` (AI Services: `https://<subdomain>.cognitiveservices.azure.com/`). */
  readonly endpoint: string;
  /** Deployment names, sorted. */
  readonly deploymentNames: string[];
  readonly resource: CognitiveAccount;
  readonly contentFilterPolicy: CognitiveAccountRaiPolicy;
  readonly deployments: CognitiveDeployment[] = [];
  /** The second step of customer-managed-key encryption (when `customerManagedKey` is set). */
  readonly customerManagedKeyAttachment?: AzapiUpdateResource;

  constructor(scope: Construct, id: string, props: OpenAiAccountProps) {
    super(scope, id);
    const tags = props.tags ?? {};
    const cmk = props.customerManagedKey;
    const identityIds = [...new Set(props.userAssignedIdentityIds)];
    if (identityIds.length === 0) throw new Error(`OpenAiAccount ${props.name}: userAssignedIdentityIds is empty; the account needs a user-assigned identity`);

    this.resource = new CognitiveAccount(this, 'Resource', {
      name: props.name,
      kind: props.kind ?? 'OpenAI',
      skuName: 'S0',
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      customSubdomainName: props.customSubdomainName ?? props.name,
      localAuthEnabled: false,
      publicNetworkAccessEnabled: false,
      networkAcls: { defaultAction: 'Deny', bypass: props.allowTrustedAzureServices ? 'AzureServices' : 'None', ipRules: [] },
      outboundNetworkAccessRestricted: true,
      fqdns: [...(props.outboundFqdns ?? [])].sort(),
      identity: { type: cmk ? 'SystemAssigned, UserAssigned' : 'UserAssigned', identityIds },
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
      // The key is attached by the azapi update below, never by this resource: azurerm reads the attached
      // key back into customer_managed_key and would otherwise plan to remove it (and Azure does not
      // allow going back from a customer-managed to a Microsoft-managed key).
      ...(cmk ? { lifecycle: { ignoreChanges: ['customer_managed_key'] } } : {}),
      tags,
    });
    this.id = this.resource.id;
    this.name = this.resource.name;
    this.endpoint = this.resource.endpoint;

    const endpoint = addResourcePrivateEndpoint(this, 'PrivateEndpoint', {
      options: props.privateEndpoint, resourceName: props.name, targetResourceId: this.id, subresource: 'account',
      location: props.location, resourceGroupName: props.resourceGroupName, tags,
    });
    (props.privateEndpointApplicationSecurityGroupIds ?? []).forEach((asgId, i) => {
      new PrivateEndpointApplicationSecurityGroupAssociation(this, i === 0 ? 'PrivateEndpointAsg' : `PrivateEndpointAsg${i}`, {
        privateEndpointId: endpoint.id,
        applicationSecurityGroupId: asgId,
      });
    });
    new DiagnosticSettings(this, 'Diagnostics', { targetResourceId: this.id, targetType: 'Microsoft.CognitiveServices/accounts', logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId });

    if (cmk) {
      const access = new RoleAssignment(this, 'CustomerManagedKeyAccess', {
        scope: cmk.key.id,
        role: ROLES.keyVaultCryptoServiceEncryptionUser,
        principalId: this.resource.identity.principalId,
        principalType: 'ServicePrincipal',
      });
      this.customerManagedKeyAttachment = new AzapiUpdateResource(this, 'CustomerManagedKey', {
        arm: ARM_TYPES.cognitiveAccount,
        resourceId: this.id,
        body: {
          properties: {
            encryption: {
              keySource: 'Microsoft.KeyVault',
              // No identityClientId: the account's system-assigned identity reads the key. The version is
              // the key's current one; after a rotation the next apply moves the account to the new
              // version (Microsoft: "When the key is rotated, you must update the resource to use the new key URI").
              keyVaultProperties: { keyName: cmk.key.name, keyVersion: cmk.key.version, keyVaultUri: cmk.key.vaultUri },
            },
          },
        },
        retry: { errorMessageRegex: CMK_PROPAGATION_ERRORS, intervalSeconds: 20, maxIntervalSeconds: 120 },
        timeouts: { create: '30m', update: '30m' },
        dependsOn: [access.resource, cmk.key.resource],
      });
    }
    const afterEncryption = this.customerManagedKeyAttachment ? [this.customerManagedKeyAttachment] : [];

    this.contentFilterPolicy = new CognitiveAccountRaiPolicy(this, 'ContentFilter', {
      name: CONTENT_FILTER_POLICY_NAME,
      cognitiveAccountId: this.id,
      basePolicyName: 'Microsoft.DefaultV2',
      contentFilter: contentFilters(props.contentFilterSeverity ?? 'Medium'),
      // No account update may run while the key is being attached.
      ...(afterEncryption.length ? { dependsOn: afterEncryption } : {}),
      tags,
    });

    const names = props.deployments.map((d) => d.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new Error(`OpenAiAccount ${props.name}: deployment name "${dup}" is used twice; names must be unique per account`);
    const pin = props.pinVersions ?? true;
    // Sorted, and each deployment waits for the previous one: Azure rejects concurrent deployment
    // operations on one account ("another operation is in progress").
    let previous: CognitiveDeployment | undefined;
    for (const d of [...props.deployments].sort((a, b) => a.name.localeCompare(b.name))) {
      if (!DEPLOYMENT_NAME.test(d.name)) throw new Error(`OpenAiAccount ${props.name}: deployment name "${d.name}" must be 1-64 letters, digits, ".", "_" or "-"`);
      if (!Number.isInteger(d.capacity) || d.capacity < 1) throw new Error(`OpenAiAccount ${props.name}: deployment "${d.name}" capacity is ${d.capacity}; expected a whole number >= 1`);
      const deployment: CognitiveDeployment = new CognitiveDeployment(this, `Deployment-${d.name}`, {
        name: d.name,
        cognitiveAccountId: this.id,
        model: { format: 'OpenAI', name: d.model, version: d.version },
        sku: { name: d.sku, capacity: d.capacity },
        raiPolicyName: this.contentFilterPolicy.name,
        versionUpgradeOption: pin ? 'NoAutoUpgrade' : 'OnceNewDefaultVersionAvailable',
        // Nothing is deployed (and no data written) before a customer-managed key is attached.
        dependsOn: [previous ?? this.contentFilterPolicy, ...afterEncryption],
      });
      this.deployments.push(deployment);
      previous = deployment;
    }
    this.deploymentNames = [...names].sort();
  }

  /** Call the models (chat, completions, embeddings) with an Entra ID token: Cognitive Services OpenAI User at this account. */
  grantInference(grantee: Grantee): RoleAssignment {
    return grantRole(this, 'OpenAiUser', this.id, ROLES.cognitiveServicesOpenAiUser, grantee);
  }
}
