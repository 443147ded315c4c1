/**
 * README and docs/rules.md carry the rule table generated from the catalog; regenerate with
 * `node -e "require('./bin/register-ts'); console.log(require('./guardrails/gen-docs').writeRulesDocs('.'))"`
 * when this fails.
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatRules } from '../../guardrails';
import { readmeSection, renderRulesDoc, renderRulesSection, replaceReadmeSection } from '../../guardrails/gen-docs';

const root = path.resolve(__dirname, '..', '..');

test('the rule section is the markdown catalog', () => {
  expect(renderRulesSection()).toBe(formatRules('markdown').trim());
});

test('docs/rules.md is generated from the catalog', () => {
  expect(fs.readFileSync(path.join(root, 'docs', 'rules.md'), 'utf8')).toBe(renderRulesDoc());
});

test('README rule table (between <!-- rules:start --> and <!-- rules:end -->) matches the catalog', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  expect(readmeSection(readme)).toBe(formatRules('markdown').trim());
});

test('replaceReadmeSection rewrites only the marked section', () => {
  const before = 'intro\n<!-- rules:start -->\nold table\n<!-- rules:end -->\noutro\n';
  const after = replaceReadmeSection(before);
  expect(after.startsWith('intro\n<!-- rules:start -->\n')).toBe(true);
  expect(after.endsWith('\n<!-- rules:end -->\noutro\n')).toBe(true);
  expect(readmeSection(after)).toBe(renderRulesSection());
  expect(() => replaceReadmeSection('no markers')).toThrow(/markers/);
});
