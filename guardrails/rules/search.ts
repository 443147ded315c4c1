/** Azure AI Search. Attribute names: azurerm 4.55.0 lib/search-service. */
import { Rule } from '../types';
import { block } from '../document';
import { attributeRule, checkValue, isFalse, nonEmptyString, resourceRule } from './helpers';

const SEARCH = ['azurerm_search_service'] as const;

export const SEARCH_RULES: readonly Rule[] = [
  attributeRule({
    id: 'AILZ-SRCH-001', severity: 'error', area: 'network', resourceTypes: SEARCH,
    title: 'Search service disables public network access',
    rationale: 'Search indexes hold the grounding data of RAG applications; they are reached privately only.',
    remediation: 'set public_network_access_enabled = false and add a searchService private endpoint',
    path: 'public_network_access_enabled', secure: isFalse, expected: 'false', defaultValue: true,
    references: { azurePolicy: ['ee980b6d-0eca-4501-8d54-f6290fd512c3'], mcsb: ['NS-2'] },
  }),
  attributeRule({
    id: 'AILZ-SRCH-002', severity: 'error', area: 'identity', resourceTypes: SEARCH,
    title: 'Search service disables API key authentication',
    rationale: 'Admin and query keys are shared secrets; Entra ID roles give per-identity access and audit.',
    remediation: 'set local_authentication_enabled = false',
    path: 'local_authentication_enabled', secure: isFalse, expected: 'false', defaultValue: true,
    references: { azurePolicy: ['6300012e-e9a4-4649-b41f-a85f5c43be91'], mcsb: ['IM-1'] },
  }),
  resourceRule({
    id: 'AILZ-SRCH-003', severity: 'error', area: 'identity', resourceTypes: SEARCH,
    title: 'Search service has a managed identity',
    rationale: 'Indexers need an identity to read data sources keylessly.',
    remediation: 'add identity { type = "UserAssigned" | "SystemAssigned" }',
    references: { mcsb: ['IM-3'] },
  }, (doc, node) => (block(node.attrs, 'identity')
    ? checkValue(doc, node, { path: 'identity.type', secure: nonEmptyString, expected: 'a managed identity type' })
    : { address: node.address, message: 'identity is not set; expected a managed identity' })),
  attributeRule({
    id: 'AILZ-SRCH-004', severity: 'error', area: 'network', resourceTypes: SEARCH,
    title: 'Search service uses a SKU that supports private link',
    rationale: 'The free tier cannot have private endpoints.',
    remediation: 'use sku "basic" or higher',
    path: 'sku', secure: (v) => typeof v === 'string' && v.length > 0 && v.toLowerCase() !== 'free', expected: 'a SKU other than "free"',
    references: { azurePolicy: ['a049bf77-880b-470f-ba6d-9f21c530cf83'], mcsb: ['NS-2'] },
  }),
];
