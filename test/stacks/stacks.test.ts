import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { configWith, referenceConfig, resourcesOf, synthStacks } from './helpers';
import { evaluate } from '../../guardrails';
import { TEST_AS_OF } from '../as-of';

const config = referenceConfig();
const stacks = synthStacks(config);

/** Whether the provider binding of a resource type accepts `tags` (read from its type definitions). */
function isTaggable(type: string): boolean {
  const dir = type.replace(/^azurerm_/, '').replace(/_/g, '-');
  const dts = join(__dirname, '..', '..', 'node_modules', '@cdktf', 'provider-azurerm', 'lib', dir, 'index.d.ts');
  if (!existsSync(dts)) throw new Error(`no provider binding for ${type}`);
  const text = readFileSync(dts, 'utf8');
  const configInterface = text.slice(text.indexOf('Config extends cdktf.TerraformMetaArguments'), text.indexOf('\n}\n', text.indexOf('Config extends cdktf.TerraformMetaArguments')));
  return /\n\s+readonly tags\?:/.test(configInterface);
}

describe('stack layout', () => {
  it('synthesizes governance, platform and one stack per workload', () => {
    expect(Object.keys(stacks)).toEqual(['governance', 'platform', 'workload-chat', 'workload-research']);
  });

  it.each(Object.keys(stacks))('%s pins azurerm 4.55.0 and configures the provider deliberately', (name) => {
    const stack = stacks[name];
    expect(stack.terraform.required_providers.azurerm).toEqual({ source: 'hashicorp/azurerm', version: '4.55.0' });
    const [provider] = stack.provider.azurerm;
    expect(provider.storage_use_azuread).toBe(true);
    expect(provider.resource_provider_registrations).toBe('none');
    expect(provider.resource_providers_to_register.length).toBeGreaterThan(0);
    expect(provider.tenant_id).toBe(config.organization.tenantId);
    expect(stack.terraform.backend).toEqual({ local: { path: `terraform.${name}.tfstate` } });
  });

  it('targets the subscription from config, or a required variable for a vended one', () => {
    expect(stacks.governance.provider.azurerm[0].subscription_id).toBe(config.platform.subscriptionId);
    expect(stacks.platform.provider.azurerm[0].subscription_id).toBe(config.platform.subscriptionId);
    expect(stacks['workload-chat'].provider.azurerm[0].subscription_id).toBe(config.workloads[0].subscriptionId);
    expect(stacks['workload-research'].provider.azurerm[0].subscription_id).toBe('${var.subscription_id}');
    expect(stacks['workload-research'].variable.subscription_id).toMatchObject({ type: 'string', nullable: false });
    expect(stacks.governance.output.workload_research_subscription_id.value).toMatch(/^\$\{azurerm_subscription\./);
  });

  it('registers exactly the resource providers a workload needs', () => {
    const chat = stacks['workload-chat'].provider.azurerm[0].resource_providers_to_register;
    const research = stacks['workload-research'].provider.azurerm[0].resource_providers_to_register;
    expect(chat).not.toContain('Microsoft.MachineLearningServices');
    expect(research).toEqual(expect.arrayContaining(['Microsoft.MachineLearningServices', 'Microsoft.ContainerRegistry', 'Microsoft.CognitiveServices']));
  });

  it('switches every stack to the azurerm backend with Entra ID auth when state is configured', () => {
    const withState = synthStacks(configWith((c) => {
      c.state = { resourceGroupName: 'rg-tfstate', storageAccountName: 'sttfstate001', containerName: 'tfstate' };
    }));
    for (const [name, stack] of Object.entries<any>(withState)) {
      expect(stack.terraform.backend).toEqual({
        azurerm: {
          resource_group_name: 'rg-tfstate',
          storage_account_name: 'sttfstate001',
          container_name: 'tfstate',
          key: `${name}.tfstate`,
          subscription_id: config.platform.subscriptionId,
          tenant_id: config.organization.tenantId,
          use_azuread_auth: true,
        },
      });
    }
  });

  it('tags every taggable resource with the organization tags and environment, workload, managedBy', () => {
    let checked = 0;
    for (const [name, stack] of Object.entries<any>(stacks)) {
      for (const [type, logical, body] of resourcesOf(stack)) {
        if (!isTaggable(type)) continue;
        checked++;
        expect({ resource: `${name}/${type}.${logical}`, tags: body.tags }).toEqual({
          resource: `${name}/${type}.${logical}`,
          tags: expect.objectContaining({ costCenter: '4711', managedBy: 'ailz', environment: expect.any(String), workload: expect.any(String) }),
        });
      }
    }
    expect(checked).toBeGreaterThan(5);
    const rg = resourcesOf(stacks['workload-chat']).find(([t]) => t === 'azurerm_resource_group')![2];
    expect(rg.tags).toMatchObject({ environment: 'production', workload: 'chat' });
  });

  it('the reference config synthesizes with zero guardrail findings', () => {
    const result = evaluate(Object.entries(stacks).map(([stack, json]) => ({ stack, json })), { asOf: TEST_AS_OF });
    expect(result.findings.map((f) => `${f.rule} ${f.stack}/${f.address} ${f.message}`)).toEqual([]);
  });

  it('no key, secret or connection string is ever an output', () => {
    for (const stack of Object.values<any>(stacks)) {
      for (const [name, output] of Object.entries<any>(stack.output ?? {})) {
        // Attributes that would leak a credential (a Key Vault *URI* is fine: it grants nothing).
        expect(`${name} ${JSON.stringify(output.value)}`).not.toMatch(/access_key|primary_key|secondary_key|secret|connection_string|password|sas_|instrumentation_key/i);
        expect(output.sensitive).toBeUndefined();
      }
    }
  });
});

describe('cross-stack references', () => {
  it('every ID a workload computes for a platform resource names a resource the platform stack creates', () => {
    const platformNames = new Set(resourcesOf(stacks.platform).map(([, , body]) => body.name));
    const ids = JSON.stringify(stacks['workload-chat']).match(/\/subscriptions\/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e\/resourceGroups\/[^"]+/g) ?? [];
    expect(ids.length).toBeGreaterThan(3);
    for (const id of new Set(ids)) {
      const last = id.split('/').pop()!;
      expect({ id, createdByPlatform: platformNames.has(last) }).toEqual({ id, createdByPlatform: true });
    }
  });

  it('the hub peers with each spoke VNet the workload stack creates, and vice versa', () => {
    const spoke = resourcesOf(stacks['workload-chat']).find(([t]) => t === 'azurerm_virtual_network')![2];
    const hubPeerings = resourcesOf(stacks.platform).filter(([t]) => t === 'azurerm_virtual_network_peering').map(([, , b]) => b.remote_virtual_network_id);
    expect(hubPeerings).toContain(`/subscriptions/${config.workloads[0].subscriptionId}/resourceGroups/rg-contoso-chat-prod-sdc/providers/Microsoft.Network/virtualNetworks/${spoke.name}`);
    const hub = resourcesOf(stacks.platform).find(([t]) => t === 'azurerm_virtual_network')![2];
    const spokePeering = resourcesOf(stacks['workload-chat']).find(([t]) => t === 'azurerm_virtual_network_peering')![2];
    expect(spokePeering.remote_virtual_network_id).toMatch(new RegExp(`/virtualNetworks/${hub.name}$`));
  });

  it('never synthesizes a reference to a key, secret or connection string attribute', () => {
    const text = JSON.stringify(stacks);
    expect(text).not.toMatch(/\.(primary_access_key|secondary_access_key|primary_connection_string|connection_string|primary_key|secondary_key|instrumentation_key|admin_password)\}/);
  });
});

describe('snapshots (review every change like code)', () => {
  it.each(Object.keys(stacks))('%s', (name) => {
    expect(stacks[name]).toMatchSnapshot();
  });
});
