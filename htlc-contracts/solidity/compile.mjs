// Copyright 2026 The xrelay Authors
// SPDX-License-Identifier: Apache-2.0
//
// Compiles the module's Solidity sources with solc-js (the pinned npm package `solc`, no download) through its
// standard-JSON API and writes, for every deployable contract, <out>/<Name>.abi, <out>/<Name>.bin and
// <out>/<Name>.json (abi, bytecode, deployed bytecode, compiler version and settings). Any error or warning from
// solc fails the build with solc's own messages.
//
// Usage: node compile.mjs <root> <out dir> <source dir>...
//   <root>        the repository root, whose node_modules holds solc
//   <out dir>     where the artifacts go (created if missing)
//   <source dir>  folders, relative to this file's folder, whose *.sol files are compiled (imports resolve from
//                 this file's folder too)
//
// When nothing changed since the last run (same sources, settings, compiler and script) the outputs are kept.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const SOLC_VERSION = "0.8.37";

const settings = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "cancun",
  debug: { revertStrings: "default" },
  outputSelection: {
    "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object", "metadata"] },
  },
};

function fail(message) {
  console.error(`compile.mjs: ${message}`);
  process.exit(1);
}

const [rootArg, outArg, ...sourceDirs] = process.argv.slice(2);
if (!rootArg || !outArg || sourceDirs.length === 0) {
  fail("usage: node compile.mjs <root> <out dir> <source dir>...");
}
const base = dirname(fileURLToPath(import.meta.url));
const out = resolve(outArg);

const requireFromRoot = createRequire(join(resolve(rootArg), "package.json"));
let solcPackage;
try {
  solcPackage = JSON.parse(readFileSync(requireFromRoot.resolve("solc/package.json"), "utf8"));
} catch (e) {
  fail(`solc-js not found under ${resolve(rootArg)}/node_modules (run scripts/npm-tools.sh): ${e.message}`);
}
if (solcPackage.version !== SOLC_VERSION) {
  fail(`solc ${SOLC_VERSION} expected, found ${solcPackage.version} (run scripts/npm-tools.sh)`);
}

// Source unit names are paths relative to this file's folder with forward slashes, e.g. contracts/XRelayHtlc.sol.
const unitName = (file) => relative(base, file).split(sep).join("/");
const sources = {};
for (const dir of sourceDirs) {
  const abs = resolve(base, dir);
  if (!existsSync(abs)) fail(`source folder ${abs} does not exist`);
  for (const name of readdirSync(abs).sort()) {
    if (name.endsWith(".sol")) {
      const file = join(abs, name);
      sources[unitName(file)] = { content: readFileSync(file, "utf8") };
    }
  }
}
if (Object.keys(sources).length === 0) fail(`no .sol files in ${sourceDirs.join(", ")}`);

const input = { language: "Solidity", sources, settings };
const stamp = join(out, ".inputs.sha256");
const digest = createHash("sha256")
  .update(JSON.stringify(input))
  .update(solcPackage.version)
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .digest("hex");
if (existsSync(stamp) && readFileSync(stamp, "utf8") === digest) {
  console.log(`compile.mjs: contracts up to date in ${out}`);
  process.exit(0);
}

// Loading the compiler (a WebAssembly build) takes a while, so it happens only when something changed.
const solc = requireFromRoot("solc");
if (!solc.version().startsWith(`${SOLC_VERSION}+`)) {
  fail(`solc ${SOLC_VERSION} expected, the package reports ${solc.version()}`);
}

function findImports(path) {
  const file = resolve(base, path);
  if (!file.startsWith(base + sep) || !existsSync(file)) {
    return { error: `import ${path} not found under ${base}` };
  }
  return { contents: readFileSync(file, "utf8") };
}

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const problems = (output.errors ?? []).filter((e) => e.severity !== "info");
for (const e of output.errors ?? []) {
  console.error(e.formattedMessage ?? e.message);
}
if (problems.length > 0) {
  fail(`solc reported ${problems.length} error(s) or warning(s); every warning fails the build`);
}

mkdirSync(out, { recursive: true });
for (const name of readdirSync(out)) {
  if (/\.(abi|bin|json)$/.test(name)) rmSync(join(out, name)); // no stale artifacts of removed contracts
}
const written = new Map();
for (const [sourceName, contracts] of Object.entries(output.contracts ?? {})) {
  for (const [name, contract] of Object.entries(contracts)) {
    const bytecode = contract.evm.bytecode.object;
    if (!bytecode) continue; // interfaces and abstract contracts cannot be deployed
    if (written.has(name)) fail(`contract name ${name} is used in ${written.get(name)} and ${sourceName}`);
    written.set(name, sourceName);
    writeFileSync(join(out, `${name}.abi`), JSON.stringify(contract.abi));
    writeFileSync(join(out, `${name}.bin`), bytecode);
    const combined = {
      contractName: name,
      sourceName,
      compiler: solc.version(),
      settings: { optimizer: settings.optimizer, evmVersion: settings.evmVersion },
      abi: contract.abi,
      bytecode: `0x${bytecode}`,
      deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
      metadata: contract.metadata,
    };
    writeFileSync(join(out, `${name}.json`), JSON.stringify(combined, null, 2) + "\n");
  }
}
writeFileSync(stamp, digest);
console.log(`compile.mjs: solc ${solc.version()} compiled ${[...written.keys()].join(", ")} into ${out}`);
