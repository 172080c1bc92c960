// Totals every runner's report into the one line CI ends with. A runner that
// left no report counts as a failure, so a run that executed nothing cannot look green.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [dir, ...expected] = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (const name of expected) {
  const vitest = join(dir, `${name}.vitest.json`);
  const counts = join(dir, `${name}.counts.json`);
  if (existsSync(vitest)) {
    const report = JSON.parse(readFileSync(vitest, "utf8"));
    passed += report.numPassedTests;
    failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  } else if (existsSync(counts)) {
    const report = JSON.parse(readFileSync(counts, "utf8"));
    passed += report.passed;
    failed += report.failed;
  } else {
    console.error(`no test report from ${name}`);
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
