// Build: (1) write the JSON Schemas from their TypeScript sources and compile them to standalone ajv
// validators (so start-up compiles nothing), (2) precompile the built-in rule packs to JSON (so start-up parses
// no YAML and validates nothing it already validated), (3) bundle the CLI and the library with esbuild (one
// file to load instead of hundreds), (4) make the CLI's V8 code cache from one assessment (see src/cli/start.ts),
// (5) emit the library's type declarations with tsc.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import { SourceMapConsumer, SourceMapGenerator } from 'source-map-js';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const cache = join(root, 'node_modules/.cache/market-ready');
mkdirSync(cache, { recursive: true });
// package.json's version, written into the bundles (src/cli/common.ts and src/cli/start.ts read it)
const versionDefine = {
  __MR_VERSION__: JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version),
};
const nodeRequireBanner =
  "import { createRequire as __mrCreateRequire } from 'node:module'; const require = __mrCreateRequire(import.meta.url);";

// Node modules that a single assessment never calls but that the CLI's bundle would load at start: crypto
// (temporary file names, only when a file is written), child_process (commander's executable
// subcommands, which this CLI has none of) and net (the output writer's pipe handle, only for -o into a FIFO)
// cost 2 to 4 ms each; os (the worker count and the spools' folder, for a batch) a few tenths of a millisecond.
// In the CLI bundle their imports get an object
// whose every export is a getter that loads the module when first read, so the sources keep plain imports
// (and tests can still mock them).
const LAZY_BUILTINS = [
  'node:crypto',
  'crypto',
  'node:child_process',
  'child_process',
  'node:net',
  'net',
  'node:os',
  'os',
];
const nodeRequire = createRequire(import.meta.url);
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?(crypto|child_process|net|os)$/ }, (args) =>
      args.namespace === 'lazy-builtin' || !LAZY_BUILTINS.includes(args.path)
        ? { path: args.path, external: true }
        : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      const names = Object.keys(nodeRequire(`node:${args.path}`));
      const getters = names.map(
        (n) => `${JSON.stringify(n)}: { enumerable: true, get: () => load()[${JSON.stringify(n)}] }`,
      );
      return {
        loader: 'js',
        contents:
          `let real; const load = () => (real ??= require(${JSON.stringify(`node:${args.path}`)}));\n` +
          `module.exports = Object.defineProperties({}, {\n${getters.join(',\n')}\n});\n`,
      };
    });
  },
};

// chalk's own colour detection (its vendored supports-color) calls tty.isatty when chalk is imported, which loads
// node:tty and node:net at every start; the tool never uses it: every Chalk it makes is given its level from the
// tool's own decision (--color, --no-color, NO_COLOR, a terminal or not). In the CLI bundle it detects nothing.
const chalkWithoutDetection = {
  name: 'chalk-without-detection',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, (args) =>
      args.importer.includes('/node_modules/chalk/')
        ? { path: 'supports-color', namespace: 'no-detection' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'no-detection' }, () => ({
      loader: 'js',
      contents: 'export default { stdout: false, stderr: false };\n',
    }));
  },
};

// Self-contained parts of the CLI that assessing one file never runs: each is bundled to a file of its own,
// dist/cli/lazy/<name>.cjs, that the CLI bundle requires when one of its exports is first read. Half the bundle's
// 970 KB was code that start-up read and whose functions V8's code cache described, at every start; the pack
// validators alone (192 KB) run only when a pack is read from YAML. Only leaves go here (modules that import no
// module of the CLI's own), so no module state is ever split between two copies. `shares` names another chunk
// that this one requires instead of bundling its own copy (the prompts and the interview's own tick list share
// one @inquirer/core, whose hooks are module state).
const LAZY_CHUNKS = [
  { name: 'pack-validators', module: join(root, 'src/generated/pack-validators.js') },
  { name: 'inquirer-core', module: '@inquirer/core' },
  { name: 'inquirer-prompts', module: '@inquirer/prompts', shares: { '@inquirer/core': 'inquirer-core' } },
  { name: 'yauzl', module: 'yauzl' },
  { name: 'csv-stringify', module: 'csv-stringify/sync' },
  { name: 'tinyglobby', module: 'tinyglobby' },
];
const lazyChunkOf = new Map(LAZY_CHUNKS.map((c) => [c.module, c]));

