import { z } from "zod";
import { isCurrencyCode, MAX_AMOUNT } from "./currencies.ts";

// Request-body pieces every API surface shares, so a currency or an amount is checked the same way everywhere (and as core's money() checks it).

/** An active ISO 4217 currency code (`EUR`, `JPY`); `XYZ` and `eur` are refused. */
export const currencyCodeSchema = z.string().refine(isCurrencyCode, { message: "must be an active ISO 4217 currency code" });

/** A non-negative amount in integer minor units, at most MAX_AMOUNT (10^12). */
export const amountSchema = z.number().int().min(0).max(MAX_AMOUNT);

/** A positive amount in integer minor units, at most MAX_AMOUNT (10^12). */
export const positiveAmountSchema = z.number().int().min(1).max(MAX_AMOUNT);
