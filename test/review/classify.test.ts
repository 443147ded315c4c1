/** The security categories of the AI gateway's resources (issue 13: network exposure, model risk), which the gateway work added to the stacks. */
import { attributeClass, resourceCategory } from '../../review/classify';

describe('classification of what the stacks emit (the AI gateway, PIM policies)', () => {
  it.each([
    ['azurerm_api_management', 'model-risk'],
    ['azurerm_api_management_backend', 'model-risk'],
    ['azurerm_api_management_api_policy', 'model-risk'],
    ['azurerm_api_management_logger', 'monitoring'],
    ['azurerm_application_security_group', 'network'],
    ['azurerm_private_endpoint_application_security_group_association', 'network'],
    ['azurerm_private_dns_a_record', 'network'],
  ])('a %s that appears, disappears or is replaced is %s', (type, category) => {
    expect(resourceCategory(type)).toBe(category);
  });

  it('classifies the gateway\'s ARM types (azapi) alike', () => {
    expect(resourceCategory('azapi_resource', 'Microsoft.ApiManagement/service')).toBe('model-risk');
    expect(resourceCategory('azapi_resource', 'Microsoft.ApiManagement/service/backends')).toBe('model-risk');
    expect(resourceCategory('azapi_resource', 'Microsoft.Network/applicationSecurityGroups')).toBe('network');
  });

  it('classifies the attributes that move traffic: the backend URL, the endpoint\'s ASG, a DNS record, the gateway\'s VNet mode', () => {
    expect(attributeClass('azurerm_api_management_backend', 'url')).toEqual({ category: 'model-risk', label: 'gateway backend' });
    expect(attributeClass('azurerm_private_endpoint_application_security_group_association', 'application_security_group_id')).toEqual({ category: 'network', label: 'application security group' });
    expect(attributeClass('azurerm_private_dns_a_record', 'records[0]')).toEqual({ category: 'network', label: 'private DNS record' });
    expect(attributeClass('azurerm_api_management', 'virtual_network_type')).toEqual({ category: 'network', label: 'VNet integration' });
    expect(attributeClass('azurerm_network_security_rule', 'destination_application_security_group_ids[0]')).toEqual({ category: 'network', label: 'NSG rule' });
    expect(attributeClass('azurerm_api_management_backend', 'description')).toBeUndefined();
  });

  it('classifies the PIM policy that guards an eligible role (its activation rules) as identity', () => {
    expect(resourceCategory('azurerm_role_management_policy')).toBe('identity');
    expect(attributeClass('azurerm_role_management_policy', 'activation_rules[0].require_approval')).toEqual({ category: 'identity', label: 'PIM policy (activation, approval, expiry)' });
    expect(attributeClass('azurerm_role_management_policy', 'activation_rules[0].maximum_duration')).toEqual({ category: 'identity', label: 'PIM policy (activation, approval, expiry)' });
  });
});