async function buildLazyChunks() {
  mkdirSync('dist/cli/lazy', { recursive: true });
  for (const chunk of LAZY_CHUNKS) {
    const shares = Object.entries(chunk.shares ?? {});
    const outfile = `dist/cli/lazy/${chunk.name}.cjs`;
    await build({
      stdin: { contents: `module.exports = require(${JSON.stringify(chunk.module)});`, resolveDir: root },
      outfile,
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      minify: true,
      external: ['iconv-lite', 'exceljs'],
      plugins: [
        {
          name: 'shared-chunks',
          setup(b) {
            for (const [spec, name] of shares)
              b.onResolve({ filter: new RegExp(`^${spec.replace(/[/.]/g, '\\$&')}$`) }, () => ({
                path: `./${name}.cjs`,
                external: true,
              }));
          },
        },
      ],
      logLevel: 'warning',
    });
    // its export names, for the getters of the CLI bundle's stand-in (requiring it runs no code of the tool)
    const loaded = createRequire(join(root, outfile))(join(root, outfile));
    chunk.exports = Object.keys(loaded);
    chunk.esModule = loaded.__esModule === true;
  }
}

const lazyChunks = {
  name: 'lazy-chunks',
  setup(b) {
    b.onResolve({ filter: /^\.\/lazy\/[a-z-]+\.cjs$/ }, (args) => ({ path: args.path, external: true }));
    b.onResolve(
      { filter: /^(@inquirer\/(core|prompts)|yauzl|csv-stringify\/sync|.*\/generated\/pack-validators\.js)$/ },
      (args) => {
        const module = args.path.startsWith('.') ? resolve(args.resolveDir, args.path) : args.path;
        const chunk = lazyChunkOf.get(module);
        return chunk ? { path: chunk.name, namespace: 'lazy-chunk' } : undefined;
      },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-chunk' }, (args) => {
      const chunk = LAZY_CHUNKS.find((c) => c.name === args.path);
      const getters = chunk.exports.map(
        (n) => `${JSON.stringify(n)}: { enumerable: true, get: () => load()[${JSON.stringify(n)}] }`,
      );
      if (chunk.esModule) getters.push('__esModule: { value: true }');
      return {
        loader: 'js',
        contents:
          `let real; const load = () => (real ??= require(${JSON.stringify(`./lazy/${chunk.name}.cjs`)}));\n` +
          `module.exports = Object.defineProperties({}, {\n${getters.join(',\n')}\n});\n`,
      };
    });
  },
};

async function bundleTo(entry, outfile) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // keep `with { type: 'json' }` on the JSON a package provides (Node 20.10 and later read it)
    supported: { 'import-attributes': true },
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href + `?t=${Date.now()}`);
}

