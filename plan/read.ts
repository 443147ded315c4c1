/**
 * Reads the JSON of `terraform show -json <planfile>`: Terraform's documented machine-readable plan,
 * `format_version` 1.x (https://developer.hashicorp.com/terraform/internals/json-format: "changes to the
 * major version indicate a breaking change"; minor versions only add fields). Any other major version,
 * a state (`terraform show -json` without a plan file) or something that is not Terraform's output is
 * rejected with a message that says what was found and how to make a plan JSON.
 */

/** Thrown for input that is not a plan JSON ailz can read; the CLI reports it as bad input (exit 2). */
export class PlanFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanFormatError';
  }
}

/** `forget` (Terraform 1.7+): a `removed` block with `destroy = false` drops the resource from the state and leaves it in Azure. */
export type PlanAction = 'no-op' | 'create' | 'read' | 'update' | 'delete' | 'forget';

/** One entry of `resource_changes` or `resource_drift`. */
export interface PlanResourceChange {
  /** Full address, e.g. `module.net.azurerm_subnet.app["a"]`. */
  readonly address: string;
  /** The address the resource had before a `moved` block moved it, when it moved. */
  readonly previousAddress?: string;
  /** `module.net` or `module.net[0]`; undefined in the root module. */
  readonly moduleAddress?: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** count or for_each key. */
  readonly index?: string | number;
  readonly providerName?: string;
  readonly actions: readonly PlanAction[];
  readonly before: unknown;
  readonly after: unknown;
  /** Mirrors `after`: `true` where the value is known only after apply. */
  readonly afterUnknown: unknown;
  readonly beforeSensitive: unknown;
  readonly afterSensitive: unknown;
  /** Attribute paths that force the replacement (plan `replace_paths`). */
  readonly replacePaths: readonly (readonly (string | number)[])[];
  /** Why Terraform chose this action (`replace_because_cannot_update`, `delete_because_no_resource_config`, ...). */
  readonly actionReason?: string;
  /** The ID of an existing resource an `import` block adopts. */
  readonly importingId?: string;
}

export interface TerraformPlan {
  readonly file: string;
  readonly formatVersion: string;
  readonly terraformVersion?: string;
  readonly resourceChanges: readonly PlanResourceChange[];
  readonly resourceDrift: readonly PlanResourceChange[];
  /** The `configuration` object (expressions as written, provider configs). */
  readonly configuration: any;
  /** `prior_state.values` (data sources already read, resources before the change). */
  readonly priorState: any;
  readonly variables: Readonly<Record<string, unknown>>;
}

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
// Terraform's jsonplan actionString: no-op, create, read, update, delete (and the pairs of a replacement), forget.
const ACTIONS: ReadonlySet<string> = new Set(['no-op', 'create', 'read', 'update', 'delete', 'forget']);

/** Parses and checks plan JSON text; `file` names it in messages. */
export function parsePlan(text: string, file: string): TerraformPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new PlanFormatError(`${file}: not valid JSON (${(e as Error).message}); expected the output of \`terraform show -json <planfile>\``);
  }
  return readPlan(raw, file);
}

