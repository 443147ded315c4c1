/**
 * The diagram of a change (`diagramOfChange`, for `ailz diff`): synth outputs of two configs, the
 * changed resources between them, and what the diagram marks: the workloads and elements the change
 * touches, what it adds and removes, the untouched neighbours as context; every diagram parsed by the
 * mermaid package.
 */
import { changeView, diagramOfChange, ChangeAction, ChangeDiagramInput } from '../../diagram/change';
import { layoutView } from '../../diagram/layout';
import type { TerraformDocument } from '../../guardrails/types';
import type { LandingZoneView, WorkloadView } from '../../diagram/view';
import { config, expectParsedAs, MermaidRun, parseWithMermaid, referenceWith, REFERENCE, synthesize } from './helpers';

const canonical = (v: unknown): string => JSON.stringify(v, (k, x) => (k === '//' ? undefined : x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));

/** What `ailz diff` hands the diagram: per changed stack, base, head and the changed addresses. */
function changeInput(base: TerraformDocument[], head: TerraformDocument[]): ChangeDiagramInput {
  const resourcesOf = (d?: TerraformDocument) => {
    const out = new Map<string, string>();
    for (const [type, byName] of Object.entries<any>(d?.json.resource ?? {})) for (const [name, body] of Object.entries(byName)) out.set(`${type}.${name}`, canonical(body));
    return out;
  };
  const stacks = [...new Set([...base, ...head].map((d) => d.stack))].sort();
  return {
    stacks: stacks.map((stack) => {
      const b = base.find((d) => d.stack === stack);
      const h = head.find((d) => d.stack === stack);
      const before = resourcesOf(b);
      const after = resourcesOf(h);
      const changed: { address: string; action: ChangeAction }[] = [];
      for (const [a, body] of after) if (!before.has(a)) changed.push({ address: a, action: 'create' }); else if (before.get(a) !== body) changed.push({ address: a, action: 'update' });
      for (const a of before.keys()) if (!after.has(a)) changed.push({ address: a, action: 'delete' });
      return { stack, ...(b ? { base: b } : {}), ...(h ? { head: h } : {}), changed };
    }).filter((s) => s.changed.length > 0),
  };
}

const workload = (v: LandingZoneView, name: string): WorkloadView => v.workloads.find((w) => w.name === name)!;

let base: TerraformDocument[];
const heads: Record<string, TerraformDocument[]> = {};
const parsed = new Map<string, { input: ChangeDiagramInput; context?: TerraformDocument[] }>();
let run: MermaidRun;

beforeAll(() => {
  base = synthesize(config(REFERENCE)).docs;
  heads.noMl = synthesize(referenceWith((d) => { d.workloads[1].machineLearning = false; })).docs;
  heads.added = synthesize(referenceWith((d) => {
    d.workloads.push({ ...d.workloads[0], name: 'vision', subscriptionId: '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a', addressSpace: '10.3.0.0/24' });
  })).docs;
  heads.removed = synthesize(referenceWith((d) => { d.workloads.splice(0, 1); })).docs;
  heads.retention = synthesize(referenceWith((d) => { d.platform.logRetentionDays = 180; })).docs;
  const cases: Record<string, { input: ChangeDiagramInput; context?: TerraformDocument[] }> = {
    noMl: { input: changeInput(base, heads.noMl) },
    noMlWithContext: { input: changeInput(base, heads.noMl), context: heads.noMl },
    added: { input: changeInput(base, heads.added), context: heads.added },
    removed: { input: changeInput(base, heads.removed), context: heads.removed },
    retention: { input: changeInput(base, heads.retention), context: heads.retention },
  };
  for (const [k, c] of Object.entries(cases)) parsed.set(k, c);
  run = parseWithMermaid([...parsed.entries()].map(([name, c]) => ({ name, text: diagramOfChange(c.input, { context: c.context })!.mermaid })));
}, 300_000);

const result = (name: string) => run.results.find((r) => r.name === name)!;

