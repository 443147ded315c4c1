/**
 * Defender for Cloud plans. Attribute names: azurerm 4.55.0 lib/security-center-subscription-pricing
 * (tier, resource_type, subplan, extension.{name, additional_extension_properties}); top-level `import`
 * blocks (`to`, `id`).
 */
import { DocumentIndex, ResourceNode, Rule, Violation } from '../types';
import { blocks, judge, show } from '../document';
import { attributeRule } from './helpers';
import { appliesToWorkload, isDisabled, policyAssignments, policyAssignmentsOf } from '../policy-assignments';
import { evaluateCondition, ArmObject, CannotEvaluate } from '../policy-condition';
import { existenceFact } from '../../azure/policy-existence';
import { DEFENDER_BASIC_STORAGE_DEFINITION, DEFENDER_DEPLOY_DEFINITIONS, defenderPlan } from '../../azure/defender-plans';

const PRICING = 'azurerm_security_center_subscription_pricing';
const PRICING_ID = /^\/subscriptions\/[^/]+\/providers\/Microsoft\.Security\/pricings\/([^/]+)$/i;

/** The literal `resource_type` of a pricing (azurerm default `VirtualMachines`), or undefined when it is an expression. */
function planOf(doc: DocumentIndex, node: ResourceNode): string | undefined {
  const t = judge(doc, node.attrs.resource_type);
  if (t.state === 'missing') return 'VirtualMachines';
  return t.state === 'literal' && typeof t.value === 'string' ? t.value : undefined;
}

/** A pricing as Azure Policy sees it: the listed extensions on, every other one off (azurerm sends isEnabled=false for them). */
export function pricingArm(doc: DocumentIndex, node: ResourceNode): ArmObject {
  const lit = (v: unknown) => { const j = judge(doc, v); return j.state === 'literal' ? j.value : j.state === 'missing' ? undefined : v; };
  return {
    type: 'Microsoft.Security/pricings',
    name: planOf(doc, node) ?? node.attrs.resource_type,
    properties: {
      pricingTier: lit(node.attrs.tier),
      subPlan: lit(node.attrs.subplan),
      extensions: blocks(node.attrs, 'extension').map((e) => ({ name: lit(e.name), isEnabled: 'True', additionalExtensionProperties: lit(e.additional_extension_properties) })),
    },
  };
}

const DEPLOYING = new Map(DEFENDER_DEPLOY_DEFINITIONS.map((d) => [d.id, d.plan]));

