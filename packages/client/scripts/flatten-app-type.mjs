// Writes dist/app-type.d.ts: the BFF's AppType (its routes' input and output
// types) with every type it borrows from @billfront/core or jose written out
// in place, so the client's types need hono and nothing else. A consumer's
// compiler then never loads drizzle, PGlite or Node's types (whose .d.ts do not
// all pass a default `strict` check without skipLibCheck), and installing the
// client does not install the server.
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

/** The type written out as plain TypeScript: unions, literals, arrays and object literals. */
function expand(type, depth = 0) {
  if (depth > 12) throw new Error(`type too deep to flatten: ${checker.typeToString(type)}`);
  const flags = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType;
  if (type.isUnion()) return type.types.map((t) => expand(t, depth + 1)).join(" | ");
  if (type.isIntersection()) return type.types.map((t) => `(${expand(t, depth + 1)})`).join(" & ");
  if (type.flags & (ts.TypeFlags.Primitive | ts.TypeFlags.Literal | ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return checker.typeToString(type, undefined, flags);
  if (checker.isArrayType(type)) return `(${expand(checker.getTypeArguments(type)[0], depth + 1)})[]`;
  if (checker.isTupleType(type)) return `[${checker.getTypeArguments(type).map((t) => expand(t, depth + 1)).join(", ")}]`;
  if (type.flags & ts.TypeFlags.Object) {
    const index = checker.getIndexInfosOfType(type).map((info) => `[key: ${checker.typeToString(info.keyType)}]: ${expand(info.type, depth + 1)};`);
    const props = checker.getPropertiesOfType(type).map((p) => {
      const optional = p.flags & ts.SymbolFlags.Optional ? "?" : "";
      const propType = checker.getTypeOfSymbol(p);
      return `${JSON.stringify(p.name)}${optional}: ${expand(optional ? checker.getNonNullableType(propType) : propType, depth + 1)};`;
    });
    return `{ ${[...index, ...props].join(" ")} }`;
  }
  throw new Error(`cannot flatten ${checker.typeToString(type)}`);
}

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
