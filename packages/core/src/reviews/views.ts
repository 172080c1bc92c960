/** A customer's own review of the shop, as they see it (never anyone else's). */
export interface ShopReviewView {
  id: string;
  /** 1–5 stars. */
  rating: number;
  comment: string | null;
  created_at: string;
  updated_at: string;
}

/** A review as the shop's staff read it, with who wrote it. */
export interface MerchantReviewView extends ShopReviewView {
  customer: { id: string; name: string | null; email: string };
}
