import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Namer } from '../core/naming';
import { UserAssignedIdentity } from '../identity/user-assigned-identity';
import { KeyVault } from '../data/key-vault';
import { StorageAccount } from '../data/storage-account';
import { ContainerRegistry } from '../data/container-registry';
import { PrivateEndpointOptions } from '../data/private-access';
import { ApplicationInsights } from './application-insights';
import { MachineLearningWorkspace } from './machine-learning-workspace';
import { ModelDeployment, OpenAiAccount } from './openai-account';

/** The application identity the stack owns (the lead's `UserAssignedIdentity`). */
export interface AppIdentityRef {
  readonly id: string;
  readonly principalId: string;
  readonly clientId: string;
}

export interface AiWorkloadProps {
  readonly namer: Namer;
  /** Applied to every taggable resource. */
  readonly tags: Record<string, string>;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly resourceGroupId: string;
  readonly tenantId: string;
  /** The platform Log Analytics workspace (diagnostics of every resource, Application Insights storage). */
  readonly logAnalyticsWorkspaceId: string;
  /** The spoke's private-endpoint subnet. */
  readonly privateEndpointSubnetId: string;
  /** Private DNS zone ID for a `privatelink.*` zone name. */
  readonly dnsZoneId: (zoneName: string) => string;
  /** Receives Key Vault Secrets User on the workload vault, and Cognitive Services OpenAI User on the account without a gateway. */
  readonly appIdentity: AppIdentityRef;
  /**
   * The models sit behind the AI gateway: the app identity calls the gateway (app role) and gets no role on
   * the account; the account's private endpoint joins these application security groups (gateway-only NSG rules).
   * @default undefined - no gateway: the app identity holds Cognitive Services OpenAI User on the account
   */
  readonly gateway?: {
    readonly privateEndpointApplicationSecurityGroupIds: readonly string[];
    /**
     * Whether the developers group keeps Cognitive Services OpenAI User on the account (Foundry playground,
     * Azure ML connections and prompt flow call the account directly).
     */
    readonly developersKeepAccountAccess: boolean;
  };
  /** Entra ID group of the workload's developers: OpenAI User (and AzureML Data Scientist with ML). */
  readonly developersGroupObjectId: string;
  readonly openai: {
    readonly kind: 'OpenAI' | 'AIServices';
    readonly deployments: readonly ModelDeployment[];
    /** @default [] - no outbound calls from the account */
    readonly outboundFqdns?: readonly string[];
  };
  /** Pin model versions (`NoAutoUpgrade`); false lets experimentation follow new default versions. */
  readonly pinModelVersions: boolean;
  /** Create the Azure ML workspace with its vault, storage, registry, Application Insights and compute. */
  readonly machineLearning: boolean;
  /** A subnet for ML compute nodes; without it they live in the workspace's managed network. */
  readonly mlComputeSubnetId?: string;
  /** A key in the workload vault (with rotation) encrypts OpenAI, ML storage and the ML workspace. */
  readonly customerManagedKeys: boolean;
}

/**
 * The AI workload of one `workload-<name>` stack: identities, the workload Key Vault, Azure OpenAI
 * with its deployments and content filter, and (with `machineLearning`) an Azure ML workspace with its
 * own hardened vault, storage, registry, Application Insights and compute cluster; optional
 * customer-managed keys; least-privilege role assignments only (no Owner, Contributor, User Access
 * Administrator or Key Vault Administrator anywhere).
 *
 * Identities and their roles:
 * - app identity (given): Key Vault Secrets User on the workload vault; OpenAI User on the account only
 *   without a gateway (with one it calls the gateway, which holds that role).
 * - developers group: OpenAI User on the account (with a gateway: experimentation only); AzureML Data
 *   Scientist on the workspace.
 * - `id-...-oai`: the account's user-assigned identity; no roles (outbound is closed).
 * - the account's system-assigned identity (CMK only): Key Vault Crypto Service Encryption User on the CMK
 *   key, nothing else (Azure OpenAI supports CMK only through it, azure/customer-managed-keys.ts).
 * - `id-...-cmk` (CMK with ML): Key Vault Crypto Service Encryption User on the workload vault, for the
 *   ML storage account and workspace, nothing else.
 * - `id-...-mlw` (ML): the workspace's primary identity, see `ML_WORKSPACE_IDENTITY_ROLES`.
 * - `id-...-mlc` (ML): the compute cluster's identity: AcrPull on the registry, Storage Blob Data
 *   Contributor on the ML storage, Key Vault Secrets User on the ML vault.
 */
export class AiWorkload extends Construct {
  readonly openAi: OpenAiAccount;
  readonly keyVault: KeyVault;
  readonly openAiIdentity: UserAssignedIdentity;
  readonly cmkIdentity?: UserAssignedIdentity;
  readonly machineLearningWorkspace?: MachineLearningWorkspace;
  readonly mlStorage?: StorageAccount;
  readonly mlRegistry?: ContainerRegistry;
  readonly mlKeyVault?: KeyVault;

