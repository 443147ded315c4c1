/**
 * Finds every `ailz` invocation in the `run:` scripts of GitHub workflow files and checks it against the
 * CLI's own command tree (commander): the subcommand exists, each flag is one of its options (with its value
 * where it takes one, within its choices where it declares them), and the positional arguments fit.
 *
 * A script is split into shell words the way a POSIX shell does for what matters here: quotes, backslash
 * line continuations, and the operators that end a command (`|`, `||`, `&&`, `;`, `>`, `2>&1`, `)`, a new
 * line). A word that is a parameter expansion (`"$AILZ_CONFIG"`, `"${scope[@]}"`) is a value whose content
 * is only known at run time: it counts as one argument and is never taken for a flag.
 */
import type { Command, Option } from 'commander';
import { parse } from 'yaml';

export interface Invocation {
  readonly file: string;
  readonly job: string;
  readonly step: string;
  /** The words after `ailz` (or `node bin/ailz.js`). */
  readonly words: readonly Word[];
}

export interface Word {
  readonly text: string;
  /** True when (part of) the word is a parameter expansion. */
  readonly dynamic: boolean;
}

const OPERATORS = ['||', '&&', '2>&1', '>>', '|', ';', '>', '<', '(', ')', '&'];

/** Shell words of `script`, with `null` for an operator or a line end that ends a command. */
export function shellWords(script: string): (Word | null)[] {
  const out: (Word | null)[] = [];
  let i = 0;
  let cur: { text: string; dynamic: boolean; quoted: boolean } | undefined;
  const flush = () => {
    if (cur && (cur.text !== '' || cur.quoted)) out.push({ text: cur.text, dynamic: cur.dynamic });
    cur = undefined;
  };
  const word = () => (cur ??= { text: '', dynamic: false, quoted: false });
  while (i < script.length) {
    const c = script[i];
    if (c === '\\' && script[i + 1] === '\n') { i += 2; continue; }
    if (c === '#' && !cur) {
      while (i < script.length && script[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') { flush(); out.push(null); i++; continue; }
    if (c === ' ' || c === '\t') { flush(); i++; continue; }
    const op = OPERATORS.find((o) => script.startsWith(o, i));
    if (op && !(op === '2>&1' && cur)) { flush(); out.push(null); i += op.length; continue; }
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      const w = word();
      w.quoted = true;
      w.text += script.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? script.length : end + 1;
      continue;
    }
    if (c === '"') {
      const w = word();
      w.quoted = true;
      i++;
      while (i < script.length && script[i] !== '"') {
        if (script[i] === '\\' && i + 1 < script.length) { w.text += script[i + 1]; i += 2; continue; }
        if (script[i] === '$') w.dynamic = true;
        w.text += script[i++];
      }
      i++;
      continue;
    }
    const w = word();
    if (c === '$') w.dynamic = true;
    w.text += c;
    i++;
  }
  flush();
  return out;
}

/** Every ailz invocation in one workflow file's text. */
export function invocationsIn(file: string, text: string): Invocation[] {
  const doc = parse(text) as { jobs?: Record<string, { steps?: { name?: string; run?: string }[] }> };
  const found: Invocation[] = [];
  for (const [job, def] of Object.entries(doc.jobs ?? {})) {
    for (const [n, step] of (def.steps ?? []).entries()) {
      if (typeof step.run !== 'string') continue;
      const words = shellWords(step.run);
      for (let i = 0; i < words.length; i++) {
        const w = words[i];
        let start = -1;
        if (w && w.text === 'ailz' && commandStart(words, i)) start = i + 1;
        if (w && w.text === 'node' && words[i + 1]?.text.replace(/^\.\//, '') === 'bin/ailz.js' && commandStart(words, i)) start = i + 2;
        if (start < 0) continue;
        const rest: Word[] = [];
        for (let j = start; j < words.length && words[j] !== null; j++) rest.push(words[j]!);
        found.push({ file, job, step: step.name ?? `step ${n + 1}`, words: rest });
      }
    }
  }
  return found;
}

/** A word starts a command after an operator, a line end, or a variable assignment prefix (`A=b cmd`). */
function commandStart(words: (Word | null)[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && words[j] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[j]!.text)) j--;
  return j < 0 || words[j] === null || ['then', 'else', 'do', 'time', '!'].includes(words[j]!.text);
}

/** Problems of one invocation against the command tree (none when it is a valid call). */
export function checkInvocation(program: Command, inv: Invocation): string[] {
  const where = `${inv.file} job ${inv.job}, step "${inv.step}": ailz ${inv.words.map((w) => w.text).join(' ')}`;
  const words = [...inv.words];
  let cmd = program;
  const path: string[] = [];
  while (words.length > 0 && !words[0].dynamic) {
    const sub = cmd.commands.find((c) => c.name() === words[0].text || c.aliases().includes(words[0].text));
    if (!sub) break;
    cmd = sub;
    path.push(words.shift()!.text);
  }
  if (path.length === 0) return [`${where}: no such command "${words[0]?.text ?? ''}"`];
  // A group such as `policy` runs nothing itself.
  if (cmd.commands.length > 0 && !(cmd as unknown as { _actionHandler?: unknown })._actionHandler) {
    return [`${where}: "${path.join(' ')}" needs a subcommand (${cmd.commands.map((c) => c.name()).join(', ')})`];
  }
  const problems: string[] = [];
  const options = [...cmd.options, ...(program.options ?? [])];
  const positionals: Word[] = [];
  let afterDashes = false;
  while (words.length > 0) {
    const w = words.shift()!;
    if (afterDashes || w.dynamic || !w.text.startsWith('-') || w.text === '-') { positionals.push(w); continue; }
    if (w.text === '--') { afterDashes = true; continue; }
    const [flag, inline] = w.text.includes('=') ? [w.text.slice(0, w.text.indexOf('=')), w.text.slice(w.text.indexOf('=') + 1)] : [w.text, undefined];
    const option = options.find((o: Option) => o.long === flag || o.short === flag);
    if (!option) {
      problems.push(`${where}: "${path.join(' ')}" has no option ${flag} (options: ${cmd.options.map((o) => o.long).join(', ')})`);
      // Its value, if it has one, is not an argument: one problem, not two.
      if (inline === undefined && words[0] && !words[0].text.startsWith('-')) words.shift();
      continue;
    }
    const takesValue = option.required || option.optional;
    let value = inline;
    if (takesValue && value === undefined && option.required) {
      const next = words.shift();
      if (!next) { problems.push(`${where}: ${flag} needs a value`); continue; }
      value = next.dynamic ? undefined : next.text;
    }
    if (!takesValue && inline !== undefined) problems.push(`${where}: ${flag} takes no value`);
    const choices = (option as Option & { argChoices?: string[] }).argChoices;
    if (choices && value !== undefined && !choices.includes(value)) problems.push(`${where}: ${flag} ${value}: not one of ${choices.join(', ')}`);
  }
  // Words after `--` are operands too (commander passes them on): they count against the declared arguments.
  const args = (cmd as unknown as { registeredArguments: { required: boolean; variadic: boolean }[] }).registeredArguments ?? [];
  const required = args.filter((a) => a.required).length;
  const variadic = args.some((a) => a.variadic);
  const dynamic = positionals.some((p) => p.dynamic);
  if (!dynamic && positionals.length < required) problems.push(`${where}: "${path.join(' ')}" needs ${required} argument(s), got ${positionals.length}`);
  if (!variadic && !dynamic && positionals.length > args.length) {
    problems.push(`${where}: "${path.join(' ')}" takes ${args.length} argument(s), got ${positionals.length}: ${positionals.map((p) => p.text).join(' ')}`);
  }
  return problems;
}
