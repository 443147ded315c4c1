/**
 * Azure/azapi 2.x resources: the `body` IS the ARM request body (Azure/terraform-provider-azapi,
 * `docs/resources/resource.md` and `update_resource.md`: `type = "<resource type>@<api version>"`, `parent_id`,
 * `name`, `location`, `identity`, `tags`, `body`). No mapping to derive: the adapter only places the resource.
 */
import { ArmObject, ArmValue, UNKNOWN, isUnknown } from '../resource';
import { Adapter, AdapterContext } from '../adapter';
import { Resolved } from '../terraform';
import { parseAzapiType } from '../../azure/arm-types';

function splitType(raw: unknown): { type: string; apiVersion: string } | undefined {
  if (typeof raw !== 'string' || raw.includes('${')) return undefined;
  return parseAzapiType(raw);
}

/** The body as an object (azapi 2.x takes an object; 1.x took a JSON string). */
function body(c: AdapterContext): ArmObject | undefined {
  const raw = c.raw('body');
  if (raw === undefined || raw === null) return {};
  if (typeof raw === 'string' && !raw.includes('${')) {
    try {
      return c.resolve(JSON.parse(raw)) as ArmObject;
    } catch {
      return undefined;
    }
  }
  const v = c.resolve(raw);
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v) ? (v as ArmObject) : undefined;
}

const isContainer = (scope: string) => /^\/subscriptions\/[^/]+(\/resourcegroups\/[^/]+)?$/i.test(scope) || /^\/providers\/microsoft\.management\/managementgroups\/[^/]+$/i.test(scope);

/**
 * An extension resource: a top-level type (`Namespace/type`, e.g. `Microsoft.Insights/diagnosticSettings`) whose
 * parent is another resource, not a subscription, resource group or management group. ARM places it at
 * `{parent}/providers/{type}/{name}` and it extends that resource (azapi v2.12.0 `docs/resources/resource.md:124`:
 * "extension scope: `parent_id` should be the ID of the resource you're adding the extension to"), as azurerm's
 * extension resources (diagnostic settings, locks, role assignments) are placed by `target_resource_id` or `scope`.
 */
function isExtensionOf(parent: Resolved, type: string): boolean {
  return type.split('/').length === 2 && !isContainer(parent.scope) && parent.scope.startsWith('/');
}

/** `{parent}/providers/{type}/{name}` or `{parent}/{last type segment}/{name}` by how the type nests under the parent. */
function idUnder(parent: Resolved, type: string, name: Resolved): Resolved {
  const segments = type.split('/');
  const parentIsContainer = isContainer(parent.scope);
  // A child type (Namespace/parent/child) under a resource: append the last segment.
  const child = segments.length > 2 && !parentIsContainer;
  const tail = child ? `/${segments[segments.length - 1]}/` : `/providers/${type}/`;
  return {
    value: isUnknown(parent.value) || isUnknown(name.value) ? UNKNOWN : `${parent.value}${tail}${name.value}`,
    scope: `${parent.scope}${tail.toLowerCase()}${name.scope}`,
  };
}

