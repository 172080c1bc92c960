// dist/types/: the package's public types (src/public-types.ts and the event
// details of src/events.ts), with the @billfront/core views they name written
// out in place, so the package needs no dependency for its types. Lit is
// bundled into the script and no public type names it.
import { typeExpander } from "../../../scripts/type-expander.mjs";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join, resolve } from "node:path";

const ts = createRequire(import.meta.url)("typescript");
const src = resolve("src");
const entry = join(src, "public-types.ts");
const program = ts.createProgram([entry], {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2023,
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
  types: [],
  strict: true,
  skipLibCheck: true,
  declaration: true,
  emitDeclarationOnly: true,
  allowImportingTsExtensions: true,
  rewriteRelativeImportExtensions: true,
  outDir: "/virtual",
  rootDir: resolve(".."),
});
const checker = program.getTypeChecker();

const expand = typeExpander(ts, checker, 14);

/** `import type { A, B } from "@billfront/core"` in a source file, as local type aliases. */
function coreAliases(sourceFile, exported) {
  const lines = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || statement.moduleSpecifier.text !== "@billfront/core") continue;
    for (const element of statement.importClause?.namedBindings?.elements ?? []) {
      const symbol = checker.getAliasedSymbol(checker.getSymbolAtLocation(element.name));
      lines.push(`${exported ? "export " : ""}type ${element.name.text} = ${expand(checker.getDeclaredTypeOfSymbol(symbol))};`);
    }
  }
  return lines.join("\n");
}

/** The page's view of the tags and events: only in the shipped .d.ts (the element files declare the tags with their classes). */
const GLOBALS = `
declare global {
  interface HTMLElementTagNameMap {
    "billfront-portal": BillfrontPortalElement;
    "my-orders": MyOrdersElement;
    "payment-methods": PaymentMethodsElement;
    "helpdesk-tickets": HelpdeskTicketsElement;
    "account-details": AccountDetailsElement;
    "billfront-plans": BillfrontPlansElement;
    "shop-review": ShopReviewElement;
    "billfront-hosted-portal": BillfrontHostedPortalElement;
  }
  // The events bubble out of shadow DOM (composed) to the document.
  interface GlobalEventHandlersEventMap extends BillfrontEventMap, BillfrontSubscriptionEventMap {}
}
`;

const out = resolve("dist/types");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const written = [];
for (const name of ["public-types.ts", "events.ts"]) {
  const sourceFile = program.getSourceFile(join(src, name));
  let text;
  program.emit(sourceFile, (_, data) => (text = data), undefined, true);
  text = text.replace(/^import type \{[^}]*\} from "@billfront\/core";\n/m, `// @billfront/core's views, written out.\n${coreAliases(sourceFile, name === "events.ts")}\n`);
  text = text.replace(/(from\s+["']\.\/[^"']+)\.ts(["'])/g, "$1.js$2");
  if (/(from |import\()"(@billfront\/|lit|@lit\/)/.test(text)) throw new Error(`${name}: its types still name another package`);
  const file = name === "public-types.ts" ? "billfront.d.ts" : basename(name).replace(/\.ts$/, ".d.ts");
  writeFileSync(join(out, file), text.replace(/"\.\/public-types\.js"/g, '"./billfront.js"') + (file === "billfront.d.ts" ? GLOBALS : ""));
  written.push(file);
}
console.log(`dist/types: ${written.join(", ")}`);
