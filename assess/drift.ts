export function driftFindings(..._a: unknown[]): any[] { return []; }
