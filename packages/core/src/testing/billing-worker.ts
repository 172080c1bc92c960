// A billing worker for the crash test (S9): runs one billing run against
// DATABASE_URL at BILLING_NOW, logging every gateway authorisation to
// CHARGE_LOG. With CRASH_AFTER_CHARGES=n it kills itself (SIGKILL, no cleanup)
// right after the n-th charge succeeds at the gateway and before it is booked:
// the worst moment for a worker to die.
import { appendFileSync } from "node:fs";
import { TestClock } from "../clock.ts";
import { openDatabase } from "../db/open.ts";
import { SandboxGateway } from "../payments/sandbox-gateway.ts";
import { runBilling } from "../billing/billing-engine.ts";
import { observedGateway } from "./observed-gateway.ts";

const crashAfter = Number(process.env.CRASH_AFTER_CHARGES ?? 0);
let charges = 0;
const gateway = observedGateway(new SandboxGateway(), ({ key, result }) => {
  appendFileSync(process.env.CHARGE_LOG!, `${JSON.stringify({ key, reference: result.reference, status: result.status })}\n`);
  if (crashAfter && ++charges >= crashAfter) process.kill(process.pid, "SIGKILL");
});

const handle = await openDatabase({ url: process.env.DATABASE_URL!, migrate: false });
await runBilling({ db: handle.db, clock: new TestClock(process.env.BILLING_NOW!), gateway });
await handle.close();
