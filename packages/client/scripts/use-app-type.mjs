// The built client's .d.ts name the flattened AppType (dist/app-type.d.ts) instead of @billfront/bff.
import { readFileSync, writeFileSync } from "node:fs";

const file = "dist/index.d.ts";
const text = readFileSync(file, "utf8");
const out = text.replaceAll(`"@billfront/bff/app"`, `"./app-type.js"`);
if (out === text) throw new Error(`${file} does not import @billfront/bff/app`);
writeFileSync(file, out);
