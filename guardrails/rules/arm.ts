/**
 * Judging the ARM body of azapi resources with the same rules as their azurerm form, so a resource
 * created (`azapi_resource`) or changed (`azapi_update_resource`) through azapi is reported like the
 * azurerm resource it stands for. Property names are ARM's (the azapi body is the ARM request body).
 */
import { DocumentIndex, Rule, Violation } from '../types';
import { AzapiView, azapiOfType, bodyValue } from '../azapi';
import { judge, show } from '../document';

export interface ArmValueCheck {
  /** Dotted ARM path in the body, e.g. `properties.publicNetworkAccess`. */
  path: string;
  /** Fail closed: true only for the secure literal(s). */
  secure: (v: any) => boolean;
  expected: string;
  /**
   * What Azure applies when a creating request leaves the property out. Omit when it must be set. An
   * update (`azapi_update_resource`) that leaves it out changes nothing and is not judged on it.
   */
  defaultValue?: unknown;
}

/** One ARM property of one azapi resource: undefined when compliant (or not touched by an update). */
export function checkArm(doc: DocumentIndex, view: AzapiView, c: ArmValueCheck): Violation | undefined {
  const address = view.node.address;
  if (view.body === undefined) {
    return { address, severity: 'warning', message: `body cannot be verified: it is ${show(view.node.attrs.body)}; expected ${c.path} ${c.expected}` };
  }
  const j = judge(doc, bodyValue(view, c.path));
  if (j.state === 'unresolved') return { address, severity: 'warning', message: `${c.path} cannot be verified: value is ${show(j.text)}; expected ${c.expected}` };
  if (j.state === 'missing') {
    if (view.update) return undefined;
    if ('defaultValue' in c) {
      return c.secure(c.defaultValue) ? undefined : { address, message: `${c.path} is not set (Azure default ${show(c.defaultValue)}); expected ${c.expected}` };
    }
    return { address, message: `${c.path} is not set; expected ${c.expected}` };
  }
  return c.secure(j.value) ? undefined : { address, message: `${c.path} is ${show(j.value)}; expected ${c.expected}` };
}

/**
 * The same rule over the azapi form of its resources: the rule's own check, plus `fn` on every azapi
 * resource and update of `armType`.
 */
export function alsoArm(rule: Rule, armType: string, fn: (doc: DocumentIndex, view: AzapiView) => Violation | Violation[] | undefined): Rule {
  return {
    ...rule,
    check(doc, set, ctx) {
      const out = [...rule.check(doc, set, ctx)];
      for (const view of azapiOfType(doc, armType)) {
        const r = fn(doc, view);
        if (Array.isArray(r)) out.push(...r);
        else if (r) out.push(r);
      }
      return out;
    },
  };
}

/** Case-insensitive string equality, as ARM compares enum values. */
export const armEquals = (expected: string) => (v: any) => typeof v === 'string' && v.toLowerCase() === expected.toLowerCase();
