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
}
