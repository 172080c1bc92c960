import { nodeResolve } from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";
import typescript from "@rollup/plugin-typescript";

// One ESM file for a script tag. Type checking is the `typecheck` task's job
// (tsc over the whole program); here TypeScript only strips types.
export default {
  input: "src/index.ts",
  output: { file: "dist/billfront.js", format: "es", sourcemap: false },
  plugins: [
    nodeResolve({ browser: true, exportConditions: ["browser", "production"] }),
    typescript({ tsconfig: "./tsconfig.build.json", include: ["src/**/*.ts", "../core/src/**/*.ts"], noEmitOnError: false }),
    terser({ ecma: 2022, module: true, format: { comments: false } }),
  ],
};
