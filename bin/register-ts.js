'use strict';
/**
 * Transpile-only loader for the TypeScript sources (no type checking on the hot path: `npm test`
 * type-checks separately with `tsc --noEmit`). Transpiled output is cached on disk by content hash,
 * so TypeScript itself is loaded only when a source file changed since the last run.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'ailz-ts');
let ts; // loaded lazily: ~0.4 s, paid only on a cache miss
let tsVersion;

function typescriptVersion() {
  if (!tsVersion) {
    try {
      tsVersion = require(path.join(root, 'node_modules', 'typescript', 'package.json')).version;
    } catch {
      tsVersion = 'none';
    }
  }
  return tsVersion;
}

function transpile(source, filename) {
  const key = crypto.createHash('sha256').update(typescriptVersion()).update('\0').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // cache miss
  }
  ts = ts || require('typescript');
  const out = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      resolveJsonModule: true,
      sourceMap: false,
      inlineSourceMap: false,
    },
  }).outputText;
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, out);
    fs.renameSync(tmp, cached);
  } catch {
    // a read-only install still works, just without the cache
  }
  return out;
}

require.extensions['.ts'] = function loadTs(module, filename) {
  module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
