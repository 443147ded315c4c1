/**
 * A small typed binding for the `Azure/azapi` provider (2.12.0): only what ailz uses. azapi sends the
 * ARM request body as written, so it reaches properties azurerm 4.55 cannot express; the guardrails
 * read the `body` of every azapi resource ailz emits (guardrails/azapi.ts), so nothing escapes the
 * checks by moving to azapi.
 *
 * Argument names and meanings: Azure/terraform-provider-azapi v2.12.0 `docs/index.md`,
 * `docs/resources/resource.md`, `docs/resources/update_resource.md`, `docs/data-sources/resource.md`.
 */
import { Construct } from 'constructs';
import { ITerraformDependable, TerraformDataSource, TerraformProvider, TerraformResource, TerraformResourceLifecycle, Token } from 'cdktf';
import { ArmTypeFact, AZAPI_PROVIDER_VERSION, azapiType } from '../../azure/arm-types';

const GENERATOR = { providerName: 'azapi', providerVersion: AZAPI_PROVIDER_VERSION };

export interface AzapiProviderProps {
  /** Subscription the provider's requests default to (resources name their own parent_id). */
  readonly subscriptionId?: string;
  readonly tenantId?: string;
  /** Provider alias, for a second subscription. @default none - the stack's default azapi provider */
  readonly alias?: string;
}

/**
 * The azapi provider, pinned exactly. It never registers resource providers itself
 * (`skip_provider_registration`): the stack's azurerm provider registers the explicit list, and azapi
 * would otherwise try every namespace it knows. Default output is off: only `response_export_values`
 * reach the state.
 */
export class AzapiProvider extends TerraformProvider {
  private readonly props: AzapiProviderProps;

  constructor(scope: Construct, id: string, props: AzapiProviderProps = {}) {
    super(scope, id, { terraformResourceType: 'azapi', terraformGeneratorMetadata: GENERATOR, terraformProviderSource: 'Azure/azapi' });
    this.props = props;
  }

  get alias(): string | undefined {
    return this.props.alias;
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return hclAttributes(this.synthesizeAttributes());
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return prune({
      subscription_id: this.props.subscriptionId,
      tenant_id: this.props.tenantId,
      skip_provider_registration: true,
      disable_default_output: true,
    });
  }
}

export interface AzapiIdentity {
  readonly type: 'SystemAssigned' | 'UserAssigned' | 'SystemAssigned, UserAssigned';
  /** @default [] - required for UserAssigned */
  readonly identityIds?: readonly string[];
}

/**
 * Retry of the ARM request when its error message matches (azapi `retry`): for failures that heal with
 * time, such as a role assignment Azure has not propagated yet. Other errors fail at once.
 */
export interface AzapiRetry {
  /** Go regular expressions matched against the error message; at least one. */
  readonly errorMessageRegex: readonly string[];
  /** @default 10 - azapi's base wait between attempts, in seconds (1-120) */
  readonly intervalSeconds?: number;
  /** @default 180 - azapi's longest wait between attempts, in seconds (1-300) */
  readonly maxIntervalSeconds?: number;
}

/** Operation timeouts (Go durations such as `15m`). @default azapi's own (30 minutes each) */
export interface AzapiTimeouts {
  readonly create?: string;
  readonly update?: string;
  readonly read?: string;
  readonly delete?: string;
}

interface AzapiCommon {
  /** The ARM type and API version (a fact from azure/arm-types.ts). */
  readonly arm: ArmTypeFact;
  /** The ARM request body (`properties`, `sku`, `kind`, ...), exactly as ARM spells it. */
  readonly body: Record<string, unknown>;
  /** Paths of the response exported to `output` (e.g. `['properties.keyUriWithVersion']`). @default none */
  readonly responseExportValues?: readonly string[];
  readonly provider?: TerraformProvider;
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Retry requests whose error matches one of these regular expressions (azapi `retry`), e.g. while a
   * new role assignment propagates. @default none - errors fail at once
   */
  readonly retry?: AzapiRetry;
  /** @default azapi's defaults */
  readonly timeouts?: AzapiTimeouts;
  /** Resource IDs to serialise concurrent azapi writes on (azapi `locks`). @default none */
  readonly locks?: readonly string[];
}

