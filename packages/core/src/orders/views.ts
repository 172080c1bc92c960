import type { Money } from "../money.ts";
import type { OrderStatus, OrderType } from "./rules.ts";

/** One line of an order as the portal API returns it. */
export interface OrderItemView {
  id: string;
  description: string;
  quantity: number;
  unit_price: Money;
  amount: Money;
}

/** An order as the portal API returns it (O1). */
export interface OrderView {
  id: string;
  number: string;
  type: OrderType;
  status: OrderStatus;
  total: Money;
  paid: Money;
  refunded: Money;
  items: OrderItemView[];
  placed_at: string;
  next_billing_at: string | null;
  instalments: { count: number; paid: number } | null;
}

/** A page of results with an opaque cursor for the next page (null at the end). */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
