import { Construct } from 'constructs';
import { AzurermBackend, LocalBackend, TerraformStack, TerraformVariable } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import type { LandingZoneConfig } from '../config/load';

/** The azurerm provider release every stack pins (the one `@cdktf/provider-azurerm` 14.23.1 was generated from). */
export const AZURERM_PROVIDER_VERSION = '4.55.0';

export interface BaseStackProps {
  readonly config: LandingZoneConfig;
  /**
   * The subscription the stack's provider manages. A string for known subscriptions; `variable` for
   * a subscription that the governance stack vends, whose ID exists only after that apply
   * (the stack then takes a required `subscription_id` input variable).
   */
  readonly subscription: string | 'variable';
  /**
   * Resource providers the stack's subscription needs. Registration is explicit (`resource_provider_registrations = "none"`
   * plus this list) so a plan never registers providers nobody asked for, and a workload subscription
   * gets exactly what its services use.
   */
  readonly resourceProviders: readonly string[];
}

/**
 * The common frame of every ailz stack: the pinned azurerm provider for one subscription with
 * Entra ID auth to storage, and the backend (local state by default; the azurerm backend with Entra
 * ID auth and key `<stack>.tfstate` when `state` is configured).
 */
export abstract class BaseStack extends TerraformStack {
  /** The subscription ID as Terraform sees it (a literal, or `${var.subscription_id}`). */
  readonly subscriptionId: string;

  constructor(scope: Construct, readonly stackName: string, props: BaseStackProps) {
    super(scope, stackName);
    const { config } = props;

    if (props.subscription === 'variable') {
      const variable = new TerraformVariable(this, 'subscription_id', {
        type: 'string',
        description: `ID of the subscription the governance stack vended for ${stackName} (terraform -chdir=<out>/stacks/governance output -raw workload_${stackName.replace(/^workload-/, "").replace(/-/g, "_")}_subscription_id).`,
        nullable: false,
      });
      this.subscriptionId = variable.stringValue;
    } else {
      this.subscriptionId = props.subscription;
    }

    new AzurermProvider(this, 'azurerm', {
      features: [{}],
      subscriptionId: this.subscriptionId,
      tenantId: config.organization.tenantId,
      // Data-plane calls to storage use Entra ID: shared keys are disabled on every account ailz creates.
      storageUseAzuread: true,
      resourceProviderRegistrations: 'none',
      resourceProvidersToRegister: [...props.resourceProviders].sort(),
    });
    // Pin the exact provider release the bindings were generated from, not the generator's `~> 4.0`.
    this.addOverride('terraform.required_providers.azurerm', { source: 'hashicorp/azurerm', version: AZURERM_PROVIDER_VERSION });

    if (config.state) {
      new AzurermBackend(this, {
        resourceGroupName: config.state.resourceGroupName,
        storageAccountName: config.state.storageAccountName,
        containerName: config.state.containerName,
        key: `${stackName}.tfstate`,
        subscriptionId: config.state.subscriptionId ?? config.platform.subscriptionId,
        tenantId: config.organization.tenantId,
        useAzureadAuth: true,
      });
    } else {
      new LocalBackend(this, { path: `terraform.${stackName}.tfstate` });
    }
  }
}
