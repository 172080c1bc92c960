import { defineConfig } from "vitest/config";
import { databaseProjects } from "./src/testing/vitest.ts";

export default defineConfig({ test: { projects: databaseProjects() } });
