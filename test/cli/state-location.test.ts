/**
 * Local Terraform state survives `ailz synth` (CHANGELOG 0.2.0): it lives beside the output directory,
 * and synth refuses to replace an output that still holds state files (where ailz 0.1 kept them).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join, relative, resolve } from 'path';
import { ailz, REFERENCE_CONFIG, tempDir } from './helpers';

describe('local state location', () => {
  it('every stack\'s local state path resolves outside the output directory, beside it, one file per stack', () => {
    const dir = tempDir();
    const out = join(dir, 'nested', 'out');
    mkdirSync(join(dir, 'nested'));
    expect(ailz(['synth', '--config', REFERENCE_CONFIG, '--out', out]).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const paths = new Set<string>();
    for (const [name, stack] of Object.entries<any>(manifest.stacks)) {
      const json = JSON.parse(readFileSync(join(out, stack.synthesizedStackPath), 'utf8'));
      // Terraform resolves a relative local backend path against the directory it runs in: the stack's working directory.
      const state = resolve(out, stack.workingDirectory, json.terraform.backend.local.path);
      expect(relative(out, state).startsWith('..')).toBe(true);
      expect(state).toBe(join(dir, 'nested', `terraform.${name}.tfstate`));
      paths.add(state);
    }
    expect(paths.size).toBe(4);
  });

  it('a second synth keeps state written where the backend points', () => {
    const dir = tempDir();
    const out = join(dir, 'cdktf.out');
    expect(ailz(['synth', '--config', REFERENCE_CONFIG, '--out', out]).code).toBe(0);
    const state = join(dir, 'terraform.platform.tfstate');
    writeFileSync(state, '{"version":4}');
    expect(ailz(['synth', '--config', REFERENCE_CONFIG, '--out', out]).code).toBe(0);
    expect(readFileSync(state, 'utf8')).toBe('{"version":4}');
  });

  it('refuses to replace an output that holds state files (ailz 0.1 layout), names each with its new place, and deletes nothing', () => {
    const dir = tempDir();
    const out = join(dir, 'cdktf.out');
    expect(ailz(['synth', '--config', REFERENCE_CONFIG, '--out', out]).code).toBe(0);
    const old = join(out, 'stacks', 'workload-chat', 'terraform.workload-chat.tfstate');
    writeFileSync(old, '{"version":4,"serial":7}');
    writeFileSync(`${old}.backup`, '{"version":4,"serial":6}');
    const r = ailz(['synth', '--config', REFERENCE_CONFIG, '--out', 'cdktf.out'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mv cdktf.out/stacks/workload-chat/terraform.workload-chat.tfstate terraform.workload-chat.tfstate');
    expect(r.stderr).toContain('mv cdktf.out/stacks/workload-chat/terraform.workload-chat.tfstate.backup terraform.workload-chat.tfstate.backup');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(old, 'utf8')).toBe('{"version":4,"serial":7}');
    expect(existsSync(`${old}.backup`)).toBe(true);
  });
});
