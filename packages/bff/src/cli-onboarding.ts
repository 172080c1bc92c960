// The operator's onboarding commands of `billfront` (merchant, keys, origins, staff):
// each opens the configured database, runs one core operation as the system actor
// `cli`, prints a human-readable answer (or JSON with --json) and closes it.
// cli.ts dispatches here; these are in their own module so tests can run them in-process.
import {
  addAllowedOrigin,
  createApiKey,
  onboardMerchant,
  createStaffUser,
  disableStaffUser,
  DomainError,
  findMerchant,
  getMerchantProfile,
  isDomainError,
  listApiKeys,
  listMerchants,
  listStaffUsers,
  parseMerchantOrigin,
  removeAllowedOrigin,
  revokeApiKey,
  runAs,
  storedMode,
  type CoreContext,
  type StaffActor,
} from "@billfront/core/server";
import { parseArgs } from "node:util";
import { z } from "zod";

export const ONBOARDING_USAGE = `Onboarding (operate directly on the configured database; add --json for machine-readable output):

  merchant create --name NAME [--origin ORIGIN]... [--mode sandbox|live] [--email OWNER_EMAIL]
                 creates a merchant and prints its id and secret API key (shown once)
  merchant list   lists every merchant
  keys create --merchant ID            a new secret API key (shown once)
  keys list --merchant ID              the merchant's keys, as hints
  keys revoke --merchant ID KEY_ID     revokes a key (not the last live one)
  origins add --merchant ID ORIGIN     allows a browser origin (https://host[:port], or http://localhost[:port])
  origins remove --merchant ID ORIGIN
  origins list --merchant ID
  staff create --merchant ID --email EMAIL --role agent|admin [--name NAME]
                 adds a staff member and prints their API token (shown once)
  staff list --merchant ID
  staff disable --merchant ID (--email EMAIL | STAFF_ID)   their token stops working at once`;

/** A mistake in how the command was called: printed as one line with a pointer to the usage. */
export class UsageError extends Error {}

export const ONBOARDING_COMMANDS = new Set(["merchant", "keys", "origins", "staff"]);

/** The system actor every onboarding change is recorded under (audit log, webhooks). */
export const CLI_ACTOR = { source: "system", id: "system:cli" } as const;

const merchantId = z.string().regex(/^mer_[0-9A-Za-z]+$/);
const email = z.email();

export interface CliOutput {
  out: (line: string) => void;
}

/**
 * Runs one onboarding command (`argv` without the leading `billfront`), e.g.
 * `["origins", "add", "--merchant", "mer_…", "https://shop.example"]`.
 */
