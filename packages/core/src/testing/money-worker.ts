// A money worker for the crash suite (payments/attempts/crash-suite.test.ts):
// runs money operations against DATABASE_URL at MONEY_NOW with the real sandbox
// gateway, logging every gateway call to GATEWAY_LOG (before and after it, key,
// reference and status, appended synchronously so a SIGKILL loses nothing).
//   FIXTURE      the seeded ids (JSON, see money-paths.ts)
//   OPS          the operations to run in order (JSON: [{ path, key }])
//   CRASH_AT     <n>:<phase>: SIGKILL at that point (see crash-points.ts), no cleanup
//   RECOVER=1    first finish what a crash left (the resume job, the billing run)
//   RESULT_FILE  where the answers go: { results: [{ path, ok, value | code }], counts }
import { appendFileSync, writeFileSync } from "node:fs";
import { TestClock } from "../clock.ts";
import { openDatabase } from "../db/open.ts";
import { isDomainError } from "../errors.ts";
import { SandboxGateway } from "../payments/sandbox-gateway.ts";
import { crashableContext, parseCrashPoint } from "./crash-points.ts";
import { MONEY_NOW, recoverMoney, runMoneyOperation, type MoneyFixture, type MoneyOperation } from "./money-paths.ts";

const fixture = JSON.parse(process.env.FIXTURE!) as MoneyFixture;
const ops = JSON.parse(process.env.OPS ?? "[]") as MoneyOperation[];
const handle = await openDatabase({ url: process.env.DATABASE_URL!, migrate: false });
const ctx = crashableContext(
  { db: handle.db, clock: new TestClock(process.env.MONEY_NOW ?? MONEY_NOW), gateway: new SandboxGateway() },
  {
    crashAt: parseCrashPoint(process.env.CRASH_AT),
    log: (call) => appendFileSync(process.env.GATEWAY_LOG!, `${JSON.stringify(call)}\n`),
    die: () => process.kill(process.pid, "SIGKILL") as never,
  },
);

if (process.env.RECOVER === "1") await recoverMoney(ctx, fixture.merchantId);
const results: { path: string; ok: boolean; value?: unknown; code?: string }[] = [];
for (const op of ops) {
  try {
    results.push({ path: op.path, ok: true, value: await runMoneyOperation(ctx, fixture, op) });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    results.push({ path: op.path, ok: false, code: error.code });
  }
}
writeFileSync(process.env.RESULT_FILE!, JSON.stringify({ results, counts: ctx.counts }));
await handle.close();
