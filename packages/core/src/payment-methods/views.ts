/** A saved card as the portal shows it (R1): never more than brand, last four digits and expiry. */
export interface PaymentMethodView {
  id: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  is_default: boolean;
  expired: boolean;
  /** Subscriptions this card is assigned to, by order number. */
  assigned_to: string[];
  /** What removing this card would do, so the confirm step can say it before the customer decides. */
  removal: PaymentMethodRemoval;
}

/** The outcome of removing a card (R1), as core would carry it out. */
export interface PaymentMethodRemoval {
  /** Order numbers of live automatically charged subscriptions this card pays now (assigned to it, or through it as the default). */
  orders: string[];
  /** The card that pays them afterwards (the default then); null when no card is left. */
  moves_to: { brand: string; last4: string } | null;
  /** Removing is refused (`payment_method_required`): it is the only card and a subscription still charges. */
  refused: boolean;
}
