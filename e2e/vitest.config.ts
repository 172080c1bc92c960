import { reporting } from "@billfront/core/testing/vitest";
import { defineConfig } from "vitest/config";

export default defineConfig({ test: { include: ["*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000, ...reporting("e2e") } });