// 1. schemas and validators
const schemas = await bundleTo('src/schemas-entry.ts', join(cache, 'schemas.mjs'));
mkdirSync('schema', { recursive: true });
const profileSchema = schemas.buildProfileSchema();
writeFileSync('schema/profile.schema.json', JSON.stringify(profileSchema, null, 2) + '\n');
writeFileSync('schema/pack.schema.json', JSON.stringify(schemas.packSchema, null, 2) + '\n');
const ajv = new Ajv.default({
  allErrors: true,
  strict: true,
  strictRequired: false,
  code: { source: true, esm: true, optimize: true },
  allowUnionTypes: true,
});
ajv.addSchema(profileSchema, 'profile');
ajv.addSchema(schemas.packFileSchemas.manifest, 'manifest');
ajv.addSchema(schemas.packFileSchemas.ruleFile, 'ruleFile');
ajv.addSchema(schemas.packFileSchemas.testFile, 'testFile');
// Two modules: profile validation is on every run's path, pack-file validation only when a pack is read
// from YAML (built-in packs are precompiled), so start-up never parses the larger one.
function standalone(exports) {
  let code = standaloneCode.default(ajv, exports);
  // ajv's standalone ESM output still require()s its small runtime helpers; turn those into imports so the
  // file is plain ESM for Node, vitest and esbuild alike. Node gives a CommonJS module's exports object as
  // the default import while vite honours __esModule and gives `exports.default`: normalise to the former.
  const runtimeImports = new Map();
  code = code.replace(/require\("([^"]+)"\)/g, (_, spec) => {
    if (!runtimeImports.has(spec)) runtimeImports.set(spec, `__ajvRuntime${runtimeImports.size}`);
    return runtimeImports.get(spec);
  });
  const imports = [...runtimeImports]
    .map(
      ([spec, name]) =>
        `import * as ${name}_ns from ${JSON.stringify(spec + '.js')};\nconst ${name} = typeof ${name}_ns.default === 'function' ? { default: ${name}_ns.default } : ${name}_ns.default;`,
    )
    .join('\n');
  return (
    '// @ts-nocheck\n// Generated by scripts/build.mjs from src/profile/schema.ts and src/rules/pack-schema.ts: do not edit.\n' +
    imports +
    '\n' +
    code
  );
}
mkdirSync('src/generated', { recursive: true });
writeFileSync('src/generated/profile-validator.js', standalone({ validateProfile: 'profile' }));
writeFileSync(
  'src/generated/pack-validators.js',
  standalone({ validateManifest: 'manifest', validateRuleFile: 'ruleFile', validateTestFile: 'testFile' }),
);
// Every property name the pack format knows, for the pack loader's "did you mean" on a misspelt key
// (src/rules/load.ts): walked out of the schema, so that a property added there is suggested too. The files'
// own keys come first, then the definitions' (a tie between two equally close names goes to the one met first).
function propertyNames(schema) {
  const names = new Set();
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    if (node.properties && typeof node.properties === 'object')
      for (const k of Object.keys(node.properties)) names.add(k);
    for (const [k, v] of Object.entries(node)) if (k !== 'definitions') walk(v);
  };
  walk(schema.oneOf);
  walk(schema.definitions);
  return [...names];
}
writeFileSync(
  'src/generated/pack-properties.js',
  '// Generated by scripts/build.mjs from src/rules/pack-schema.ts: do not edit.\n' +
    `export const PACK_PROPERTIES = ${JSON.stringify(propertyNames(schemas.packSchema))};\n`,
);
writeFileSync(
  'src/generated/pack-properties.d.ts',
  '/** every property name of the pack schema, files first */\nexport declare const PACK_PROPERTIES: readonly string[];\n',
);
const decl = `import type { ErrorObject } from 'ajv';
export interface GeneratedValidator { (data: unknown): boolean; errors?: ErrorObject[] | null }
`;
writeFileSync(
  'src/generated/profile-validator.d.ts',
  decl + 'export declare const validateProfile: GeneratedValidator;\n',
);
writeFileSync(
  'src/generated/pack-validators.d.ts',
  decl +
    'export declare const validateManifest: GeneratedValidator;\nexport declare const validateRuleFile: GeneratedValidator;\nexport declare const validateTestFile: GeneratedValidator;\n',
);

// 2. built-in packs, precompiled to validated JSON
if (process.argv.includes('--skip-packs') === false) {
  const packs = await bundleTo('src/rules/precompile.ts', join(cache, 'precompile.mjs'));
  mkdirSync('src/generated/packs', { recursive: true });
  await packs.precompileBuiltinPacks(root, 'src/generated/packs');
  // every character past ASCII as a \u escape (the same JSON value): Node then reads the file as a one-byte
  // string, and reading and parsing the 160 KB of a pack at every start took 1.55 ms instead of 1.82
  for (const name of readdirSync('src/generated/packs')) {
    const file = join('src/generated/packs', name);
    const json = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      json.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    );
  }
}

