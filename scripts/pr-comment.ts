/**
 * The one pull-request comment of the landing-zone pipeline (.github/workflows/landing-zone.yml): the
 * security review of the config change (`ailz diff`), the policy simulation, and each stack's plan with
 * its review (`ailz review-plan`), updated in place on every push (the marker on its first line finds it).
 *
 * GitHub refuses a comment body over 65,536 characters; the budget is counted in UTF-8 bytes, which is
 * never less than the characters GitHub counts. When the reports do not fit, each section keeps an equal
 * share, cut at a line (an open code fence is closed), and says where the full report is.
 */

/** First line of the comment: how the pipeline finds the comment to update. */
export const COMMENT_MARKER = '<!-- ailz-review -->';
export const COMMENT_BUDGET_BYTES = 65_536;

export type PlanStatus = 'planned' | 'waiting' | 'failed' | 'not-run';

export interface StackPlan {
  readonly stack: string;
  readonly status: PlanStatus;
  /** One line: the plan's summary, what it waits for, what failed (ailz plan's progress line). */
  readonly detail: string;
  /** `ailz review-plan --format markdown` of the plan. */
  readonly review?: string;
}

export interface CommentInput {
  /** `ailz diff --format markdown`, or undefined when it did not run. */
  readonly diff?: string;
  /** The policy simulation's report, or the sentence saying why it did not run. */
  readonly policy?: string;
  readonly stacks: readonly StackPlan[];
  /** Why there are no plans at all (no Azure variables, a fork), when there are none. */
  readonly plansSkipped?: string;
  /** Link to the workflow run (its artifacts hold the full reports). */
  readonly runUrl?: string;
  readonly commit?: string;
}

const STATUS_TEXT: Readonly<Record<PlanStatus, string>> = {
  planned: 'planned',
  waiting: 'waiting',
  failed: '**failed**',
  'not-run': 'not run',
};

export function buildComment(input: CommentInput, budget: number = COMMENT_BUDGET_BYTES): string {
  const head: string[] = [COMMENT_MARKER, '## ailz review', ''];
  if (input.commit) head.push(`For ${input.commit}${input.runUrl ? ` ([workflow run](${input.runUrl}))` : ''}.`, '');
  if (input.stacks.length > 0) {
    head.push('| stack | terraform plan |', '| --- | --- |');
    for (const s of input.stacks) head.push(`| \`${s.stack}\` | ${STATUS_TEXT[s.status]}: ${cell(s.detail)} |`);
    head.push('');
  } else {
    head.push(`**terraform plan: not run.** ${input.plansSkipped ?? 'No stack was planned.'}`, '');
  }

  const sections: { title: string; body: string }[] = [];
  sections.push({ title: 'Change review (`ailz diff`)', body: input.diff?.trim() || '_`ailz diff` did not run; see the workflow run._' });
  sections.push({ title: 'Policy simulation', body: input.policy?.trim() || '_The policy simulation did not run; see the workflow run._' });
  for (const s of input.stacks) {
    if (s.review?.trim()) sections.push({ title: `Plan review: \`${s.stack}\``, body: s.review.trim() });
  }

  const headText = `${head.join('\n')}\n`;
  const render = (bodies: string[]) => headText + sections.map((s, i) => `\n### ${s.title}\n\n${bodies[i]}\n`).join('');
  const full = render(sections.map((s) => s.body));
  if (bytes(full) <= budget) return full;

  // Over budget: every section gets an equal share of what the head and the titles leave.
  const note = (kept: number, total: number) => `\n\n_Truncated here (${kept} of ${total} bytes): the full report is in the workflow run's artifacts${input.runUrl ? ` (${input.runUrl})` : ''}._`;
  const frame = bytes(render(sections.map(() => ''))) + sections.length * bytes(note(999_999, 999_999)) + sections.length * 8;
  const share = Math.max(0, Math.floor((budget - frame) / sections.length));
  const bodies = sections.map((s) => {
    if (bytes(s.body) <= share) return s.body;
    const cut = cutAtLine(s.body, share);
    return `${cut}${note(bytes(cut), bytes(s.body))}`;
  });
  return render(bodies);
}

/** The longest prefix of `text` that ends at a line and fits `limit` bytes, with an open code fence closed. */
export function cutAtLine(text: string, limit: number): string {
  const lines = text.split('\n');
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    const add = bytes(line) + 1;
    if (size + add + 4 > limit) break;
    kept.push(line);
    size += add;
  }
  const fences = kept.filter((l) => /^\s*(```|~~~)/.test(l)).length;
  return kept.join('\n') + (fences % 2 === 1 ? '\n```' : '');
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * One plan job's result for the comment, from what `ailz plan --stack STACK` left: its exit code, its output
 * (the progress lines of deploy/runner.ts) and whether the plan JSON exists. Exit 0 without a plan is a
 * stack waiting for a predecessor; anything but 0 is a failure.
 */
export function planStatus(stack: string, exitCode: number, log: string, planJsonExists: boolean): StackPlan {
  const esc = stack.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const line = (what: string) => new RegExp(`^ailz: (?:\\[\\d+/\\d+\\] )?${esc}: ${what}: (.*)$`, 'm').exec(log)?.[1];
  if (exitCode !== 0) {
    return { stack, status: 'failed', detail: line('failed') ?? `ailz plan exited ${exitCode}: see the job log` };
  }
  if (planJsonExists) {
    const planned = line('planned');
    return { stack, status: 'planned', detail: planned ? planned.replace(/ \(plan .*\)$/, '') : 'planned' };
  }
  return { stack, status: 'waiting', detail: line('waiting') ?? 'not planned: see the job log' };
}