/** Checks an already-parsed plan JSON document. */
export function readPlan(raw: unknown, file: string): TerraformPlan {
  if (!isObj(raw)) throw new PlanFormatError(`${file}: expected a JSON object, the output of \`terraform show -json <planfile>\``);
  const fv = raw.format_version;
  if (fv === undefined) {
    throw new PlanFormatError(`${file}: no format_version: this is not Terraform's plan JSON; produce it with \`terraform plan -out=tfplan && terraform show -json tfplan\``);
  }
  if (typeof fv !== 'string' || !/^1\.\d+$/.test(fv)) {
    throw new PlanFormatError(`${file}: format_version ${JSON.stringify(fv)} is not supported; ailz reads Terraform's plan JSON format 1.x (Terraform 0.12 to 1.x, \`terraform show -json <planfile>\`)`);
  }
  if (raw.resource_changes === undefined && raw.planned_values === undefined) {
    const what = raw.values !== undefined ? 'a state (`terraform show -json` without a plan file)' : 'not a plan';
    throw new PlanFormatError(`${file}: this is ${what}: it has no resource_changes or planned_values; run \`terraform show -json <planfile>\` on a saved plan`);
  }
  const resourceChanges = readChanges(raw.resource_changes, `${file}: resource_changes`);
  const resourceDrift = readChanges(raw.resource_drift, `${file}: resource_drift`);
  const variables: Record<string, unknown> = {};
  if (isObj(raw.variables)) for (const [k, v] of Object.entries(raw.variables)) variables[k] = isObj(v) ? v.value : undefined;
  return {
    file,
    formatVersion: fv,
    terraformVersion: typeof raw.terraform_version === 'string' ? raw.terraform_version : undefined,
    resourceChanges,
    resourceDrift,
    configuration: isObj(raw.configuration) ? raw.configuration : {},
    priorState: isObj(raw.prior_state) && isObj(raw.prior_state.values) ? raw.prior_state.values : {},
    variables,
  };
}

function readChanges(list: unknown, at: string): PlanResourceChange[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new PlanFormatError(`${at}: expected an array`);
  return list.map((rc, i) => {
    const here = `${at}[${i}]`;
    if (!isObj(rc)) throw new PlanFormatError(`${here}: expected an object`);
    for (const key of ['address', 'type', 'name'] as const) {
      if (typeof rc[key] !== 'string' || rc[key] === '') throw new PlanFormatError(`${here}.${key}: expected a non-empty string`);
    }
    const change = rc.change;
    if (!isObj(change)) throw new PlanFormatError(`${here}.change: expected an object`);
    const actions = change.actions;
    if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a) => typeof a === 'string' && ACTIONS.has(a))) {
      throw new PlanFormatError(`${here}.change.actions: expected a list of no-op, create, read, update, delete, forget; got ${JSON.stringify(actions)}`);
    }
    const mode = rc.mode === 'data' ? 'data' : 'managed';
    const replacePaths = Array.isArray(change.replace_paths)
      ? change.replace_paths.filter((p: unknown) => Array.isArray(p)).map((p: unknown[]) => p.filter((s) => typeof s === 'string' || typeof s === 'number') as (string | number)[])
      : [];
    return {
      address: rc.address,
      previousAddress: typeof rc.previous_address === 'string' ? rc.previous_address : undefined,
      moduleAddress: typeof rc.module_address === 'string' ? rc.module_address : undefined,
      mode,
      type: rc.type,
      name: rc.name,
      index: typeof rc.index === 'string' || typeof rc.index === 'number' ? rc.index : undefined,
      providerName: typeof rc.provider_name === 'string' ? rc.provider_name : undefined,
      actions: actions as PlanAction[],
      before: change.before ?? null,
      after: change.after ?? null,
      afterUnknown: change.after_unknown ?? false,
      beforeSensitive: change.before_sensitive ?? false,
      afterSensitive: change.after_sensitive ?? false,
      replacePaths,
      actionReason: typeof rc.action_reason === 'string' ? rc.action_reason : undefined,
      importingId: isObj(change.importing) && typeof change.importing.id === 'string' ? change.importing.id : undefined,
    } satisfies PlanResourceChange;
  });
}

/**
 * What Terraform will do to a resource, from its action list. `["create","forget"]` is a replacement
 * whose old object Terraform forgets instead of destroying (`keepsOld`).
 */
export type ChangeKind = 'create' | 'delete' | 'replace' | 'update' | 'read' | 'no-op' | 'forget';

export function keepsOld(actions: readonly PlanAction[]): boolean {
  return actions.includes('create') && actions.includes('forget');
}

export function changeKind(actions: readonly PlanAction[]): ChangeKind {
  if (actions.includes('create') && (actions.includes('delete') || actions.includes('forget'))) return 'replace';
  if (actions.length === 1) return actions[0] === 'no-op' ? 'no-op' : actions[0];
  return 'update';
}
