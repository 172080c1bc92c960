// Builds a TypeScript workspace package to dist/ (JavaScript + .d.ts) for its
// npm tarball. Inside the monorepo the packages run from src/ (Node type
// stripping); only the published package uses dist/ (see scripts/stage-package.mjs).
//
//   node ../../scripts/build-package.mjs [--copy <from-in-src>]... [--bin <dist-file>]...
//
// Relative imports are written with .ts; tsc's rewriteRelativeImportExtensions
// turns them into .js in the JavaScript, and this script does the same in the
// .d.ts files (tsc keeps .ts there, which a consumer's compiler rejects).
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const args = process.argv.slice(2);
const copies = [];
const bins = [];
for (let i = 0; i < args.length; i += 2) {
  if (args[i] === "--copy") copies.push(args[i + 1]);
  else if (args[i] === "--bin") bins.push(args[i + 1]);
  else throw new Error(`unknown argument ${args[i]}`);
}

rmSync("dist", { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
// Type errors are the typecheck task's job; the build only emits.
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--noCheck"], { stdio: "inherit" });

const relativeTs = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']+)\.ts(["'])/g;
for (const file of walk("dist")) {
  if (!file.endsWith(".d.ts")) continue;
  const text = readFileSync(file, "utf8");
  const out = text.replace(relativeTs, "$1$2.js$3");
  if (out !== text) writeFileSync(file, out);
}
for (const from of copies) cpSync(join("src", from), join("dist", from), { recursive: true });
for (const bin of bins) chmodSync(join("dist", bin), 0o755);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
