import { defineConfig } from "vitest/config";
import { databaseProjects, reporting } from "./src/testing/vitest.ts";

export default defineConfig({ test: { projects: databaseProjects(), ...reporting("core") } });