export interface AzapiResourceProps extends AzapiCommon {
  readonly name: string;
  /** ID of the parent: a resource group, subscription, management group, parent resource or, for extension resources, the extended resource. */
  readonly parentId: string;
  /** @default none - for resources without a location (child and extension resources) */
  readonly location?: string;
  /** @default none */
  readonly identity?: AzapiIdentity;
  /** @default none - for resources without tags */
  readonly tags?: Record<string, string>;
  /**
   * Paths into `body` (JMESPath, e.g. `properties.keySize`) whose change replaces the resource, for
   * properties ARM cannot update in place (azapi `replace_triggers_refs`; v2.12.0
   * internal/services/azapi_resource.go:738-770 compares them in the body). @default none - changes are updates
   */
  readonly replaceTriggersRefs?: readonly string[];
  /** Terraform lifecycle (`prevent_destroy`, `ignore_changes`). @default none */
  readonly lifecycle?: TerraformResourceLifecycle;
}

/** `azapi_resource`: an ARM resource created, read, updated and deleted with the given body. */
export class AzapiResource extends TerraformResource {
  private readonly props: AzapiResourceProps;

  constructor(scope: Construct, id: string, props: AzapiResourceProps) {
    super(scope, id, { terraformResourceType: 'azapi_resource', terraformGeneratorMetadata: GENERATOR, provider: props.provider, dependsOn: props.dependsOn, lifecycle: props.lifecycle });
    this.props = props;
  }

  /** The resource ID (a Terraform reference). */
  get id(): string {
    return this.getStringAttribute('id');
  }

  /** An exported response value (one of `responseExportValues`), as a Terraform reference. */
  output(path: string): string {
    if (!(this.props.responseExportValues ?? []).includes(path)) {
      throw new Error(`${this.node.path}: "${path}" is not in responseExportValues (${(this.props.responseExportValues ?? []).join(', ') || 'none'})`);
    }
    return Token.asString(this.interpolationForAttribute(`output.${path}`));
  }

  /** The principal ID of the resource's system-assigned identity (a Terraform reference). */
  get identityPrincipalId(): string {
    return Token.asString(this.interpolationForAttribute('identity[0].principal_id'));
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return hclAttributes(this.synthesizeAttributes());
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    const p = this.props;
    return prune({
      type: azapiType(p.arm),
      name: p.name,
      parent_id: p.parentId,
      location: p.location,
      identity: p.identity ? [prune({ type: p.identity.type, identity_ids: p.identity.identityIds ? [...p.identity.identityIds] : undefined })] : undefined,
      body: p.body,
      tags: p.tags,
      locks: p.locks ? [...p.locks] : undefined,
      replace_triggers_refs: p.replaceTriggersRefs ? [...p.replaceTriggersRefs] : undefined,
      response_export_values: p.responseExportValues ? [...p.responseExportValues] : undefined,
      ...retryAndTimeouts(p),
    });
  }
}

export interface AzapiUpdateResourceProps extends AzapiCommon {
  /** ID of the existing resource to update. */
  readonly resourceId: string;
}

/**
 * `azapi_update_resource`: PATCH-like update of properties of a resource another resource manages
 * (azapi reads the resource, merges the body, and PUTs it). Deleting it does not change the resource.
 */
export class AzapiUpdateResource extends TerraformResource {
  private readonly props: AzapiUpdateResourceProps;

  constructor(scope: Construct, id: string, props: AzapiUpdateResourceProps) {
    super(scope, id, { terraformResourceType: 'azapi_update_resource', terraformGeneratorMetadata: GENERATOR, provider: props.provider, dependsOn: props.dependsOn });
    this.props = props;
  }

  get id(): string {
    return this.getStringAttribute('id');
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return hclAttributes(this.synthesizeAttributes());
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return requestToResource(this.props);
  }
}

