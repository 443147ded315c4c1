/** README's diagram example is what `ailz diagram` draws for landing-zone.yaml today (mermaid.test.ts parses that text). */
import { readFileSync } from 'fs';
import { join } from 'path';
import { viewFromConfig } from '../../diagram/from-config';
import { renderDiagram } from '../../diagram/render';
import { config, REFERENCE, ROOT } from './helpers';

it('README "Diagram" shows the current diagram of landing-zone.yaml', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n### Diagram\n'));
  const block = /```mermaid\n([\s\S]*?)```\n/.exec(section.slice(0, section.indexOf('\n## ')));
  expect(block).not.toBeNull();
  const diagram = renderDiagram(viewFromConfig(config(REFERENCE)));
  expect(diagram.detail).toBe('full');
  // Regenerate with: node bin/ailz.js diagram (and paste between the fences).
  expect(block![1]).toBe(diagram.mermaid);
});
