/**
 * `ailz diagram`, run as users run it (bin/ailz.js): output, formats, --out, exit codes and messages,
 * nothing written on failure, byte-identical runs.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { stringify } from 'yaml';
import { viewFromConfig } from '../../diagram/from-config';
import { viewFromTerraform } from '../../diagram/from-terraform';
import { renderDiagram } from '../../diagram/render';
import { loadConfigFile } from '../../config/load';
import { loadDocuments } from '../../guardrails/load';
import { ailz, REFERENCE_CONFIG, ROOT, tempDir } from './helpers';

const OLD_OUTPUT = join(ROOT, 'test', 'diagram', 'fixtures', 'ailz-0.1.0');

describe('ailz diagram', () => {
  it('draws landing-zone.yaml by default, the same bytes every run', () => {
    const a = ailz(['diagram']);
    const b = ailz(['diagram']);
    expect(a).toMatchObject({ code: 0, stderr: '' });
    expect(a.stdout).toBe(renderDiagram(viewFromConfig(loadConfigFile(REFERENCE_CONFIG))).mermaid);
    expect(a.stdout.startsWith('flowchart LR\n')).toBe(true);
    expect(b.stdout).toBe(a.stdout);
  });

  it('reads $LANDING_ZONE_CONFIG like the other commands', () => {
    const r = ailz(['diagram'], ROOT, { LANDING_ZONE_CONFIG: join(ROOT, 'test', 'diagram', 'fixtures', 'edge-cases.yaml') });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('subgraph w_chat_bot["workload chat-bot');
  });

  it('--dir draws a synth output with its Azure names; --format markdown is a fenced mermaid block', () => {
    const r = ailz(['diagram', '--dir', OLD_OUTPUT, '--format', 'markdown']);
    expect(r.code).toBe(0);
    const expected = renderDiagram(viewFromTerraform(loadDocuments(OLD_OUTPUT))).mermaid;
    expect(r.stdout).toBe(`\`\`\`mermaid\n${expected}\`\`\`\n`);
    expect(r.stdout).toContain('vnet-contoso-platform-hub-sdc');
  });

  it('--out writes the file (Markdown for .md) and says what it wrote', () => {
    const dir = tempDir();
    const md = join(dir, 'landing-zone.md');
    const r = ailz(['diagram', '--out', md]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ailz: wrote the diagram of 2 workloads \(full detail, [\d,]+ characters, \d+ edges\) to .*landing-zone\.md\n$/);
    expect(readFileSync(md, 'utf8')).toMatch(/^```mermaid\nflowchart LR\n[\s\S]*\n```\n$/);
    const mmd = join(dir, 'landing-zone.mmd');
    expect(ailz(['diagram', '--out', mmd]).code).toBe(0);
    expect(readFileSync(mmd, 'utf8').startsWith('flowchart LR\n')).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['landing-zone.md', 'landing-zone.mmd']);
  });

  it('aggregates a large landing zone to what GitHub renders, and says so on stderr', () => {
    const dir = tempDir();
    const file = join(dir, 'big.yaml');
    const { generateConfig } = require('../../bench/gen-config.js') as { generateConfig: (n: number) => unknown };
    writeFileSync(file, stringify(generateConfig(300)));
    const r = ailz(['diagram', '--config', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("ailz diagram: 300 workloads drawn as one node per management group: in full they exceed GitHub's Mermaid limits (50,000 characters, 500 edges)\n");
    expect(r.stdout.length).toBeLessThanOrEqual(50_000);
    expect(r.stdout).toContain('150 production workloads');
    const full = ailz(['diagram', '--config', file, '--detail', 'full', '--out', join(dir, 'full.mmd')]);
    expect(full.code).toBe(0);
    expect(full.stderr).toMatch(/^warning: the diagram has [\d,]+ characters and [\d,]+ edges; GitHub's Mermaid renderer takes at most 50,000 characters and 500 edges \(--detail auto draws less\)\n$/);
  });

  describe('refuses bad input with exit 2, a message naming the flag or file, and writes nothing', () => {
    const cases: [string, string[], RegExp][] = [
      ['both sources', ['--config', REFERENCE_CONFIG, '--dir', OLD_OUTPUT], /^ailz: --config and --dir: give one/],
      ['an unknown format', ['--format', 'svg'], /^ailz: --format "svg": expected one of mermaid, markdown/],
      ['an unknown detail', ['--detail', 'most'], /^ailz: --detail "most": expected one of auto, full, compact, summary/],
      ['a missing directory', ['--dir', '/nonexistent/ailz'], /^ailz: \/nonexistent\/ailz: no such file or directory/],
      ['an unknown flag', ['--colour'], /unknown option '--colour'/],
    ];
    it.each(cases)('%s', (_name, args, message) => {
      const dir = tempDir();
      const out = join(dir, 'd.md');
      const r = ailz(['diagram', ...args, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    });

    it('Terraform JSON with nothing to draw, or not JSON', () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'empty.tf.json'), '{"resource": {"random_id": {"x": {"byte_length": 4}}}}');
      writeFileSync(join(dir, 'broken.tf.json'), '{"resource": ');
      const empty = ailz(['diagram', '--dir', join(dir, 'empty.tf.json')]);
      expect(empty.code).toBe(2);
      expect(empty.stderr).toMatch(/nothing to draw: no management groups, platform or workload stacks/);
      const broken = ailz(['diagram', '--dir', join(dir, 'broken.tf.json')]);
      expect(broken.code).toBe(2);
      expect(broken.stderr).toMatch(/^ailz: \S*broken\.tf\.json:1:14: not valid JSON/);
    });

    it('an output path whose directory does not exist', () => {
      const r = ailz(['diagram', '--out', '/nonexistent/dir/d.md']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('ailz: --out /nonexistent/dir/d.md: directory /nonexistent/dir does not exist\n');
    });
  });

  it('an invalid config fails as `ailz validate` fails, with every problem and its path', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, readFileSync(REFERENCE_CONFIG, 'utf8').replace('prefix: contoso', 'prefix: Contoso'));
    const r = ailz(['diagram', '--config', file, '--out', join(dir, 'd.md')]);
    const v = ailz(['validate', '--config', file]);
    expect(v.code).not.toBe(0);
    expect(r.code).toBe(v.code);
    expect(r.stderr).toContain('organization.prefix: must match');
    expect(existsSync(join(dir, 'd.md'))).toBe(false);
  });
});