export interface AzapiResourceActionProps extends AzapiCommon {
  /** ID of the resource the request goes to (for `PUT`, the resource it creates or replaces). */
  readonly resourceId: string;
  /** HTTP method (azapi `method`). @default 'POST' (azapi's default) */
  readonly method?: 'POST' | 'PUT' | 'PATCH';
  /** Action name appended to the resource ID (azapi `action`). @default none - the request goes to the resource ID itself */
  readonly action?: string;
}

/**
 * `azapi_resource_action`: one ARM request at apply (azapi v2.12.0 docs/resources/resource_action.md). With
 * `method: 'PUT'` and no action it creates or replaces the resource at `resourceId` without azapi_resource's
 * "already exists" check (internal/services/azapi_resource.go:873-883), for objects Azure may create on its own
 * at an unknown moment. Terraform does not own the object: destroying the action leaves it in Azure.
 */
export class AzapiResourceAction extends TerraformResource {
  private readonly props: AzapiResourceActionProps;

  constructor(scope: Construct, id: string, props: AzapiResourceActionProps) {
    super(scope, id, { terraformResourceType: 'azapi_resource_action', terraformGeneratorMetadata: GENERATOR, provider: props.provider, dependsOn: props.dependsOn });
    this.props = props;
  }

  get id(): string {
    return this.getStringAttribute('id');
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return hclAttributes(this.synthesizeAttributes());
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return requestToResource(this.props, { action: this.props.action, method: this.props.method });
  }
}

export interface DataAzapiResourceProps {
  readonly arm: ArmTypeFact;
  /** Exactly one of `resourceId` or `name` (+ `parentId`). */
  readonly resourceId?: string;
  readonly name?: string;
  readonly parentId?: string;
  /** Paths of the response exported to `output`. @default none - only `exists`, `id` and `location` are read */
  readonly responseExportValues?: readonly string[];
  /**
   * Answer "does not exist" instead of failing the plan when ARM returns 404 (`exists` is then false and
   * `output` null). For existence probes (adoption, StateMoves); a lookup of a value the stack needs
   * must fail loudly instead.
   * @default false - a missing resource fails the plan
   */
  readonly ignoreNotFound?: boolean;
  readonly provider?: TerraformProvider;
  readonly dependsOn?: ITerraformDependable[];
}

/** `data "azapi_resource"`: reads an existing ARM resource at plan time (values Azure generates). */
export class DataAzapiResource extends TerraformDataSource {
  private readonly props: DataAzapiResourceProps;

  constructor(scope: Construct, id: string, props: DataAzapiResourceProps) {
    super(scope, id, { terraformResourceType: 'azapi_resource', terraformGeneratorMetadata: GENERATOR, provider: props.provider, dependsOn: props.dependsOn });
    if ((props.resourceId === undefined) === (props.name === undefined)) {
      throw new Error(`${this.node.path}: give exactly one of resourceId or name`);
    }
    this.props = props;
  }

  /** An exported response value (one of `responseExportValues`), as a Terraform reference. */
  output(path: string): string {
    const exported = this.props.responseExportValues ?? [];
    if (!exported.includes(path)) {
      throw new Error(`${this.node.path}: "${path}" is not in responseExportValues (${exported.join(', ') || 'none'})`);
    }
    return Token.asString(this.interpolationForAttribute(`output.${path}`));
  }

  /** Whether a 404 answers "does not exist" (`ignoreNotFound`). */
  get ignoresNotFound(): boolean {
    return this.props.ignoreNotFound === true;
  }

  /** The resource's location, normalized by azapi (null when a probe found nothing). */
  get location(): string {
    return this.getStringAttribute('location');
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return hclAttributes(this.synthesizeAttributes());
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    const p = this.props;
    return prune({
      type: azapiType(p.arm),
      resource_id: p.resourceId,
      name: p.name,
      parent_id: p.parentId,
      ignore_not_found: p.ignoreNotFound ? true : undefined,
      response_export_values: p.responseExportValues ? [...p.responseExportValues] : undefined,
    });
  }
}

