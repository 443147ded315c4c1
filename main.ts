/**
 * Composition root for `cdktf synth` (cdktf.json `app`): the same pipeline as `ailz synth`, reading
 * the config from LANDING_ZONE_CONFIG (default `landing-zone.yaml`) and writing to the directory
 * cdktf-cli chooses (CDKTF_OUTDIR, default `cdktf.out`).
 */
import { runCli } from './cli/main';

const args = ['synth', '--out', process.env.CDKTF_OUTDIR ?? 'cdktf.out'];
if (process.env.LANDING_ZONE_CONFIG) args.push('--config', process.env.LANDING_ZONE_CONFIG);
// `cdktf synth --hcl` asks for HCL through this variable.
if (process.env.SYNTH_HCL_OUTPUT === 'true' || process.env.SYNTH_HCL_OUTPUT === '1') args.push('--hcl');

runCli(args).then((code) => {
  process.exitCode = code;
});
