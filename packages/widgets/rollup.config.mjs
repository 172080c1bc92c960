import { nodeResolve } from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";
import typescript from "@rollup/plugin-typescript";

// One ESM entry for a script tag, plus content-hashed chunks it loads when a
// view is first used (W7). Type checking is the `typecheck` task's job (tsc
// over the whole program); here TypeScript only strips types.
export default {
  input: "src/index.ts",
  // Shared code stays in the entry, which every page loads anyway, instead of a second chunk behind it.
  preserveEntrySignatures: "allow-extension",
  output: { dir: "dist", entryFileNames: "billfront.js", chunkFileNames: "chunks/[name]-[hash].js", format: "es", sourcemap: false },
  plugins: [
    nodeResolve({ browser: true, exportConditions: ["browser", "production"] }),
    typescript({ tsconfig: "./tsconfig.build.json", include: ["src/**/*.ts", "../core/src/**/*.ts"], noEmitOnError: false }),
    terser({ ecma: 2022, module: true, format: { comments: false } }),
  ],
};
