import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes { passed, failed } for .ci/run's final line: web-test-runner prints no such total itself. */
export function countingReporter(name) {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      const visit = (suite) => {
        for (const test of suite.tests ?? []) {
          if (test.skipped) continue;
          if (test.passed) passed++;
          else failed++;
        }
        for (const child of suite.suites ?? []) visit(child);
      };
      for (const session of sessions) {
        if (session.testResults) visit(session.testResults);
        // A file that failed to load has no results but errors: count it as a failure.
        if (!session.passed && (session.errors?.length ?? 0) > 0) failed++;
      }
      const dir = process.env.BILLFRONT_REPORT_DIR;
      if (dir) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${name}.counts.json`), JSON.stringify({ passed, failed }));
      }
    },
  };
}
