/**
 * ARM resource types ailz manages through the `Azure/azapi` provider, each with the API version it is
 * written against, in one place (issue "Deployable": azapi is the escape hatch where azurerm 4.55 cannot
 * express an ARM property). A type is added here, with the source that shows the API version has the
 * properties ailz sends, before a construct uses it; the guardrails read the same table to know which
 * azapi resources they judge.
 */
export interface ArmTypeFact {
  /** ARM resource type, e.g. `Microsoft.KeyVault/vaults/keys`. */
  readonly type: string;
  /** API version ailz sends (azapi `type = "<type>@<apiVersion>"`). */
  readonly apiVersion: string;
  /** Where the API version and its properties are documented. */
  readonly source: string;
}

/** The version of the Azure/azapi provider every stack that uses azapi pins (exactly). */
export const AZAPI_PROVIDER_VERSION = '2.12.0';

/** `<type>@<apiVersion>`, the azapi `type` argument. */
export function azapiType(fact: ArmTypeFact): string {
  return `${fact.type}@${fact.apiVersion}`;
}

/** Splits an azapi `type` argument into the ARM type and API version; undefined when it has no `@`. */
export function parseAzapiType(value: string): { type: string; apiVersion: string } | undefined {
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return undefined;
  return { type: value.slice(0, at), apiVersion: value.slice(at + 1) };
}

/** Every ARM type ailz emits through azapi, by a short key. Entries are added with the constructs that use them. */
export const ARM_TYPES = {} as const satisfies Record<string, ArmTypeFact>;