describe('diagramOfChange', () => {
  it('nothing changed: no diagram', () => {
    expect(changeInput(base, base).stacks).toEqual([]);
    expect(diagramOfChange(changeInput(base, base))).toBeUndefined();
  });

  it('ML turned off in one workload: its ML services and endpoints are drawn as removed, the other workload is not drawn', () => {
    const input = parsed.get('noMl')!.input;
    expect(input.stacks.map((s) => s.stack)).toContain('workload-research');
    const { view, changed } = changeView(input);
    expect([...changed]).toEqual(['research']);
    const research = workload(view, 'research');
    expect(research.change).toBe('changed');
    const byRole = (role?: string) => research.services.filter((s) => (s.role ?? '') === (role ?? ''));
    expect(byRole('ml').map((s) => [s.kind, s.change])).toEqual([['keyVault', 'removed'], ['storage', 'removed'], ['containerRegistry', 'removed']]);
    expect(byRole('ml').flatMap((s) => s.privateEndpoints.map((p) => p.change))).toEqual(['removed', 'removed', 'removed', 'removed']);
    expect(research.services.find((s) => s.kind === 'mlWorkspace')!.change).toBe('removed');
    expect(research.services.find((s) => s.kind === 'cognitiveServices')!.change).toBeUndefined();
    // Only changed stacks were given: the chat workload is absent, the hub and workspace are context from references.
    expect(view.workloads.map((w) => w.name)).not.toContain('chat');
    expect(view.platform).toMatchObject({ hub: { name: 'vnet-contoso-platform-hub-sdc' }, workspace: { name: 'log-contoso-platform-sdc' } });
    expect(view.platform!.stack).toBeUndefined();

    const d = diagramOfChange(input)!;
    expect(d.detail).toBe('full');
    expect(d.changedWorkloads).toEqual(['research']);
    const graph = layoutView(view, { detailOf: (w) => (changed.has(w.name) ? 'full' : 'summary'), context: true });
    const removed = graph.nodes.filter((n) => n.classes.includes('removed'));
    expect(removed.map((n) => n.label[0]).sort()).toEqual([
      'Azure Machine Learning workspace', 'Container registry (ML)', 'Key Vault (ML)', 'Storage account (ML)',
      'private endpoint', 'private endpoint', 'private endpoint', 'private endpoint', 'private endpoint',
    ]);
    for (const n of removed) expect(n.label[n.label.length - 1]).toBe('- removed');
    expect(graph.nodes.find((n) => n.id === 'p_hub')!.classes).toEqual(['context']);
    expectParsedAs(result('noMl'), graph);
  });

  it('with the unchanged stacks as context, the other workload is one greyed summary node', () => {
    const c = parsed.get('noMlWithContext')!;
    const { view, changed } = changeView(c.input, c.context);
    expect(workload(view, 'chat').change).toBeUndefined();
    const graph = layoutView(view, { detailOf: (w) => (changed.has(w.name) ? 'full' : 'summary'), context: true });
    const summary = graph.nodes.filter((n) => n.label[0] === '1 unchanged production workload');
    expect(summary).toHaveLength(1);
    expect(summary[0].classes).toEqual(['context']);
    expect(graph.nodes.find((n) => n.id === 'p_law')!.label).toContain('log-contoso-platform-sdc');
    expectParsedAs(result('noMlWithContext'), graph);
  });

  it('a workload added: drawn as added, placed in its management group, peered with the hub', () => {
    const c = parsed.get('added')!;
    expect(c.input.stacks.find((s) => s.stack === 'workload-vision')!.base).toBeUndefined();
    const { view, changed } = changeView(c.input, c.context);
    expect(changed.has('vision')).toBe(true);
    expect(workload(view, 'vision')).toMatchObject({ change: 'added', peering: { toHub: true, fromHub: true } });
    const graph = layoutView(view, { detailOf: (w) => (changed.has(w.name) ? 'full' : 'summary'), context: true });
    expect(graph.nodes.find((n) => n.id === 'w_vision_sub')!.classes).toEqual(['added']);
    expect(graph.edges).toContainEqual(expect.objectContaining({ from: 'mg_contoso_ai_production', to: 'w_vision_sub' }));
    expect(graph.edges).toContainEqual(expect.objectContaining({ from: 'p_hub', to: 'w_vision_vnet' }));
    expectParsedAs(result('added'), graph);
  });

  it('a workload removed: drawn from the base, as removed', () => {
    const c = parsed.get('removed')!;
    expect(c.input.stacks.find((s) => s.stack === 'workload-chat')!.head).toBeUndefined();
    const { view, changed } = changeView(c.input, c.context);
    expect(changed.has('chat')).toBe(true);
    const chat = workload(view, 'chat');
    expect(chat.change).toBe('removed');
    expect(chat.services.every((s) => s.change === 'removed')).toBe(true);
    expectParsedAs(result('removed'), layoutView(view, { detailOf: (w) => (changed.has(w.name) ? 'full' : 'summary'), context: true }));
  });

  it('a platform change: the workspace is marked changed, the workloads stay context', () => {
    const c = parsed.get('retention')!;
    expect(c.input.stacks.map((s) => s.stack)).toEqual(['platform']);
    const { view, changed } = changeView(c.input, c.context);
    expect(changed.size).toBe(0);
    expect(view.platform).toMatchObject({ change: 'changed', workspace: { change: 'changed', retentionDays: 180 } });
    expect(view.platform!.hub!.change).toBeUndefined();
    const graph = layoutView(view, { detailOf: (w) => (changed.has(w.name) ? 'full' : 'summary'), context: true });
    expect(graph.nodes.find((n) => n.id === 'p_law')).toMatchObject({ classes: ['changed'], label: expect.arrayContaining(['180 days retention', '~ changed']) });
    expectParsedAs(result('retention'), graph);
  });

  it('aggregates the changed workloads when full detail exceeds the limits it is given', () => {
    const c = parsed.get('added')!;
    const full = diagramOfChange(c.input, { context: c.context })!;
    expect(full.detail).toBe('full');
    const limits = { maxTextSize: full.characters - 1, maxEdges: 500 };
    const smaller = diagramOfChange(c.input, { context: c.context, limits })!;
    expect(smaller.detail).toBe('compact');
    expect(smaller.fits).toBe(true);
    expect(smaller.mermaid.length).toBeLessThanOrEqual(limits.maxTextSize);
    expect(smaller.mermaid).toMatch(/w_vision\["workload vision<br\/>/);
  });
});
