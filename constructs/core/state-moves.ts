/**
 * Moving resources between stacks without tearing them down (issue "Deployable" §2): the stack that
 * gives a resource up forgets it (`removed { lifecycle { destroy = false } }`), the stack that takes it
 * over adopts it (`import`). cdktf 0.21 has no API for `removed` blocks, nor for an `import` that only
 * applies when the object exists, so this construct renders both as top-level Terraform blocks.
 *
 * Terraform rules this relies on (Terraform 1.11.4, checked with JSON configurations and the built-in
 * `terraform_data` resource; docs: "removed block reference", "import block reference"):
 * - `removed` for an address that is not in the state is a no-op, so it can be emitted unconditionally;
 *   `removed` for an address the configuration still declares is an error.
 * - `import` for an address already in the state is ignored ("No changes"), so adoption is idempotent.
 * - `import` of an object that does not exist fails the plan ("Cannot import non-existent remote
 *   object"), so an adoption is guarded by an existence probe (`data "azapi_resource"` with
 *   `ignore_not_found`, attribute `exists`), read during plan: `for_each` over a set that is empty when
 *   the object does not exist (Terraform ≥ 1.7), so a fresh landing zone creates and an existing one adopts.
 *
 * JSON output goes through `TerraformStack.addOverride` (any stack). cdktf's HCL renderer drops
 * top-level blocks it does not know, so stacks that offer HCL output append `stateMovesHcl()` of their
 * resolved JSON (stacks/base-stack.ts).
 */
import { Construct, Node } from 'constructs';
import { TerraformProvider, TerraformResource, TerraformStack } from 'cdktf';
import type { DataAzapiResource } from './azapi';

/** One adoption: import `resource` from `importId` when `probe` finds the object. */
interface Adoption {
  readonly resource: TerraformResource;
  readonly importId: string;
  readonly probe: DataAzapiResource;
  readonly provider?: TerraformProvider;
}

const ID = 'AilzStateMoves';

export class StateMoves extends Construct {
  private readonly adoptions: Adoption[] = [];
  private readonly releases = new Set<string>();

  /** The registry of the stack that contains `scope` (created on first use). */
  static of(scope: Construct): StateMoves {
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild(ID) as StateMoves | undefined) ?? new StateMoves(stack, ID);
  }

  /**
   * Forget `address` (`<type>.<logical id>`) without destroying the object: for resources another stack
   * now owns, or that must outlive their configuration (a vended subscription).
   */
  release(address: string): void {
    if (!/^[a-z0-9_]+\.[A-Za-z0-9_-]+$/.test(address)) throw new Error(`StateMoves.release: "${address}" is not a resource address`);
    this.releases.add(address);
    this.render();
  }

  /**
   * Adopt the existing object `importId` as `resource` when `probe` (an `ignoreNotFound` lookup of the
   * same object) finds it; create it otherwise. `importId` is in the form the resource's importer parses.
   */
  adopt(resource: TerraformResource, importId: string, probe: DataAzapiResource, provider?: TerraformProvider): void {
    if (!probe.ignoresNotFound) throw new Error(`StateMoves.adopt: probe ${probe.node.path} must set ignoreNotFound (an import of a missing object fails the plan)`);
    this.adoptions.push({ resource, importId, probe, provider });
    this.render();
  }

  /** Addresses released, sorted. */
  get released(): readonly string[] {
    return [...this.releases].sort();
  }

  /** The blocks as Terraform JSON (`removed`, `import`), with tokens unresolved. */
  json(): { removed: Record<string, unknown>[]; import: Record<string, unknown>[] } {
    return {
      removed: this.released.map((from) => ({ from, lifecycle: { destroy: false } })),
      import: this.adoptions.map((a) => ({
        for_each: `\${${condition(a.probe)} ? toset(["adopt"]) : toset([])}`,
        to: address(a.resource),
        id: a.importId,
        ...(a.provider ? { provider: a.provider.fqn } : {}),
      })),
    };
  }

  private render(): void {
    const stack = TerraformStack.of(this);
    const { removed, import: imports } = this.json();
    // One override per key holding the whole list: a second addOverride of the same path replaces the first.
    if (removed.length > 0) stack.addOverride('removed', removed);
    if (imports.length > 0) stack.addOverride('import', imports);
  }
}

/**
 * The address cdktf gives a resource of `type` at construct path `path` (ids below the stack), computed
 * without creating it: for releasing resources a construct no longer creates. Uses cdktf's own
 * `allocateLogicalId`, so it cannot drift from the addresses earlier releases synthesized.
 */
export function addressAt(stack: TerraformStack, type: string, path: readonly string[]): string {
  const node = { scopes: [stack, ...path.map((id) => ({ node: { id } }))] } as unknown as Node;
  return `${type}.${stack.getLogicalId(node)}`;
}

/**
 * The `removed` and `import` blocks of a synthesized (resolved) Terraform JSON document, as HCL: for the
 * HCL output, whose renderer in cdktf 0.21 drops them. Expressions (`"${...}"` strings) become bare HCL
 * expressions; other strings stay quoted templates, which HCL reads the same way as JSON does.
 */
export function stateMovesHcl(json: { removed?: unknown; import?: unknown }): string {
  const expr = (v: unknown) => {
    const m = typeof v === 'string' ? /^\$\{(.*)\}$/s.exec(v) : null;
    if (!m) throw new Error(`stateMovesHcl: expected an expression, got ${JSON.stringify(v)}`);
    return m[1];
  };
  const blocks: string[] = [];
  for (const r of (Array.isArray(json.removed) ? json.removed : []) as { from: string }[]) {
    blocks.push(`removed {\n  from = ${r.from}\n\n  lifecycle {\n    destroy = false\n  }\n}`);
  }
  for (const i of (Array.isArray(json.import) ? json.import : []) as { for_each?: string; to: string; id: string; provider?: string }[]) {
    const lines: string[] = [];
    if (i.for_each !== undefined) lines.push(`  for_each = ${expr(i.for_each)}`);
    lines.push(`  to       = ${i.to}`, `  id       = ${JSON.stringify(i.id)}`);
    if (i.provider) lines.push(`  provider = ${i.provider}`);
    blocks.push(`import {\n${lines.join('\n')}\n}`);
  }
  return blocks.join('\n\n');
}

function address(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

function condition(probe: DataAzapiResource): string {
  return `data.${probe.terraformResourceType}.${probe.friendlyUniqueId}.exists`;
}
