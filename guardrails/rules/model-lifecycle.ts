/**
 * Model lifecycle of model deployments: the model version is not retired on the run's as-of date and
 * the account's region offers it as the deployment's SKU, judged against the ailz model catalog
 * (`azure/models.ts`, the same judgement `ailz validate` applies to the config). Read from
 * `azurerm_cognitive_deployment` (@cdktf/provider-azurerm 14.23.1, azurerm 4.55.0: `model { name version }`,
 * `sku { name }`, `cognitive_account_id`; the account's `location`) and from `azapi_resource` of ARM type
 * `Microsoft.CognitiveServices/accounts/deployments` (body `properties.model`, `sku.name`; `parent_id`).
 */
import { judgeModelDeployment } from '../../azure/models';
import { azapiOfType, bodyValue } from '../azapi';
import { block, judge, parseRef, show } from '../document';
import { DocumentIndex, ResourceNode, Rule, Violation } from '../types';
import { deploymentEnvironment } from './cognitive';

/** `West Europe` and `westeurope` are the same region to Azure (azurerm normalises locations). */
const normaliseRegion = (s: string) => s.toLowerCase().replace(/\s+/g, '');

/** The account a deployment references (`${<account>.id}`), in this document. */
function accountOf(doc: DocumentIndex, accountId: unknown): ResourceNode | undefined {
  const ref = parseRef(accountId);
  const account = ref && !ref.suffix && ref.attr === 'id' ? doc.byAddress(ref.address) : undefined;
  return account && (account.type === 'azurerm_cognitive_account' || account.type === 'azapi_resource') ? account : undefined;
}

/** The literal region of an account, when the document says it. */
function regionOf(doc: DocumentIndex, account: ResourceNode | undefined): string | undefined {
  const location = judge(doc, account?.attrs.location);
  return location.state === 'literal' && typeof location.value === 'string' ? normaliseRegion(location.value) : undefined;
}

interface DeploymentView {
  node: ResourceNode;
  name: unknown;
  version: unknown;
  sku: unknown;
  account: ResourceNode | undefined;
  production: boolean;
}

function check(doc: DocumentIndex, d: DeploymentView, asOf: string): Violation[] {
  const { node } = d;
  const warn = (message: string): Violation[] => [{ address: node.address, severity: 'warning', message }];
  const name = judge(doc, d.name);
  const version = judge(doc, d.version);
  const skuName = judge(doc, d.sku);
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
  return judgeModelDeployment({ model: name.value, version: version.value, sku: skuName.value, region: regionOf(doc, d.account), production: d.production }, asOf)
    .map((f) => ({ address: node.address, severity: f.severity, message: f.message }));
}

/** Every model deployment of a document, written with azurerm or with azapi. */
function deployments(doc: DocumentIndex): DeploymentView[] {
  const out: DeploymentView[] = doc.ofType('azurerm_cognitive_deployment').map((node) => {
    const env = deploymentEnvironment(doc, node);
    return {
      node, name: block(node.attrs, 'model')?.name, version: block(node.attrs, 'model')?.version, sku: block(node.attrs, 'sku')?.name,
      account: accountOf(doc, node.attrs.cognitive_account_id), production: env.state === 'known' && env.env === 'production',
    };
  });
  for (const v of azapiOfType(doc, 'Microsoft.CognitiveServices/accounts/deployments')) {
    if (v.update) continue; // an update of a deployment created elsewhere: judged where it is created
    const account = accountOf(doc, v.node.attrs.parent_id);
    const env = judge(doc, account?.attrs.tags?.environment);
    out.push({
      node: v.node, name: bodyValue(v, 'properties.model.name'), version: bodyValue(v, 'properties.model.version'), sku: bodyValue(v, 'sku.name'),
      account, production: env.state === 'literal' && typeof env.value === 'string' && env.value.toLowerCase() === 'production',
    });
  }
  return out;
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
      return deployments(doc).flatMap((d) => check(doc, d, ctx.asOf));
    },
  },
];
