/** A grant as the rules see it. */
export interface GrantFacts {
  id: string;
  granted: number;
  used: number;
  validFrom: Date | null;
  validUntil: Date | null;
  createdAt: Date;
}

/** Whether a grant can pay for a ticket at `now`: something left, and lifetime or inside its period. */
export function grantUsable(grant: GrantFacts, now: Date): boolean {
  if (grant.used >= grant.granted) return false;
  if (grant.validFrom && now < grant.validFrom) return false;
  return !grant.validUntil || now < grant.validUntil;
}

/**
 * The grants a new ticket draws from, in order (H3): time-limited grants first,
 * earliest expiry first, so nothing that runs out is wasted; then lifetime ones, oldest first.
 */
export function deductionOrder<T extends GrantFacts>(grants: readonly T[], now: Date): T[] {
  return grants
    .filter((g) => grantUsable(g, now))
    .sort((a, b) => {
      if (a.validUntil && b.validUntil) return a.validUntil.getTime() - b.validUntil.getTime();
      if (a.validUntil) return -1;
      if (b.validUntil) return 1;
      return a.createdAt.getTime() - b.createdAt.getTime();
    });
}

/** Incidents usable right now. */
export function availableIncidents(grants: readonly GrantFacts[], now: Date): number {
  return grants.filter((g) => grantUsable(g, now)).reduce((s, g) => s + g.granted - g.used, 0);
}

/**
 * The periods of a per-period incident plan (H4): ordered April 11 for three
 * months gives Apr 11–May 11, May 11–Jun 11, Jun 11–Jul 11 (end exclusive).
 * Month ends clamp (Jan 31 -> Feb 28/29) but later periods keep the original day.
 */
export function incidentPeriods(start: Date, count: number, months: number): { from: Date; until: Date }[] {
  const at = (n: number) => addMonths(start, n * months);
  return Array.from({ length: count }, (_, i) => ({ from: at(i), until: at(i + 1) }));
}

function addMonths(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = new Date(date);
  d.setUTCFullYear(y, m, Math.min(date.getUTCDate(), lastDay));
  return d;
}

/**
 * H5 funds grants: `incidents` for every whole `amount` in what was carried plus
 * what was just added; the rest is carried to the next top-up.
 */
export function fundsGrant(carried: number, added: number, rule: { amount: number; incidents: number }): { incidents: number; remainder: number } {
  const total = carried + added;
  const blocks = Math.floor(total / rule.amount);
  return { incidents: blocks * rule.incidents, remainder: total - blocks * rule.amount };
}

/**
 * H4: the monthly grant periods of a paid term of an incident plan (a 3-month
 * term gives three grants that each reset). Daily and weekly plans are refused
 * at sale, so a term is always whole months; a year is twelve.
 */
export function packageGrantPeriods(start: Date, interval: "day" | "week" | "month" | "year", intervalCount: number): { from: Date; until: Date }[] {
  if (interval !== "month" && interval !== "year") return [];
  return incidentPeriods(start, interval === "year" ? intervalCount * 12 : intervalCount, 1);
}