  /** `https://<subdomain>.openai.azure.com/` */
  readonly openAiEndpoint: string;
  /** Deployment names, sorted. */
  readonly deploymentNames: string[];
  /** `https://<vault>.vault.azure.net/` of the workload vault. */
  readonly keyVaultUri: string;
  /** The ML workspace resource ID when `machineLearning` is on. */
  readonly mlWorkspaceId?: string;

  constructor(scope: Construct, id: string, props: AiWorkloadProps) {
    super(scope, id);
    const { namer, tags, location, resourceGroupName } = props;
    const base = { location, resourceGroupName, tags };
    const pe = (): PrivateEndpointOptions => ({ subnetId: props.privateEndpointSubnetId, dnsZoneId: props.dnsZoneId });
    const law = props.logAnalyticsWorkspaceId;
    const identity = (cid: string, qualifier: string) => new UserAssignedIdentity(this, cid, { name: namer.name('managedIdentity', qualifier), ...base });
    const app = { name: 'App', principalId: props.appIdentity.principalId, principalType: 'ServicePrincipal' as const };
    const developers = { name: 'Developers', principalId: props.developersGroupObjectId, principalType: 'Group' as const };

    this.keyVault = new KeyVault(this, 'KeyVault', {
      name: namer.name('keyVault'), ...base, tenantId: props.tenantId, logAnalyticsWorkspaceId: law, privateEndpoint: pe(),
    });
    this.keyVault.grantSecretsRead(app);

    // Customer-managed keys: one key (RSA 2048, created through ARM, rotating). Azure OpenAI reaches it
    // through its own system-assigned identity; storage and the ML workspace through one user-assigned
    // identity that can only wrap/unwrap with this vault's keys.
    // The name says what the key is: ARM creates a key only if the name is free and never changes an
    // existing one, so a key of other parameters (the RSA 3072 `cmk-ailz` of earlier releases) gets a new name.
    const cmkKey = props.customerManagedKeys ? this.keyVault.addKey('CmkKey', { name: 'cmk-ailz-rsa2048' }) : undefined;
    let cmkDeps: ITerraformDependable[] = [];
    if (cmkKey && props.machineLearning) {
      this.cmkIdentity = identity('CmkIdentity', 'cmk');
      const cmkGrant = this.keyVault.grantCryptoServiceEncryption(this.cmkIdentity.grantee('Cmk'));
      cmkDeps = [cmkGrant.resource, cmkKey.resource];
    }

    this.openAiIdentity = identity('OpenAiIdentity', 'oai');
    this.openAi = new OpenAiAccount(this, 'OpenAi', {
      name: namer.name(props.openai.kind === 'AIServices' ? 'aiServices' : 'openAi'),
      kind: props.openai.kind,
      ...base,
      userAssignedIdentityIds: [this.openAiIdentity.id],
      logAnalyticsWorkspaceId: law,
      privateEndpoint: pe(),
      deployments: props.openai.deployments,
      ...(props.gateway ? { privateEndpointApplicationSecurityGroupIds: props.gateway.privateEndpointApplicationSecurityGroupIds } : {}),
      outboundFqdns: props.openai.outboundFqdns,
      pinVersions: props.pinModelVersions,
      ...(cmkKey ? { customerManagedKey: { key: cmkKey } } : {}),
    });
    // With a gateway, applications call the gateway (which holds the account role); the grant moves there.
    if (!props.gateway) this.openAi.grantInference(app);
    if (!props.gateway || props.gateway.developersKeepAccountAccess) this.openAi.grantInference(developers);

    if (props.machineLearning) {
      const wsIdentity = identity('MlWorkspaceIdentity', 'mlw');
      const computeIdentity = identity('MlComputeIdentity', 'mlc');
      this.mlKeyVault = new KeyVault(this, 'MlKeyVault', {
        name: namer.name('keyVault', 'ml'), ...base, tenantId: props.tenantId, logAnalyticsWorkspaceId: law, privateEndpoint: pe(),
      });
      this.mlStorage = new StorageAccount(this, 'MlStorage', {
        name: namer.name('storageAccount', 'ml'), ...base, logAnalyticsWorkspaceId: law, privateEndpoint: pe(),
        // Blob for datastores and artefacts, file for the notebooks share.
        privateEndpointSubresources: ['blob', 'file'],
        ...(this.cmkIdentity && cmkKey ? { customerManagedKey: { keyVaultKeyId: cmkKey.versionlessId, userAssignedIdentityId: this.cmkIdentity.id }, dependsOn: cmkDeps } : {}),
      });
      this.mlRegistry = new ContainerRegistry(this, 'MlRegistry', {
        name: namer.name('containerRegistry'), ...base, logAnalyticsWorkspaceId: law, privateEndpoint: pe(),
        // Azure ML is a trusted service of a network-restricted registry only with this on (azure/machine-learning.ts ACR_TRUSTED_SERVICES).
        allowTrustedServices: true,
      });
      const insights = new ApplicationInsights(this, 'MlApplicationInsights', {
        name: namer.name('applicationInsights', 'ml'), ...base, logAnalyticsWorkspaceId: law,
      });

      // Workspace identity: the data roles behind Microsoft's user-assigned-identity table, without
      // the control-plane Contributor / Key Vault Administrator it lists (see ML_WORKSPACE_IDENTITY_ROLES),
      // and the approver role its managed network needs on each dependency (azure/machine-learning.ts).
      const ws = wsIdentity.grantee('Workspace');
      const wsGrants = [
        this.mlStorage.grantBlobDataContributor(ws),
        this.mlStorage.grantFileDataPrivilegedContributor(ws),
        this.mlKeyVault.grantSecretsManage(ws),
        this.mlRegistry.grantPush(ws),
        this.mlStorage.grantPrivateEndpointApproval(ws),
        this.mlKeyVault.grantPrivateEndpointApproval(ws),
        ...this.mlRegistry.grantPrivateEndpointApproval(ws),
      ];
      const compute = computeIdentity.grantee('Compute');
      this.mlRegistry.grantPull(compute);
      this.mlStorage.grantBlobDataContributor(compute);
      this.mlKeyVault.grantSecretsRead(compute);

      this.machineLearningWorkspace = new MachineLearningWorkspace(this, 'MlWorkspace', {
        name: namer.name('machineLearningWorkspace'), ...base,
        identity: wsIdentity,
        keyVaultId: this.mlKeyVault.id,
        storageAccountId: this.mlStorage.id,
        containerRegistryId: this.mlRegistry.id,
        applicationInsightsId: insights.id,
        logAnalyticsWorkspaceId: law,
        privateEndpoint: pe(),
        computeCluster: { identity: computeIdentity, ...(props.mlComputeSubnetId ? { subnetId: props.mlComputeSubnetId } : {}) },
        ...(this.cmkIdentity && cmkKey ? { customerManagedKey: { keyId: cmkKey.versionedId, keyVaultId: this.keyVault.id, identityId: this.cmkIdentity.id } } : {}),
        dependsOn: [...wsGrants.map((g) => g.resource), ...cmkDeps],
      });
      this.machineLearningWorkspace.grantDataScientist(developers);
      // The workspace reaches its key-less storage with identities: the people using the default
      // datastores (studio, notebooks) need these data roles on it (azure/machine-learning.ts ML_IDENTITY_DATASTORES).
      this.mlStorage.grantBlobDataContributor(developers);
      this.mlStorage.grantFileDataPrivilegedContributor(developers);
      this.mlWorkspaceId = this.machineLearningWorkspace.id;
    }

    this.openAiEndpoint = this.openAi.endpoint;
    this.deploymentNames = this.openAi.deploymentNames;
    this.keyVaultUri = this.keyVault.vaultUri;
  }
}