export const AZAPI_RESOURCE: Adapter = {
  terraformType: 'azapi_resource',
  source: 'Azure/terraform-provider-azapi 2.x azapi_resource: the body is the request',
  build: (c) => {
    const t = splitType(c.raw('type'));
    if (!t) return { notSimulated: 'azapi_resource with a type that is not a literal "<type>@<api-version>"' };
    const b = body(c);
    if (!b) return { notSimulated: `azapi_resource ${t.type}: body is not an object literal` };
    const name = c.nameOf();
    const parent = c.resolved('parent_id');
    const top: Record<string, ArmValue | undefined> = {};
    for (const k of ['location', 'kind', 'sku', 'identity', 'tags', 'plan', 'zones', 'extendedLocation']) {
      const inBody = Object.keys(b).find((x) => x.toLowerCase() === k.toLowerCase());
      if (inBody) top[k] = b[inBody];
    }
    if (c.raw('location') !== undefined) top.location = c.location();
    if (c.raw('tags') !== undefined) top.tags = c.tags();
    if (c.raw('identity') !== undefined || c.unknownBlock('identity')) top.identity = c.identity(false);
    const propsKey = Object.keys(b).find((x) => x.toLowerCase() === 'properties');
    const properties = propsKey ? b[propsKey] : {};
    return {
      drafts: [{
        type: t.type,
        name,
        placement: isExtensionOf(parent, t.type) ? { kind: 'extension', targetId: parent } : { kind: 'explicit', id: idUnder(parent, t.type, name) },
        apiVersion: t.apiVersion,
        location: top.location,
        kind: top.kind,
        sku: top.sku,
        identity: top.identity,
        tags: top.tags,
        properties: properties !== null && typeof properties === 'object' && !Array.isArray(properties) && !isUnknown(properties) ? (properties as ArmObject) : {},
        modelled: isUnknown(properties) ? { properties: [] } : 'all',
      }],
    };
  },
};

export const AZAPI_UPDATE_RESOURCE: Adapter = {
  terraformType: 'azapi_update_resource',
  source: 'Azure/terraform-provider-azapi 2.x azapi_update_resource: GET, merge body, PUT',
  build: (c) => {
    const b = body(c);
    if (!b) return { notSimulated: 'azapi_update_resource: body is not an object literal' };
    const target = c.world.referencedResource(c.res.stack, c.raw('resource_id'));
    if (target && target.attr === 'id' && target.suffix === '') return { patches: [{ target: target.resource.address, body: b }] };
    return { notSimulated: 'azapi_update_resource of a resource outside this stack (its current body is not known offline)' };
  },
};

/**
 * `azapi_resource_action` with `method = "PUT"` and no `action`: a create-or-replace of the resource at
 * `resource_id` with `body` (azapi v2.12.0 docs/resources/resource_action.md: "It's also possible to make HTTP
 * requests towards the resource ID if leave this field empty"), so Azure Policy judges it as that resource's
 * PUT. Any other method or an action (POST .../listKeys, ...) is not a resource request Policy evaluates.
 */
export const AZAPI_RESOURCE_ACTION: Adapter = {
  terraformType: 'azapi_resource_action',
  source: 'Azure/terraform-provider-azapi 2.x azapi_resource_action: PUT to the resource ID is the resource request',
  build: (c) => {
    const method = c.raw('method') ?? 'POST'; // azapi's default
    const action = c.raw('action') ?? '';
    if (typeof method !== 'string' || method.includes('${') || typeof action !== 'string' || action.includes('${')) {
      return { notSimulated: 'azapi_resource_action whose method or action is not a literal' };
    }
    if (method.toUpperCase() !== 'PUT' || action !== '') {
      return { notJudged: `azapi_resource_action ${method}${action ? ` ${action}` : ''}: an action, not a resource request Azure Policy evaluates` };
    }
    const t = splitType(c.raw('type'));
    if (!t) return { notSimulated: 'azapi_resource_action with a type that is not a literal "<type>@<api-version>"' };
    const b = body(c);
    if (!b) return { notSimulated: `azapi_resource_action PUT ${t.type}: body is not an object literal` };
    const id = c.resolved('resource_id');
    const last = (s: string) => s.slice(s.lastIndexOf('/') + 1);
    const name: Resolved = { value: isUnknown(id.value) ? UNKNOWN : last(id.value), scope: last(id.scope) };
    const propsKey = Object.keys(b).find((x) => x.toLowerCase() === 'properties');
    const properties = propsKey ? b[propsKey] : {};
    return {
      drafts: [{
        type: t.type,
        name,
        placement: { kind: 'explicit', id },
        apiVersion: t.apiVersion,
        properties: properties !== null && typeof properties === 'object' && !Array.isArray(properties) && !isUnknown(properties) ? (properties as ArmObject) : {},
        modelled: isUnknown(properties) ? { properties: [] } : 'all',
      }],
    };
  },
};
