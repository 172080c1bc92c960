/** Ticket states (H1). */
export type TicketStatus = "open" | "waiting_on_customer" | "waiting_on_staff" | "closed";

export interface DepartmentView {
  id: string;
  name: string;
  paid: boolean;
}

export interface TicketSummaryView {
  id: string;
  subject: string;
  status: TicketStatus;
  department: DepartmentView;
  created_at: string;
  updated_at: string;
}

export interface TicketAttachmentView {
  id: string;
  file_name: string;
  content_type: string;
  size: number;
}

export interface TicketMessageView {
  id: string;
  author: "customer" | "staff" | "system";
  body: string;
  created_at: string;
  attachments: TicketAttachmentView[];
}

/** A ticket with its conversation as the customer sees it: internal notes left out. */
export interface TicketView extends TicketSummaryView {
  /** Support incidents this ticket took (H3), as staff last set them (H7). */
  incidents_used: number;
  messages: TicketMessageView[];
}