/**
 * Roles of the ML workspace's user-assigned identity, each at the one resource.
 *
 * Source: Microsoft Learn, "Set up authentication between Azure Machine Learning and other services"
 * (articles/machine-learning/how-to-identity-based-service-authentication.md, table added by
 * MicrosoftDocs/azure-docs PR #221087), section "User-assigned managed identity > Workspace": Storage: Contributor + Storage Blob Data
 * Contributor; Key Vault (RBAC): Contributor + Key Vault Administrator; Container Registry: Contributor;
 * Application Insights: Contributor. ailz grants none of the Contributor/Administrator roles; instead the
 * narrowest roles that cover what the workspace does with each resource:
 * - storage: Storage Blob Data Contributor (datastores, artefacts) + Storage File Data Privileged
 *   Contributor (the notebooks file share, identity-based because shared keys are off);
 * - its Key Vault: Key Vault Secrets Officer (the workspace writes connection secrets);
 * - registry: AcrPush (environment image builds);
 * - storage, Key Vault, registry and the workspace: Azure AI Enterprise Network Connection Approver, which
 *   Microsoft requires for a user-assigned identity with a managed network (how-to-managed-network.md),
 *   plus Reader on the registry (the approver role cannot read registries);
 * - Application Insights: none (local auth is off; ingestion is done by endpoints with Monitoring Metrics Publisher).
 * Not verified in a tenant: whether provisioning needs the Contributor-level roles of the table; if it
 * fails, that table is the documented fallback (README "Decisions and known limits").
 */
export const ML_WORKSPACE_IDENTITY_ROLES = {
  storage: ['Storage Blob Data Contributor', 'Storage File Data Privileged Contributor', 'Azure AI Enterprise Network Connection Approver'],
  keyVault: ['Key Vault Secrets Officer', 'Azure AI Enterprise Network Connection Approver'],
  containerRegistry: ['AcrPush', 'Azure AI Enterprise Network Connection Approver', 'Reader'],
  workspace: ['Azure AI Enterprise Network Connection Approver'],
  applicationInsights: [],
} as const;
