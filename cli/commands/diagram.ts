/**
 * `ailz diagram [--config FILE | --dir DIR] [--format mermaid|markdown] [--out FILE] [--detail LEVEL]`:
 * a Mermaid diagram of the landing zone, from the config (what ailz will build) or from a synth output
 * (what was built, by this or another ailz version). Exit 0 with the diagram; 2 for bad flags or input
 * that is neither a config nor Terraform JSON (an invalid config exits as `ailz validate` does); 3 when
 * the output file cannot be written for the machine's reasons (permissions, disk).
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'fs';
import { basename, dirname, extname, join, resolve } from 'path';
import type { LandingZoneConfig } from '../../config/load';
import { loadDocuments, TerraformInputError } from '../../guardrails/load';
import { DETAILS, Detail } from '../../diagram/layout';
import { DIAGRAM_FORMATS, DiagramFormat, formatDiagram, renderDiagram } from '../../diagram/render';
import { viewFromConfig } from '../../diagram/from-config';
import { viewFromTerraform } from '../../diagram/from-terraform';
import type { LandingZoneView } from '../../diagram/view';
import { UserError } from '../atomic';
import { DEFAULT_CONFIG, defineCommand } from '../command';
import { asOfDate, loadConfig } from '../load-config';
import { EXIT, ExitCode } from '../exit-codes';

export interface DiagramFlags {
  config?: string;
  dir?: string;
  format?: string;
  out?: string;
  detail?: string;
}

export interface DiagramIo {
  out(text: string): void;
  err(text: string): void;
}

const ENVIRONMENT_ERRNO = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EIO', 'EMFILE', 'ENFILE']);

/** `--format`, else from `--out`'s extension (`.md` Markdown, anything else Mermaid). */
function formatOf(flags: DiagramFlags): DiagramFormat {
  if (flags.format !== undefined) {
    if (!(DIAGRAM_FORMATS as readonly string[]).includes(flags.format)) {
      throw new UserError(`--format ${JSON.stringify(flags.format)}: expected one of ${DIAGRAM_FORMATS.join(', ')}`, EXIT.USAGE);
    }
    return flags.format as DiagramFormat;
  }
  return flags.out && /^\.(md|markdown)$/i.test(extname(flags.out)) ? 'markdown' : 'mermaid';
}

function detailOf(flags: DiagramFlags): Detail | 'auto' {
  const d = flags.detail ?? 'auto';
  if (d !== 'auto' && !(DETAILS as readonly string[]).includes(d)) {
    throw new UserError(`--detail ${JSON.stringify(d)}: expected one of auto, ${DETAILS.join(', ')}`, EXIT.USAGE);
  }
  return d as Detail | 'auto';
}

function viewOfDir(dir: string): LandingZoneView {
  let docs;
  try {
    docs = loadDocuments(dir);
  } catch (e) {
    // What `ailz check` reports for the same input: each problem names the file (and line).
    if (e instanceof TerraformInputError) throw new UserError(e.problems.join('\n'), EXIT.USAGE);
    throw e;
  }
  const view = viewFromTerraform(docs);
  if (view.managementGroups.length === 0 && !view.platform && view.workloads.length === 0) {
    throw new UserError(`--dir ${dir}: nothing to draw: no management groups, platform or workload stacks in this Terraform JSON`, EXIT.USAGE);
  }
  return view;
}

/**
 * Writes `text` to `file` through a temporary file beside it, so a failed write leaves no partial
 * diagram. Refuses a directory and a missing parent directory (usage); permissions and a full disk are
 * the environment's.
 */
function writeFileAtomically(file: string, text: string): void {
  const target = resolve(file);
  if (existsSync(target) && statSync(target).isDirectory()) throw new UserError(`--out ${file}: is a directory`, EXIT.USAGE);
  const parent = dirname(target);
  if (!existsSync(parent)) throw new UserError(`--out ${file}: directory ${parent} does not exist`, EXIT.USAGE);
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}`);
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code) throw new UserError(`--out ${file}: cannot write (${code})`, ENVIRONMENT_ERRNO.has(code) ? EXIT.ENVIRONMENT : EXIT.USAGE);
    throw e;
  }
}

const num = (n: number) => n.toLocaleString('en-US');

/**
 * Runs `ailz diagram`. `loadConfig` is the CLI's config loader (the same validation as `ailz check
 * --config`: no model lifecycle, which a diagram does not depend on).
 */
export function runDiagram(flags: DiagramFlags, io: DiagramIo, loadConfig: (file: string) => LandingZoneConfig, defaultConfig: string): ExitCode {
  if (flags.config !== undefined && flags.dir !== undefined) throw new UserError('--config and --dir: give one (a config, or a synth output directory)', EXIT.USAGE);
  const format = formatOf(flags);
  const detail = detailOf(flags);
  const view = flags.dir !== undefined ? viewOfDir(flags.dir) : viewFromConfig(loadConfig(flags.config ?? defaultConfig));
  const diagram = renderDiagram(view, { detail });
  const n = view.workloads.length;
  if (!diagram.fits) {
    io.err(`warning: the diagram has ${num(diagram.characters)} characters and ${num(diagram.edges)} edges; GitHub's Mermaid renderer takes at most ${num(diagram.limits.maxTextSize)} characters and ${num(diagram.limits.maxEdges)} edges${detail === 'auto' ? '' : ' (--detail auto draws less)'}`);
  } else if (detail === 'auto' && diagram.detail !== 'full') {
    io.err(`ailz diagram: ${n} workloads drawn ${diagram.detail === 'compact' ? 'as one node each' : 'as one node per management group'}: in full they exceed GitHub's Mermaid limits (${num(diagram.limits.maxTextSize)} characters, ${num(diagram.limits.maxEdges)} edges)`);
  }
  const text = formatDiagram(diagram, format);
  if (flags.out !== undefined) {
    writeFileAtomically(flags.out, text);
    io.out(`ailz: wrote the diagram of ${n} workload${n === 1 ? '' : 's'} (${diagram.detail} detail, ${num(diagram.characters)} characters, ${num(diagram.edges)} edges) to ${flags.out}`);
  } else {
    io.out(text);
  }
  return EXIT.OK;
}

export default defineCommand<DiagramFlags>({
  name: 'diagram',
  description: 'draw the landing zone as a Mermaid flowchart (management groups and subscriptions, hub and spokes, private endpoints and their services, monitoring), from the config or a synth output',
  configure: (cmd) => cmd
    .option('-c, --config <file>', `landing-zone config (default: $LANDING_ZONE_CONFIG, else ${DEFAULT_CONFIG})`)
    .option('-d, --dir <path>', 'a synth output directory (DIR/stacks/*/cdk.tf.json) or one .tf.json file, of any ailz version, instead of the config')
    .option('-f, --format <format>', 'mermaid | markdown (a ```mermaid block GitHub renders); default: markdown for an --out ending in .md, else mermaid')
    .option('-o, --out <file>', 'write the diagram here instead of stdout')
    .option('--detail <level>', 'auto | full | compact | summary: auto draws the most detail GitHub renders (50,000 characters, 500 edges)', 'auto'),
  run: (opts, { io, env }) => {
    const asOf = asOfDate(undefined, env);
    return runDiagram(opts, io, (file) => loadConfig(file, { asOf, io, models: false }), env.LANDING_ZONE_CONFIG || DEFAULT_CONFIG);
  },
});