export interface DataAzapiResourceListProps {
  readonly arm: ArmTypeFact;
  /** The scope to list under (a subscription, resource group or parent resource ID). */
  readonly parentId: string;
  /**
   * Named JMESPath queries over the list response (`{ name: query }`); each becomes `output.<name>`.
   * (azapi 2.12 `response_export_values` in map form, docs/data-sources/resource_list.md.)
   */
  readonly responseExportValues: Readonly<Record<string, string>>;
  readonly provider?: TerraformProvider;
}

/** `data "azapi_resource_list"`: lists the resources of one type under a scope at plan time. */
export class DataAzapiResourceList extends TerraformDataSource {
  private readonly props: DataAzapiResourceListProps;

  constructor(scope: Construct, id: string, props: DataAzapiResourceListProps) {
    super(scope, id, { terraformResourceType: 'azapi_resource_list', terraformGeneratorMetadata: GENERATOR, provider: props.provider });
    this.props = props;
  }

  /** The Terraform expression of a named query's result (for use inside a larger expression). */
  outputExpression(name: string): string {
    if (!Object.prototype.hasOwnProperty.call(this.props.responseExportValues, name)) {
      throw new Error(`${this.node.path}: "${name}" is not in responseExportValues (${Object.keys(this.props.responseExportValues).join(', ')})`);
    }
    return `data.${this.terraformResourceType}.${this.friendlyUniqueId}.output.${name}`;
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return hclAttributes(this.synthesizeAttributes());
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    const p = this.props;
    return {
      type: azapiType(p.arm),
      parent_id: p.parentId,
      response_export_values: { ...p.responseExportValues },
    };
  }
}

/** `retry` (an object attribute in azapi 2.x) and the `timeouts` block, when given. */
/** The attributes of a request to an existing resource ID (`azapi_update_resource`, `azapi_resource_action`). */
function requestToResource(p: AzapiCommon & { readonly resourceId: string }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return prune({
    type: azapiType(p.arm),
    resource_id: p.resourceId,
    ...extra,
    body: p.body,
    locks: p.locks ? [...p.locks] : undefined,
    response_export_values: p.responseExportValues ? [...p.responseExportValues] : undefined,
    ...retryAndTimeouts(p),
  });
}

function retryAndTimeouts(p: AzapiCommon): Record<string, unknown> {
  return prune({
    retry: p.retry ? prune({
      error_message_regex: [...p.retry.errorMessageRegex],
      interval_seconds: p.retry.intervalSeconds,
      max_interval_seconds: p.retry.maxIntervalSeconds,
    }) : undefined,
    timeouts: p.timeouts ? prune({ ...p.timeouts }) : undefined,
  });
}

/** Arguments that are nested blocks in azapi 2.12 (every other argument, `body` and `retry` included, is an attribute). */
const HCL_BLOCKS = new Set(['identity', 'timeouts']);

/**
 * The same arguments for `synth --hcl`: cdktf calls synthesizeHclAttributes (the JSON form alone renders
 * an empty resource). Its renderer writes plain values as HCL expressions (objects as `{ ... }`) and needs
 * to be told which arguments are blocks (`identity { ... }`).
 */
function hclAttributes(attrs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) {
    out[k] = HCL_BLOCKS.has(k) ? { value: hclSafe(v), isBlock: true, type: Array.isArray(v) ? 'list' : 'struct', storageClassType: `${k}List` } : hclSafe(v);
  }
  return out;
}

/**
 * cdktf's renderer guesses types from strings (`"4711"` becomes the number 4711, `"[..."` an
 * expression); in a dynamic `body` that changes what ARM receives. Such strings are written pre-quoted,
 * which the renderer passes through unchanged.
 */
function hclSafe(v: unknown): unknown {
  if (typeof v === 'string') {
    if (v.includes('${')) return v;
    const misread = /^-?\d+$/.test(v) || /^["[{]/.test(v) || v === 'true' || v === 'false' || v === 'null';
    return misread ? JSON.stringify(v) : v;
  }
  if (Array.isArray(v)) return v.map(hclSafe);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, hclSafe(x)]));
  return v;
}

/** Drops undefined values so absent arguments stay absent in the JSON. */
function prune(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}
