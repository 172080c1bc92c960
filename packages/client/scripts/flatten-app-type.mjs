// Writes dist/app-type.d.ts: the BFF's AppType (its routes' input and output
// types) with every type it borrows from @billfront/core or jose written out
// in place, so the client's types need hono and nothing else. A consumer's
// compiler then never loads drizzle, PGlite or Node's types (whose .d.ts do not
// all pass a default `strict` check without skipLibCheck), and installing the
// client does not install the server.
import { typeExpander } from "../../../scripts/type-expander.mjs";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const ts = createRequire(import.meta.url)("typescript");
const source = join(import.meta.dirname, "../../bff/dist/app.d.ts");
const text = readFileSync(source, "utf8");

const program = ts.createProgram([source], {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2023,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: ["node"],
});
const checker = program.getTypeChecker();
const file = program.getSourceFile(source);
if (!file) throw new Error(`cannot read ${source}`);

const keep = (specifier) => specifier === "hono" || specifier.startsWith("hono/");

const expand = typeExpander(ts, checker, 12);

const edits = [];
function visit(node) {
  if (ts.isImportTypeNode(node)) {
    const specifier = node.argument.literal.text;
    if (!keep(specifier)) {
      // `import("x").T["k"]` is replaced whole.
      const target = ts.isIndexedAccessTypeNode(node.parent) && node.parent.objectType === node ? node.parent : node;
      edits.push({ start: target.getStart(file), end: target.getEnd(), text: `(${expand(checker.getTypeFromTypeNode(target))})` });
      return;
    }
  }
  ts.forEachChild(node, visit);
}
visit(file);

let out = text;
for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
// createApp's deps (the database, keys, clock) are the server's business: the client only needs the routes.
out = out.replace(/^import type \{ AppDeps \} from "\.\/deps\.js";\n/m, "").replace(/createApp\(deps: AppDeps\)/, "createApp(deps: unknown)");
const leftover = /import\("(?!hono)[^"]*"\)|from "(?!hono)[^"]*"/.exec(out);
if (leftover) throw new Error(`app-type.d.ts still imports ${leftover[0]}`);
writeFileSync("dist/app-type.d.ts", `// Generated from @billfront/bff's AppType by scripts/flatten-app-type.mjs: do not edit.\n${out}`);