export const DEFENDER_RULES: readonly Rule[] = [
  attributeRule({
    id: 'AILZ-DEF-001', severity: 'error', area: 'monitoring', resourceTypes: [PRICING],
    title: 'Defender for Cloud plans are on the Standard tier',
    rationale: 'The Free tier has no threat detection: no alerts for jailbreak attempts, credential theft or anomalous data access.',
    remediation: 'set tier = "Standard"',
    path: 'tier', secure: (v) => v === 'Standard', expected: '"Standard"',
    references: { mcsb: ['LT-1'] },
  }),
  {
    id: 'AILZ-DEF-004', severity: 'error', area: 'monitoring',
    title: 'Defender for Cloud plans are adopted with an import block',
    rationale: 'azurerm refuses to create a pricing that is already on (another owner, a reused subscription, a portal click, a policy remediation): "the pricing tier of this subscription is not Free ... needs to be imported", and the apply fails. Every plan of a subscription answers GET (Free when never enabled), so an import block always finds it and adopts Free and Standard alike; once in state it is a no-op.',
    remediation: 'add an import block { to = <pricing address>, id = "/subscriptions/<subscription>/providers/Microsoft.Security/pricings/<resource_type>" } (constructs/monitoring DefenderPlans does)',
    references: { mcsb: ['LT-1'] },
    check(doc) {
      const imports = doc.topLevel('import');
      const out: Violation[] = [];
      for (const node of doc.ofType(PRICING)) {
        const mine = imports.filter((i) => i.to === node.address);
        if (mine.length === 0) {
          out.push({ address: node.address, message: 'no import block adopts this pricing; creating it fails when the plan is already on in the subscription' });
          continue;
        }
        const plan = planOf(doc, node);
        for (const i of mine) {
          const id = judge(doc, i.id);
          if (id.state !== 'literal') {
            // An ID with expressions (a vended subscription) is judged by its literal tail.
            const tail = typeof i.id === 'string' ? /\/providers\/Microsoft\.Security\/pricings\/([^/$]+)$/i.exec(i.id) : null;
            if (!tail) out.push({ address: node.address, severity: 'warning', message: `import id cannot be verified: value is ${show(i.id)}` });
            else if (plan && tail[1].toLowerCase() !== plan.toLowerCase()) out.push({ address: node.address, message: `import id names pricing ${tail[1]}; the resource manages ${plan}` });
            continue;
          }
          const m = typeof id.value === 'string' ? PRICING_ID.exec(id.value) : null;
          if (!m) out.push({ address: node.address, message: `import id ${show(id.value)} is not a pricing ID (/subscriptions/<id>/providers/Microsoft.Security/pricings/<resource_type>)` });
          else if (plan && m[1].toLowerCase() !== plan.toLowerCase()) out.push({ address: node.address, message: `import id names pricing ${m[1]}; the resource manages ${plan}` });
        }
      }
      return out;
    },
  },
  {
    id: 'AILZ-DEF-005', severity: 'error', area: 'monitoring',
    title: 'Defender for Cloud policies assigned over a workload hold on the plans its stack sets (one owner per plan)',
    rationale: 'An AuditIfNotExists/DeployIfNotExists Defender assignment is compliant only when its existence condition holds on the pricing; when it does not, the subscription is non-compliant for ever, and a DeployIfNotExists remediates over Terraform (a different sub-plan is a replacement that switches the plan off first; the basic Storage one switches malware scanning off).',
    remediation: 'assign the AuditIfNotExists Defender built-ins (their existence conditions check the tier) and let the workload stacks own the plans; or make the assignment parameters (subPlan, extensions) match what the stacks set',
    references: { azurePolicy: ['c3d20c29-b36d-48fe-808b-99a87530ad99', '0e6763cc-5078-4e64-889d-ff4d9a839047', '640d2586-54d2-465f-877f-9ffc1d2109f4'], mcsb: ['LT-1', 'GS-1'] },
    check(doc, set) {
      if (doc.kind !== 'workload') return [];
      const out: Violation[] = [];
      for (const a of policyAssignments(set)) {
        if (!a.definition || isDisabled(a) || !appliesToWorkload(a, doc)) continue;
        const fact = existenceFact(a.definition);
        const deploys = DEPLOYING.get(a.definition);
        const plan = fact?.relatedType === 'Microsoft.Security/pricings' ? fact.relatedName : deploys;
        if (!plan) continue;
        for (const node of doc.ofType(PRICING)) {
          if ((planOf(doc, node) ?? '').toLowerCase() !== plan.toLowerCase()) continue;
          const where = `${a.doc.stack}/${a.node.address} (${a.name})`;
          if (!fact || fact.relatedType !== 'Microsoft.Security/pricings') {
            out.push({ address: node.address, severity: 'warning', message: `${where} deploys plan ${plan} (DeployIfNotExists ${a.definition}) that this stack also sets; its existence condition is not in ailz's catalog, so the two owners cannot be shown to agree` });
            continue;
          }
          if (!a.parameters) {
            out.push({ address: node.address, severity: 'warning', message: `${where}: parameters cannot be read, so its existence condition cannot be evaluated on plan ${plan}` });
            continue;
          }
          let t;
          try {
            t = evaluateCondition(fact.existenceCondition, { resource: pricingArm(doc, node), parameters: { ...fact.parameterDefaults, ...a.parameters } });
          } catch (e) {
            if (!(e instanceof CannotEvaluate)) throw e;
            out.push({ address: node.address, severity: 'warning', message: `${where}: existence condition cannot be evaluated (${e.message})` });
            continue;
          }
          if (t === 'unknown') out.push({ address: node.address, severity: 'warning', message: `${where}: existence condition cannot be verified on plan ${plan} (a value is an unresolved expression)` });
          else if (t === false) out.push({ address: node.address, message: `${where}: its existence condition does not hold on plan ${plan} as this stack sets it (tier ${show(node.attrs.tier)}, subplan ${show(node.attrs.subplan)}, extensions ${show(blocks(node.attrs, 'extension').map((e) => e.name))})${deploys ? '; its remediation would rewrite the plan Terraform owns' : '; the subscription stays non-compliant'}` });
        }
      }
      return out;
    },
  },
  {
    id: 'AILZ-DEF-006', severity: 'error', area: 'monitoring',
    title: 'The "basic" Defender for Storage policy (activity monitoring only) is not assigned',
    rationale: 'Its deployment sets the Storage plan with on-upload malware scanning and sensitive data discovery switched off, and its existence condition never checks them, so it silently downgrades a plan that had them on.',
    remediation: 'assign the audit "Microsoft Defender for Storage should be enabled" (640d2586) and set the plan in Terraform, or "Configure Microsoft Defender for Storage to be enabled" (cfdc5972) with malware scanning and sensitive data discovery on',
    references: { azurePolicy: ['640d2586-54d2-465f-877f-9ffc1d2109f4', 'cfdc5972-75b3-4418-8ae1-7f5c36839390'], mcsb: ['LT-1'] },
    check(doc) {
      const out: Violation[] = [];
      for (const a of policyAssignmentsOf(doc)) {
        if (a.definition === DEFENDER_BASIC_STORAGE_DEFINITION && !isDisabled(a)) {
          out.push({ address: a.node.address, message: `assignment ${a.name} assigns ${DEFENDER_BASIC_STORAGE_DEFINITION} ("Configure basic Microsoft Defender for Storage to be enabled (Activity Monitoring only)"), which deploys malware scanning and sensitive data discovery off` });
        }
      }
      return out;
    },
  },
  {
    id: 'AILZ-DEF-007', severity: 'warning', area: 'monitoring',
    title: 'Defender for Cloud plans list every extension of the plan',
    rationale: 'azurerm sends isEnabled=false for every extension the plan has and the configuration does not list, so an unlisted extension (agentless VM scanning, Kubernetes discovery, registry vulnerability assessment, AI prompt evidence) is switched off, not left alone.',
    remediation: 'list every extension of the plan (azure/defender-plans.ts); a deliberate opt-out is suppressed with a justification',
    references: { mcsb: ['LT-1', 'PV-5'] },
    check(doc) {
      const out: Violation[] = [];
      for (const node of doc.ofType(PRICING)) {
        const type = planOf(doc, node);
        const plan = type ? defenderPlan(type) : undefined;
        if (!plan || plan.extensions.length === 0) continue;
        const names = blocks(node.attrs, 'extension').map((e) => judge(doc, e.name));
        if (names.some((n) => n.state === 'unresolved')) {
          out.push({ address: node.address, message: 'extension names cannot be verified: a name is an unresolved expression' });
          continue;
        }
        const listed = new Set(names.map((n) => (n.state === 'literal' ? String(n.value).toLowerCase() : '')));
        const missing = plan.extensions.map((e) => e.name).filter((n) => !listed.has(n.toLowerCase()));
        if (missing.length > 0) out.push({ address: node.address, message: `plan ${plan.resourceType} does not list ${missing.join(', ')}; azurerm switches unlisted extensions off` });
      }
      return out;
    },
  },
];
