/** Finding the user's terraform, rendering commands exactly, and counting a plan as Terraform does. */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { delimiter, join } from 'path';
import { locateTerraform, planSummary, renderCommand } from '../../deploy';
import { minimumRequired, versionAtLeast } from '../../deploy/terraform';
import { FAKE_TERRAFORM_DIR } from './helpers';

describe('locateTerraform', () => {
  it('takes the first terraform on PATH, shown as `terraform`', () => {
    const empty = mkdtempSync(join(tmpdir(), 'ailz-path-'));
    const bin = locateTerraform(undefined, { PATH: [empty, FAKE_TERRAFORM_DIR].join(delimiter) });
    expect(bin).toEqual({ shown: 'terraform', path: join(FAKE_TERRAFORM_DIR, 'terraform') });
  });

  it('says how to get terraform when PATH has none (environment), naming one that is there but not executable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ailz-path-'));
    expect(() => locateTerraform(undefined, { PATH: dir })).toThrow(expect.objectContaining({
      kind: 'environment',
      message: 'terraform not found on PATH: install Terraform 1.8.0 or later (it is not an ailz dependency), or pass --terraform PATH',
    }));
    writeFileSync(join(dir, 'terraform'), '#!/bin/sh\n');
    chmodSync(join(dir, 'terraform'), 0o644);
    expect(() => locateTerraform(undefined, { PATH: dir })).toThrow(expect.objectContaining({
      kind: 'environment', message: expect.stringContaining(`found but unusable: ${join(dir, 'terraform')} (not executable`),
    }));
  });

  it('takes --terraform PATH as given (relative to the working directory), and refuses one that is missing, a directory or not executable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ailz-tf-'));
    writeFileSync(join(dir, 'tf'), '#!/bin/sh\n');
    chmodSync(join(dir, 'tf'), 0o755);
    expect(locateTerraform('./tf', {}, dir)).toEqual({ shown: './tf', path: join(dir, 'tf') });
    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'plain'), 'x');
    chmodSync(join(dir, 'plain'), 0o644);
    for (const [flag, why] of [['nope', 'no such file'], ['d', 'is a directory'], ['plain', 'not executable']]) {
      expect(() => locateTerraform(flag, {}, dir)).toThrow(expect.objectContaining({ kind: 'environment', message: expect.stringContaining(`--terraform ${flag}: ${why}`) }));
    }
  });
});

describe('renderCommand', () => {
  it('prints environment, -chdir and arguments quoted for a POSIX shell, and where ailz writes the output', () => {
    const bin = { shown: '/opt/tf 1.11/terraform', path: '/opt/tf 1.11/terraform' };
    expect(renderCommand(bin, { chdir: 'out dir/stacks/a', args: ['plan', "-var=name=it's"], env: { TF_DATA_DIR: '../../../.ailz/terraform/a/data' }, stdoutTo: 'x y.json' }))
      .toBe("TF_DATA_DIR=../../../.ailz/terraform/a/data '/opt/tf 1.11/terraform' '-chdir=out dir/stacks/a' plan '-var=name=it'\\''s' > 'x y.json'");
  });
});

describe('planSummary', () => {
  const plan = (changes: unknown[]) => JSON.stringify({ resource_changes: changes });
  it('counts as Terraform does: a replacement is an add and a destroy; reads and no-ops are nothing; imports and forgets are named', () => {
    expect(planSummary(plan([
      { change: { actions: ['create'] } }, { change: { actions: ['delete', 'create'] } }, { change: { actions: ['create', 'delete'] } },
      { change: { actions: ['update'] } }, { change: { actions: ['delete'] } }, { change: { actions: ['read'] } }, { change: { actions: ['no-op'] } },
      { change: { actions: ['no-op'], importing: { id: '/x' } } }, { change: { actions: ['forget'] } },
    ]))).toBe('3 to add, 1 to change, 3 to destroy, 1 to import, 1 to forget');
    expect(planSummary(plan([{ change: { actions: ['no-op'] } }]))).toBe('no changes');
    expect(planSummary('not json')).toBe('plan JSON unreadable');
  });
});

describe('versions', () => {
  it('compares release versions and reads the stacks\' ">= x.y.z" constraints', () => {
    expect(versionAtLeast('1.11.4', '1.8.0')).toBe(true);
    expect(versionAtLeast('1.8.0', '1.8.0')).toBe(true);
    expect(versionAtLeast('1.7.5', '1.8.0')).toBe(false);
    expect(versionAtLeast('1.10.0-beta1', '1.9.9')).toBe(true);
    expect(minimumRequired(['>= 1.8.0', '>= 1.9.2', '~> 1.0', undefined])).toBe('1.9.2');
    expect(minimumRequired([])).toBe('1.8.0');
  });
});
