/** Reading whether a predecessor is applied: a local state file, or Terraform's `state list` answer. */
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readLocalState, readStateList } from '../../deploy';
import type { DeployStack } from '../../deploy';

const stackAt = (dir: string, backend: DeployStack['backend']): DeployStack => ({
  name: 'platform', dir, dependsOn: [], backend, providerPins: {}, providersKnown: true,
});

describe('readLocalState', () => {
  const root = mkdtempSync(join(tmpdir(), 'ailz-state-'));
  const stack = stackAt(join(root, 'out', 'stacks', 'platform'), { type: 'local', path: '../../../terraform.platform.tfstate' });
  const file = join(root, 'terraform.platform.tfstate');

  it('resolves the backend path from the stack directory, and counts managed instances only', () => {
    expect(readLocalState(stack, {}, root)).toEqual({ applied: false, evidence: 'no state file at terraform.platform.tfstate' });
    writeFileSync(file, JSON.stringify({ version: 4, resources: [{ mode: 'data', type: 'azapi_resource', name: 'x', instances: [{}] }] }));
    expect(readLocalState(stack, {}, root)).toEqual({ applied: false, evidence: '0 resources in terraform.platform.tfstate' });
    writeFileSync(file, JSON.stringify({ version: 4, resources: [{ mode: 'managed', type: 'a', name: 'b', instances: [{}, {}] }] }));
    expect(readLocalState(stack, {}, root)).toEqual({ applied: true, evidence: '2 resources in terraform.platform.tfstate' });
    writeFileSync(file, '');
    expect(readLocalState(stack, {}, root)).toEqual({ applied: false, evidence: 'terraform.platform.tfstate is empty' });
  });

  it('leaves to Terraform what it cannot judge: another workspace, another backend, a file that is not state', () => {
    writeFileSync(file, JSON.stringify({ version: 4, resources: [] }));
    expect(readLocalState(stack, { TF_WORKSPACE: 'staging' }, root)).toBeUndefined();
    expect(readLocalState(stackAt(stack.dir, { type: 'azurerm' }), {}, root)).toBeUndefined();
    writeFileSync(file, '{not json');
    expect(readLocalState(stack, {}, root)).toBeUndefined();
  });
});

describe('readStateList', () => {
  it('counts managed addresses (not data sources, also in modules); "No state file was found!" is not applied; other failures are not judged', () => {
    expect(readStateList({ code: 0, stdout: 'azurerm_resource_group.a\ndata.azapi_resource.b\nmodule.m.data.x.y\nmodule.m.azurerm_subnet.s[0]\n', stderr: '' }, 'azurerm'))
      .toEqual({ applied: true, evidence: '2 resources in its azurerm state' });
    expect(readStateList({ code: 0, stdout: '', stderr: '' }, 'azurerm')).toEqual({ applied: false, evidence: '0 resources in its azurerm state' });
    // As Terraform prints it, colours included.
    expect(readStateList({ code: 1, stdout: '', stderr: '\u001b[31mNo state file was found!\n\nState management commands require a state file.\u001b[0m' }, 'remote'))
      .toEqual({ applied: false, evidence: 'no state in its remote backend' });
    expect(readStateList({ code: 1, stdout: '', stderr: 'Error: Failed to get existing workspaces: AuthorizationPermissionMismatch' }, 'azurerm')).toBeUndefined();
  });
});
