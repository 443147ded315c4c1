/**
 * The deploy runner behind `ailz plan` and `ailz apply` (README "Plan and apply"): the stack graph of a synth
 * output, terraform found and invoked per stack in dependency order, whether a predecessor is applied, and
 * the progress of the run. It reads files and runs the user's Terraform; it imports nothing else of ailz.
 */
export { DeployError } from './errors';
export type { DeployErrorKind } from './errors';
export { readSynthOutput, selectStacks, MANIFEST_FILE, STACK_ORDER_FILE } from './synth-output';
export type { DeployStack, SynthOutput, PredecessorLookup, StackBackend } from './synth-output';
export { locateTerraform, renderCommand, MIN_TERRAFORM_VERSION } from './terraform';
export type { TerraformBinary, TerraformOutput } from './terraform';
export { deploy, checkDeployOptions, planSummary } from './runner';
export type { DeployMode, DeployOptions, DeployResult, StackResult, StackStatus, SignalSource } from './runner';
export { workArea, WORK_DIR } from './work-area';
export type { WorkArea } from './work-area';
export { readLocalState, readStateList } from './state';
export type { StateReport } from './state';
