import { Construct } from 'constructs';
import { AzurermBackend, LocalBackend, TerraformStack } from 'cdktf';
import { AzurermProvider, AzurermProviderFeatures } from '@cdktf/provider-azurerm/lib/provider';
import type { LandingZoneConfig } from '../config/load';
import { AZURERM_FEATURE_FACTS } from '../azure/azurerm-features';
import { AzapiProvider } from '../constructs/core/azapi';
import { stateMovesHcl } from '../constructs/core/state-moves';
import { setSubscription } from '../constructs/core/subscription';

/** The azurerm provider release every stack pins (the one `@cdktf/provider-azurerm` 14.23.1 was generated from). */
export const AZURERM_PROVIDER_VERSION = '4.55.0';

/** The Terraform versions the synthesized stacks accept (see the `required_version` note in BaseStack). */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.8.0';

/**
 * Where local state lives, relative to the directory Terraform runs in (`<out>/stacks/<stack>`): beside the
 * synth output directory, never inside it. `ailz synth` replaces the output directory as a whole, so
 * state written inside it (cdktf's `terraform.<stack>.tfstate` in the stack directory) would be deleted
 * by the next synth. Three levels up is the directory that contains `<out>` (the project root for the
 * default `cdktf.out`), where cdktf-cli keeps local state too.
 */
export function localStatePath(stackName: string): string {
  return `../../../terraform.${stackName}.tfstate`;
}

/**
 * The `features` block of every azurerm provider ailz emits, aliases included: one value per setting of
 * `azure/azurerm-features.ts` (storage data plane off (F2), no subscription cancellation on destroy (F20),
 * nothing purged on destroy, soft-deleted objects recovered).
 */
export function azurermFeatures(): AzurermProviderFeatures {
  const blocks: Record<string, Record<string, boolean>> = {};
  for (const fact of AZURERM_FEATURE_FACTS) {
    (blocks[camel(fact.block)] ??= {})[camel(fact.setting)] = fact.ailzValue;
  }
  // The binding's block properties are lists of one object (`storage: [{ dataPlaneAvailable: false }]`).
  return Object.fromEntries(Object.entries(blocks).map(([block, settings]) => [block, [settings]])) as AzurermProviderFeatures;
}

function camel(snake: string): string {
  return snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * A plan-time lookup of an object a predecessor stack creates: while that stack is not applied, the
 * lookup fails the plan (ARM answers 404). `ailz plan` reports the stack as waiting instead of failed
 * (ailz-stacks.json lists these per stack).
 */
export interface PredecessorLookup {
  /** The stack that creates the object. */
  readonly stack: string;
  /** The data source's address in this stack (`data.azapi_resource.<name>`). */
  readonly dataSource: string;
  /** What it reads, for messages (`subscription alias sub-contoso-research`). */
  readonly what: string;
}

export interface BaseStackProps {
  readonly config: LandingZoneConfig;
  /**
   * The subscription the stack's provider manages: a GUID from the config, or, for a subscription the
   * governance stack vends, a function that looks the ID up at plan time inside this stack (the vended
   * subscription's alias), so nobody types it in.
   */
  readonly subscription: string | ((stack: BaseStack) => string);
  /**
   * Resource providers the stack's subscription needs. Registration is explicit (`resource_provider_registrations = "none"`
   * plus this list) so a plan never registers providers nobody asked for, and a workload subscription
   * gets exactly what its services use.
   */
  readonly resourceProviders: readonly string[];
}

/**
 * The common frame of every ailz stack: the pinned azurerm provider for one subscription with
 * Entra ID auth to storage and the ailz `features` block, the backend (local state beside the output
 * directory by default; the azurerm backend with Entra ID auth and key `<stack>.tfstate` when `state`
 * is configured), and the `removed`/`import` blocks of StateMoves in both JSON and HCL output.
 */
export abstract class BaseStack extends TerraformStack {
  /** The subscription ID as Terraform sees it (a literal, or a plan-time lookup). */
  readonly subscriptionId: string;
  /** The stack's default azurerm provider. */
  readonly provider: AzurermProvider;
  /** Lookups that fail while a predecessor stack is not applied (see PredecessorLookup). */
  readonly predecessorLookups: PredecessorLookup[] = [];
  private azapiProvider?: AzapiProvider;

  constructor(scope: Construct, readonly stackName: string, props: BaseStackProps) {
    super(scope, stackName);
    const { config } = props;
    this.subscriptionId = typeof props.subscription === 'string' ? props.subscription : props.subscription(this);
    // Constructs read it where Azure writes the subscription into a compared value (role definition IDs).
    setSubscription(this, this.subscriptionId);

    this.provider = new AzurermProvider(this, 'azurerm', {
      features: [azurermFeatures()],
      subscriptionId: this.subscriptionId,
      tenantId: config.organization.tenantId,
      // Data-plane calls to storage use Entra ID: shared keys are disabled on every account ailz creates.
      storageUseAzuread: true,
      resourceProviderRegistrations: 'none',
      resourceProvidersToRegister: [...props.resourceProviders].sort(),
    });
    // Pin the exact provider release the bindings were generated from, not the generator's `~> 4.0`.
    this.addOverride('terraform.required_providers.azurerm', { source: 'hashicorp/azurerm', version: AZURERM_PROVIDER_VERSION });
    // The migration blocks need Terraform 1.8: `removed` and `import` with for_each (1.7), a `moved`
    // between resource types (1.8). An older Terraform then stops with a clear version error.
    this.addOverride('terraform.required_version', TERRAFORM_REQUIRED_VERSION);

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
      new LocalBackend(this, { path: localStatePath(stackName) });
    }
  }

  /**
   * A second azurerm provider for another subscription (`alias`), with the same features block. It
   * registers no resource providers: the stack that owns that subscription registers what it needs.
   */
  protected azurermAlias(id: string, alias: string, subscriptionId: string, tenantId: string): AzurermProvider {
    return new AzurermProvider(this, id, {
      alias,
      features: [azurermFeatures()],
      subscriptionId,
      tenantId,
      storageUseAzuread: true,
      resourceProviderRegistrations: 'none',
    });
  }

  /**
   * The stack's azapi provider (created on first use). No subscription: every azapi resource and lookup
   * ailz emits names its full resource ID or parent ID.
   */
  azapi(tenantId: string): AzapiProvider {
    this.azapiProvider ??= new AzapiProvider(this, 'azapi', { tenantId });
    return this.azapiProvider;
  }

  /** cdktf's HCL renderer drops top-level blocks it does not know: add the StateMoves blocks (`removed`, conditional `import`). */
  toHclTerraform(): { [key: string]: any } {
    const out = super.toHclTerraform();
    const extra = stateMovesHcl(this.toTerraform());
    return extra ? { ...out, hcl: `${out.hcl}\n\n${extra}\n` } : out;
  }
}
