/**
 * Model lifecycle of `azurerm_cognitive_deployment`: the model version is not retired on the run's
 * as-of date and the account's region offers it as the deployment's SKU, judged against the ailz model
 * catalog (`azure/models.ts`, the same judgement `ailz validate` applies to the config). Attribute names:
 * @cdktf/provider-azurerm 14.23.1 (azurerm 4.55.0) lib/cognitive-deployment (`model { name version }`,
 * `sku { name }`, `cognitive_account_id`) and lib/cognitive-account (`location`).
 */
import { judgeModelDeployment } from '../../azure/models';
import { block, judge, parseRef, show } from '../document';
import { DocumentIndex, ResourceNode, Rule, Violation } from '../types';
import { deploymentEnvironment } from './cognitive';

/** `West Europe` and `westeurope` are the same region to Azure (azurerm normalises locations). */
const normaliseRegion = (s: string) => s.toLowerCase().replace(/\s+/g, '');

/** The literal region of the deployment's account, when the document says it. */
function accountRegion(doc: DocumentIndex, node: ResourceNode): string | undefined {
  const ref = parseRef(node.attrs.cognitive_account_id);
  const account = ref && !ref.suffix ? doc.byAddress(ref.address) : undefined;
  if (!account || account.type !== 'azurerm_cognitive_account') return undefined;
  const location = judge(doc, account.attrs.location);
  return location.state === 'literal' && typeof location.value === 'string' ? normaliseRegion(location.value) : undefined;
}

function check(doc: DocumentIndex, node: ResourceNode, asOf: string): Violation[] {
  const warn = (message: string): Violation[] => [{ address: node.address, severity: 'warning', message }];
  const model = block(node.attrs, 'model');
  const sku = block(node.attrs, 'sku');
  const name = judge(doc, model?.name);
  const version = judge(doc, model?.version);
  const skuName = judge(doc, sku?.name);
  if (name.state !== 'literal' || typeof name.value !== 'string') {
    return warn(`model.name cannot be judged: ${name.state === 'unresolved' ? `value is ${show(name.text)}` : 'not set'}`);
  }
  if (version.state !== 'literal' || typeof version.value !== 'string') {
    return warn(version.state === 'unresolved'
      ? `model.version of ${name.value} cannot be judged: value is ${show(version.text)}`
      : `model.version of ${name.value} is not set: Azure deploys its current default version, which the model catalog cannot judge; pin the version`);
  }
  if (skuName.state !== 'literal' || typeof skuName.value !== 'string') {
    return warn(`sku.name of ${name.value} ${version.value} cannot be judged: ${skuName.state === 'unresolved' ? `value is ${show(skuName.text)}` : 'not set'}`);
  }
  const env = deploymentEnvironment(doc, node);
  const production = env.state === 'known' && env.env === 'production';
  return judgeModelDeployment({ model: name.value, version: version.value, sku: skuName.value, region: accountRegion(doc, node), production }, asOf)
    .map((f) => ({ address: node.address, severity: f.severity, message: f.message }));
}

export const MODEL_LIFECYCLE_RULES: readonly Rule[] = [
  {
    id: 'AILZ-OAI-013',
    severity: 'error',
    area: 'model-risk',
    title: 'Model deployment is not retired and is offered in its region and SKU',
    rationale: 'Microsoft retires model versions on published dates; from then on every call to the deployment fails, and a pinned version (version_upgrade_option NoAutoUpgrade) is never moved. A version the region does not offer as that deployment type fails at apply. Judged against the ailz model catalog (Microsoft\'s retirement schedule and availability matrices, with their dates) on the run\'s as-of date; retirement in less than 90 days, deprecation and models the catalog does not know are warnings.',
    remediation: 'deploy a current model version that the account\'s region offers as that SKU (ailz config: openai.deployments[].model, version, sku); if Microsoft changed its tables since the catalog was read, refresh azure/models.ts',
    check(doc, _set, ctx) {
      return doc.ofType('azurerm_cognitive_deployment').flatMap((node) => check(doc, node, ctx.asOf));
    },
  },
];
