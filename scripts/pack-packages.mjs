// `node scripts/pack-packages.mjs <dir> [--build]`: the npm tarballs of the
// published packages, in <dir> (staged by stage-package.mjs from each
// package's dist/; --build runs `turbo run build` first). Prints their paths.
// Publish with `npm publish <dir>/<tarball>`.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stagePackage } from "./stage-package.mjs";

export const PUBLISHED = ["core", "widgets", "bff", "client"];
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function packPackages(dest, { build = false } = {}) {
  dest = resolve(dest);
  mkdirSync(dest, { recursive: true });
  if (build) execFileSync(join(root, "node_modules/.bin/turbo"), ["run", "build", "--output-logs=errors-only", ...PUBLISHED.map((p) => `--filter=@billfront/${p}`)], { cwd: root, stdio: "inherit" });
  const tarballs = [];
  for (const name of PUBLISHED) {
    const stage = join(dest, "stage", name);
    stagePackage(join(root, "packages", name), stage);
    const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dest], { cwd: stage, encoding: "utf8" });
    tarballs.push(join(dest, JSON.parse(out)[0].filename));
  }
  return tarballs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, flag] = process.argv.slice(2);
  if (!dir) throw new Error("usage: node scripts/pack-packages.mjs <dir> [--build]");
  for (const tarball of packPackages(dir, { build: flag === "--build" })) console.log(tarball);
}
