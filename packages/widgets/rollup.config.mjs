import { nodeResolve } from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";
import typescript from "@rollup/plugin-typescript";

/**
 * Lit `css` templates lose their indentation and comments: CSS needs neither,
 * and the script stays inside its budget (W7). Only the static text between
 * `${}` holes changes; html templates are left alone (their spaces can show).
 */
function minifyLitCss() {
  const squeeze = (text) =>
    text
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/\s+/g, " ")
      .replace(/\s*([{};,>])\s*/g, "$1")
      .replace(/:\s+/g, ":")
      .replace(/;}/g, "}");
  return {
    name: "minify-lit-css",
    transform(code, id) {
      // The design system's sheet is plain template literals without holes (the BFF uses it too).
      if (id.endsWith("design-css.ts")) return { code: code.replace(/`([^`$]*)`/g, (_, body) => "`" + squeeze(body).trim() + "`"), map: null };
      // TypeScript has already emitted it (`css ` + template).
      if (!/\.ts$/.test(id) || !/\bcss\s*`/.test(code)) return null;
      const out = code.replace(/\bcss\s*`([^`]*)`/g, (_, body) => "css`" + body.split(/(\$\{[^}]*\})/).map((part, i) => (i % 2 ? part : squeeze(part))).join("").trim() + "`");
      return { code: out, map: null };
    },
  };
}

/** Chunk names the BFF serves: letters, digits, `-` and `_` only (a module such as `x.messages.ts` would put a dot in). */
const chunkName = (dir) => (chunk) => `${dir}/${chunk.name.replace(/[^A-Za-z0-9_-]/g, "-")}-[hash].js`;

// One ESM entry for a script tag, plus content-hashed chunks it loads when a
// view is first used (W7). Type checking is the `typecheck` task's job (tsc
// over the whole program); here TypeScript only strips types.
const browser = {
  input: "src/index.ts",
  // Shared code stays in the entry, which every page loads anyway, instead of a second chunk behind it.
  preserveEntrySignatures: "allow-extension",
  output: { dir: "dist", entryFileNames: "billfront.js", chunkFileNames: chunkName("chunks"), format: "es", sourcemap: false },
  plugins: [
    minifyLitCss(),
    nodeResolve({ browser: true, exportConditions: ["browser", "production"] }),
    typescript({ tsconfig: "./tsconfig.build.json", include: ["src/**/*.ts", "../core/src/**/*.ts"], noEmitOnError: false }),
    terser({ ecma: 2022, module: true, format: { comments: false } }),
  ],
};

/**
 * The same entry for Node (server-side rendering imports the package): Lit's
 * Node build (a DOM shim), one file, so `import "@billfront/widgets"` in Node
 * does not throw; the "node" export condition picks it.
 */
const node = {
  input: "src/index.ts",
  output: { file: "dist/node/billfront.js", format: "es", sourcemap: false, inlineDynamicImports: true },
  plugins: [
    nodeResolve({ exportConditions: ["node", "production"] }),
    typescript({ tsconfig: "./tsconfig.build.json", include: ["src/**/*.ts", "../core/src/**/*.ts"], noEmitOnError: false }),
  ],
};


/**
 * The staff console: its own entry and chunks (with its own copy of Lit), so
 * nothing of it lands in the customer widgets' script or budget.
 */
const consoleBuild = {
  input: "src/console.ts",
  preserveEntrySignatures: "allow-extension",
  output: { dir: "dist", entryFileNames: "console.js", chunkFileNames: chunkName("console-chunks"), format: "es", sourcemap: false },
  plugins: browser.plugins,
};

export default [browser, consoleBuild, node];
