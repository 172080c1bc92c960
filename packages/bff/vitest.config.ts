import { databaseProjects, reporting } from "@billfront/core/testing/vitest";
import { defineConfig } from "vitest/config";

export default defineConfig({ test: { projects: databaseProjects(), ...reporting("bff") } });