export async function runOnboardingCommand(core: CoreContext, argv: string[], io: CliOutput = { out: (line) => console.log(line) }): Promise<void> {
  const [group, action, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        name: { type: "string" },
        origin: { type: "string", multiple: true },
        mode: { type: "string" },
        email: { type: "string" },
        merchant: { type: "string" },
        role: { type: "string" },
        json: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split(/\. |\n/)[0]!);
  }
  const { values, positionals } = parsed;
  const json = values.json ?? false;
  const print = (data: unknown, human: string[]) => (json ? io.out(JSON.stringify(data, null, 2)) : human.forEach((line) => io.out(line)));
  const only = (allowed: string[]) => {
    for (const [key, value] of Object.entries(values)) {
      if (key !== "json" && value !== undefined && !allowed.includes(key)) throw new UsageError(`${group} ${action} takes no --${key}`);
    }
  };
  const positional = (count: number, what: string) => {
    if (positionals.length > count) throw new UsageError(`unexpected argument "${positionals[count]}"`);
    if (count > 0 && positionals.length < count) throw new UsageError(`${group} ${action} needs ${what}`);
    return positionals;
  };
  const merchant = async () => {
    if (!values.merchant) throw new UsageError(`${group} ${action} needs --merchant <merchant id>`);
    if (!merchantId.safeParse(values.merchant).success) throw new UsageError(`--merchant must be a merchant id (mer_...), not "${values.merchant}"`);
    if (!(await findMerchant(core, values.merchant))) throw new DomainError("not_found", "merchant_not_found", `No merchant ${values.merchant}.`);
    return values.merchant;
  };
  const owner = (id: string): StaffActor => ({ merchantId: id, role: "admin", actor: "system:cli" });

  await runAs(CLI_ACTOR, async () => {
    switch (`${group ?? ""} ${action ?? ""}`.trim()) {
      case "merchant create": {
        only(["name", "origin", "mode", "email"]);
        positional(0, "");
        const name = values.name?.trim();
        if (!name) throw new UsageError('merchant create needs --name "Shop name"');
        if (name.length > 200) throw new UsageError("--name is longer than 200 characters");
        const mode = values.mode ?? "sandbox";
        if (mode !== "sandbox" && mode !== "live") throw new UsageError(`--mode must be sandbox or live, not "${mode}"`);
        if (values.email !== undefined && !email.safeParse(values.email).success) throw new UsageError(`--email must be an e-mail address, not "${values.email}"`);
        const origins = (values.origin ?? []).map(parseMerchantOrigin);
        const created = await onboardMerchant(core, {
          name,
          mode: storedMode(mode),
          allowedOrigins: origins,
          ...(values.email ? { notifyEmails: [values.email.toLowerCase()], supportEmail: values.email } : {}),
        });
        const profile = await getMerchantProfile(core, created.merchantId);
        print({ ...profile, secret_key: created.secretKey }, [
          `Created merchant ${profile.id} "${profile.name}" (${profile.mode}).`,
          `Allowed origins: ${profile.allowed_origins.join(", ") || "none yet (billfront origins add --merchant " + profile.id + " https://your-shop.example)"}`,
          `Secret API key (shown once; only its hash is stored): ${created.secretKey}`,
        ]);
        return;
      }
      case "merchant list": {
        only([]);
        positional(0, "");
        const all = await listMerchants(core);
        print({ data: all }, all.length === 0 ? ["No merchants yet (billfront merchant create --name ...)."] : all.map((m) => `${m.id}  ${m.mode.padEnd(7)}  ${m.name}  ${m.allowed_origins.join(", ")}`));
        return;
      }
      case "keys create": {
        only(["merchant"]);
        positional(0, "");
        const key = await createApiKey(core, owner(await merchant()));
        print(key, [`Created key ${key.id}.`, `Secret API key (shown once; only its hash is stored): ${key.secret_key}`]);
        return;
      }
      case "keys list": {
        only(["merchant"]);
        positional(0, "");
        const actor = owner(await merchant());
        const keys = [];
        for (let cursor: string | undefined, page; !page || page.has_more; cursor = page.next_cursor ?? undefined) {
          page = await listApiKeys(core, actor, { limit: 100, cursor });
          keys.push(...page.data);
        }
        print({ data: keys }, keys.map((k) => `${k.id}  ${k.hint}  created ${k.created_at}${k.revoked_at ? `  revoked ${k.revoked_at}` : "  live"}`));
        return;
      }
      case "keys revoke": {
        only(["merchant"]);
        const [keyId] = positional(1, "the key id (key_...) to revoke");
        const key = await revokeApiKey(core, owner(await merchant()), keyId!);
        print(key, [`Revoked key ${key.id} (${key.hint}); the portal sessions it minted have ended.`]);
        return;
      }
      case "origins add":
      case "origins remove": {
        only(["merchant"]);
        const [origin] = positional(1, "an origin such as https://shop.example");
        const id = await merchant();
        const origins = action === "add" ? await addAllowedOrigin(core, id, origin!) : await removeAllowedOrigin(core, id, origin!);
        print({ allowed_origins: origins }, [`Allowed origins of ${id}: ${origins.join(", ") || "none"}`]);
        return;
      }
      case "origins list": {
        only(["merchant"]);
        positional(0, "");
        const profile = await getMerchantProfile(core, await merchant());
        print({ allowed_origins: profile.allowed_origins }, profile.allowed_origins.length ? profile.allowed_origins : ["No allowed origins."]);
        return;
      }
      case "staff create": {
        only(["merchant", "email", "role", "name"]);
        positional(0, "");
        if (!values.email || !email.safeParse(values.email).success) throw new UsageError("staff create needs --email with an e-mail address");
        if (values.role !== "agent" && values.role !== "admin") throw new UsageError("staff create needs --role agent or --role admin");
        if (values.name !== undefined && values.name.length > 200) throw new UsageError("--name is longer than 200 characters");
        const id = await merchant();
        const staff = await createStaffUser(core, id, { email: values.email, role: values.role, name: values.name });
        print(staff, [`Created ${staff.role} ${staff.id} <${staff.email}>.`, `Staff API token (shown once; only its hash is stored): ${staff.token}`]);
        return;
      }
      case "staff list": {
        only(["merchant"]);
        positional(0, "");
        const staff = await listStaffUsers(core, await merchant());
        print({ data: staff }, staff.length ? staff.map((s) => `${s.id}  ${s.role.padEnd(5)}  ${s.email}${s.disabled_at ? `  disabled ${s.disabled_at}` : ""}`) : ["No staff members."]);
        return;
      }
      case "staff disable": {
        only(["merchant", "email"]);
        const [staffId] = positionals;
        positional(staffId ? 1 : 0, "");
        if (!staffId && !values.email) throw new UsageError("staff disable needs --email EMAIL or the staff id (stf_...)");
        const staff = await disableStaffUser(core, await merchant(), { id: staffId, email: values.email });
        print(staff, [`Disabled ${staff.id} <${staff.email}>; their token no longer works.`]);
        return;
      }
      default:
        throw new UsageError(group && ONBOARDING_COMMANDS.has(group) ? `unknown command "${`${group} ${action ?? ""}`.trim()}"` : `unknown command "${group ?? ""}"`);
    }
  });
}

/** One readable line for a failure: a domain error's message with its code, or the usage hint. */
export function describeCliFailure(error: unknown): string | undefined {
  if (error instanceof UsageError) return `billfront: ${error.message} (see \`billfront help\`)`;
  if (isDomainError(error)) return `billfront: ${error.message} [${error.code}]`;
  return undefined;
}
