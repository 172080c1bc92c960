// Writes the package as npm users get it: inside the monorepo a package's
// package.json points at its TypeScript sources (src/*.ts, run by Node's type
// stripping, so tests and the demo never need a build); the published one
// points at the build in dist/ (JavaScript + .d.ts).
//
//   node scripts/stage-package.mjs <package dir> <out dir>   copy the publishable files, rewrite package.json
//   node scripts/stage-package.mjs --refuse                   (prepack) stop an in-place `npm pack`/`npm publish`
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

if (process.argv[2] === "--refuse") {
  console.error("This package.json points at src/*.ts for the monorepo. Pack the published form with `node scripts/pack-packages.mjs <dir>` (see README, \"Install from npm\").");
  process.exit(1);
}

export function stagePackage(packageDir, outDir) {
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  const built = (source) => {
    const match = /^\.\/src\/(.+)\.ts$/.exec(source);
    if (!match) return source;
    const js = `./dist/${match[1]}.js`;
    return existsSync(join(packageDir, js)) ? { types: `./dist/${match[1]}.d.ts`, default: js } : undefined;
  };
  if (manifest.exports) {
    const exports = {};
    for (const [key, target] of Object.entries(manifest.exports)) {
      // Repo-only entries (test helpers) are not built and not published.
      const out = typeof target === "string" ? built(target) : target;
      if (out !== undefined) exports[key] = out;
    }
    manifest.exports = exports;
  }
  if (manifest.bin) {
    for (const [name, target] of Object.entries(manifest.bin)) {
      const out = built(target);
      if (!out) throw new Error(`${manifest.name}: bin ${name} (${target}) is not built; run npm run build first`);
      manifest.bin[name] = out.default;
    }
  }
  if (manifest.files?.includes("dist") && !existsSync(join(packageDir, "dist"))) throw new Error(`${manifest.name}: dist is missing; run npm run build first`);
  // Optional entries (a package's types/ folder) may not exist yet.
  const files = (manifest.files ?? []).filter((file) => existsSync(join(packageDir, file)));
  delete manifest.scripts;
  delete manifest.devDependencies;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const file of files) cpSync(join(packageDir, file), join(outDir, file), { recursive: true });
  writeFileSync(join(outDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[2] && process.argv[3]) stagePackage(resolve(process.argv[2]), resolve(process.argv[3]));