// 3. bundles
rmSync('dist', { recursive: true, force: true });
await build({
  // the pipeline's worker threads start from dist/cli/worker.cjs (built below with the CLI)
  entryPoints: { index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  minify: true,
  keepNames: true,
  // iconv-lite's tables are half a megabyte: loaded from node_modules only when a file is not UTF-8
  external: ['iconv-lite', 'exceljs'],
  define: versionDefine,
  banner: { js: nodeRequireBanner },
  logLevel: 'warning',
});

// the CLI: one CommonJS module's function (see asFunctionBody) that dist/cli/main.cjs (src/cli/start.ts) runs
// with V8's code cache, which Node 20 offers for scripts but not for ES modules; commands and formats stay lazily
// initialised inside it. The starter is CommonJS too, and so is bin/market-ready.js (bin/package.json): an ES
// module entry makes Node load its ES module loader first, 4 to 5 ms of CPU at every start
const buildId = randomBytes(8).toString('hex');
await build({
  // the worker threads' starter too, run the same way with its code cache (src/pipeline/worker-start.ts)
  entryPoints: { 'cli/main': 'src/cli/start.ts', 'cli/worker': 'src/pipeline/worker-start.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  define: { 'import.meta.url': '__mrStartUrl', ...versionDefine },
  banner: { js: "var __mrStartUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
await buildLazyChunks();
await build({
  // the pipeline's worker thread is bundled as the CLI is, beside it (its lazy chunks are the CLI's)
  entryPoints: { 'cli/cli': 'src/cli/main.ts', 'cli/worker-body': 'src/pipeline/worker.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  minify: true,
  external: ['iconv-lite', 'exceljs'],
  plugins: [lazyBuiltins, chalkWithoutDetection, lazyChunks],
  define: { 'import.meta.url': '__mrImportMetaUrl', ...versionDefine },
  banner: { js: `/*build:${buildId}*/var __mrImportMetaUrl = require('node:url').pathToFileURL(__filename).href;` },
  logLevel: 'warning',
});

// esbuild writes ASCII but leaves the few non-ASCII characters of regular expression literals (`/[’]/`,
// `/€/`) as they are, and one of them makes V8 hold the whole 900 KB bundle as a two-byte string: slower to read
// and to start from. They become \u escapes (the same in a regular expression, with or without the u flag: a
// character outside the BMP is already a surrogate pair of code units), and the source map's columns on those
// lines move with them.
function asciiOnly(file) {
  const code = readFileSync(file, 'utf8');
  if (!/[^\x00-\x7f]/.test(code)) return;
  const lines = code.split('\n');
  const wide = lines.map((line) => [...line.matchAll(/[^\x00-\x7f]/g)].map((m) => m.index));
  const escape = (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  writeFileSync(file, lines.map((line) => line.replace(/[^\x00-\x7f]/g, escape)).join('\n'));
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  const consumer = new SourceMapConsumer(map);
  const generator = new SourceMapGenerator({ file: map.file });
  consumer.eachMapping((m) => {
    // each escaped code unit before the column adds five characters ("x" -> "\uXXXX")
    const before = wide[m.generatedLine - 1].filter((at) => at < m.generatedColumn).length;
    const generated = { line: m.generatedLine, column: m.generatedColumn + 5 * before };
    if (m.source === null) generator.addMapping({ generated });
    else
      generator.addMapping({
        generated,
        original: { line: m.originalLine, column: m.originalColumn },
        source: m.source,
        ...(m.name ? { name: m.name } : {}),
      });
  });
  for (const source of consumer.sources) generator.setSourceContent(source, consumer.sourceContentFor(source, true));
  writeFileSync(`${file}.map`, generator.toString());
}
asciiOnly('dist/cli/cli.cjs');
asciiOnly('dist/cli/worker-body.cjs');

// The CLI bundle is run as the body of a CommonJS module's function (src/cli/start.ts); the file holds that function
// already, so that V8 compiles the string read from it, rather than one made by joining 640 KB to the wrapper at
// every start (measured: 1.5 to 2 ms less CPU of the 100 ms an assessment of one file takes). The wrapper goes on
// the banner's line, after the build id, where the source map has no mapping.
function asFunctionBody(file) {
  const code = readFileSync(file, 'utf8');
  const id = /^\/\*build:[0-9a-f]{16}\*\//.exec(code)[0];
  if (code.indexOf('\n') < id.length) throw new Error(`${file}: the banner is not a line of its own`);
  const wrapper = '(function (exports, require, module, __filename, __dirname) {';
  writeFileSync(file, `${id}${wrapper}${code.slice(id.length)}\n})`);
}
asFunctionBody('dist/cli/cli.cjs');
asFunctionBody('dist/cli/worker-body.cjs');

mkdirSync('dist/packs', { recursive: true });
for (const name of readdirSync('src/generated/packs'))
  copyFileSync(join('src/generated/packs', name), join('dist/packs', name));

// 4. the code cache of the CLI, from one assessment of a fixture brand (what the cache holds is what that run compiled)
const training = 'fixtures/brands/approve-french-skincare.yaml';
const cacheRun = spawnSync(process.execPath, ['bin/market-ready.js', 'assess', training, '--no-color'], {
  env: { ...process.env, MARKET_READY_WRITE_CODE_CACHE: 'dist/cli/cli.cache' },
  stdio: 'ignore',
});
if (cacheRun.status !== 0 && cacheRun.status !== 1)
  process.stderr.write(
    `build: no code cache for the CLI (assessing ${training} exited with ${cacheRun.status ?? cacheRun.signal})\n`,
  );

// the code cache of the worker threads (src/pipeline/worker-start.ts), from a csv batch large enough for the worker to
// run slices (the training fixture's rows repeated to 2 MB; the worker threshold set to none): what the worker
// compiled by its last slice. A machine with one core starts no worker, and so makes no cache
const workerTraining = join(cache, 'worker-training.csv');
const [trainingHeader, ...trainingRows] = readFileSync('fixtures/csv/prospects.csv', 'utf8').trimEnd().split('\n');
const trainingBody = `${trainingRows.join('\n')}\n`;
writeFileSync(
  workerTraining,
  `${trainingHeader}\n${trainingBody.repeat(Math.ceil((2 << 20) / Buffer.byteLength(trainingBody)))}`,
);
rmSync('dist/cli/worker.cache', { force: true });
// a worker writes the cache once it has run a slice; on a busy machine the main thread can finish the whole
// training batch before the worker has started, so the batch is tried again (three times at most)
let workerRun;
for (let attempt = 0; attempt < 3 && !existsSync('dist/cli/worker.cache'); attempt++) {
  workerRun = spawnSync(
    process.execPath,
    [
      'bin/market-ready.js',
      'assess',
      workerTraining,
      '-f',
      'csv',
      '-o',
      `${workerTraining}.out`,
      '-q',
      '--fail-on',
      'none',
    ],
    {
      env: {
        ...process.env,
        MARKET_READY_WORKERS_MIN_BYTES: '0',
        MARKET_READY_WRITE_WORKER_CODE_CACHE: 'dist/cli/worker.cache',
      },
      stdio: 'ignore',
    },
  );
  if (workerRun.status !== 0 && workerRun.status !== 1) break;
}
rmSync(`${workerTraining}.out`, { force: true });
if ((workerRun.status !== 0 && workerRun.status !== 1) || !existsSync('dist/cli/worker.cache'))
  process.stderr.write(
    `build: no code cache for the worker threads (a batch of ${workerTraining} exited with ${workerRun.status ?? workerRun.signal})\n`,
  );

// 5. declarations for library users
execFileSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--emitDeclarationOnly'],
  { stdio: 'inherit' },
);
