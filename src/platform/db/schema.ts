import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Row types of the Kapu schema (src/migrations). Keep in step with the SQL. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** `date` columns are legal dates and travel as `YYYY-MM-DD` strings. */
type LegalDate = string;
type Json<T> = ColumnType<T, string, string>;

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  language: string;
  staff_role: string | null;
  disabled_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Two-factor (0011_two_factor.sql): the confirmed TOTP secret, base32. */
  totp_secret: string | null;
  totp_enabled_at: Timestamp | null;
  /** RFC 6238 time step of the last accepted code. */
  totp_last_step: number | null;
  totp_pending_secret: string | null;
  totp_pending_at: Timestamp | null;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  customer_id: string | null;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
  /** Staff without two-factor while it is required: only enrolment routes answer. */
  two_factor_setup_required: Generated<boolean>;
  /** Ends after this long without a request (staff); null = no idle limit. */
  idle_minutes: number | null;
}

/** Single-use two-factor recovery codes (0011_two_factor.sql); SHA-256 only. */
export interface RecoveryCodesTable {
  user_id: string;
  code_hash: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

/** The step between the password and the code of a two-factor login (0011_two_factor.sql). */
export interface LoginChallengesTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  failures: Generated<number>;
  used_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
}

export interface OneTimeTokensTable {
  id: string;
  purpose:
    "password_reset" | "admin_setup" | "contact_invitation" | "manager_invitation" | "email_change";
  token_hash: string;
  user_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  subject_id: string | null;
  data: Json<Record<string, unknown>> | null;
}

/** Failed logins per e-mail address (0009_password_security.sql). */
export interface LoginThrottlesTable {
  email_hash: string;
  failures: number;
  last_failure_at: Timestamp;
  locked_until: Timestamp | null;
}

/** Client addresses a login has succeeded from (0009_password_security.sql). */
export interface LoginAddressesTable {
  user_id: string;
  address: string;
  first_success_at: Timestamp;
  last_success_at: Timestamp;
}

export interface CustomersTable {
  id: string;
  code: string;
  kind: "company" | "person";
  name: string;
  legal_name: string;
  country: string;
  postal_code: Generated<string>;
  city: Generated<string>;
  address_line: Generated<string>;
  tax_number: string | null;
  eu_vat_number: string | null;
  language: Generated<string>;
  currency: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  einvoice_scheme: string | null;
  einvoice_id: string | null;
  einvoice_operator: string | null;
}

export interface ContactsTable {
  id: string;
  customer_id: string;
  user_id: string | null;
  name: string;
  email: string;
  phone: string | null;
  is_primary: Generated<boolean>;
  permissions: Generated<string[]>;
  invited_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Where a type of customer mail goes (migration 0010); no rows for a type: the default. */
export type NotificationTypeColumn = "invoices" | "support" | "abuse" | "technical" | "renewals";
export interface NotificationAddressesTable {
  customer_id: string;
  type: NotificationTypeColumn;
  position: number;
  contact_id: string | null;
  email: string | null;
  created_at: Timestamp;
}

export type ManagerAccessStatus = "invited" | "requested" | "active" | "revoked" | "declined";
export interface ManagerAccessTable {
  id: string;
  customer_id: string;
  manager_user_id: string | null;
  email: string;
  permissions: string[];
  status: ManagerAccessStatus;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  accepted_at: Timestamp | null;
  ended_at: Timestamp | null;
  ended_by: string | null;
}

export interface DepartmentsTable {
  id: string;
  name: string;
  email: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StaffDepartmentsTable {
  user_id: string;
  department_id: string;
}

export type ProductKind = "hosting" | "domain" | "software" | "ssl" | "addon";
export type BillingCycle =
  "monthly" | "quarterly" | "semiannual" | "annual" | "biennial" | "one_time";
export type ServiceStatus =
  "pending" | "active" | "suspended" | "cancelled" | "expired" | "terminated";
export type DocumentKind = "proforma" | "invoice" | "credit_note";
export type DocumentStatus = "open" | "paid" | "cancelled";

export interface ProductsTable {
  id: string;
  code: string;
  kind: ProductKind;
  name: string;
  description: Generated<string>;
  active: Generated<boolean>;
  /** The provisioning module by name (src/modules/provisioning); null = nothing to provision. */
  provisioning_module: string | null;
  provisioning_settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  renewal_lead_days: number | null;
  reminder_days: number[] | null;
  tld: string | null;
  free_domain_tlds: Generated<string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProductPricesTable {
  id: string;
  product_id: string;
  billing_cycle: BillingCycle;
  currency: string;
  amount: bigint;
  setup_fee: Generated<bigint>;
  register_amount: bigint | null;
  transfer_amount: bigint | null;
}

export interface ServicesTable {
  id: string;
  customer_id: string;
  product_id: string;
  label: string | null;
  status: ServiceStatus;
  billing_cycle: BillingCycle;
  currency: string;
  price: bigint;
  start_date: LegalDate;
  next_due_date: LegalDate | null;
  domain: string | null;
  cancel_effective_date: LegalDate | null;
  next_cycle: Exclude<BillingCycle, "one_time"> | null;
  next_price: bigint | null;
  status_reason: string | null;
  status_changed_at: Timestamp | null;
  order_id: string | null;
  provisioning_data: ColumnType<Record<string, string>, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrdersTable {
  id: string;
  customer_id: string;
  document_id: string;
  idempotency_key: string | null;
  items: ColumnType<OrderItemJson[], string, string>;
  created_at: Timestamp;
  created_by: string | null;
}

export interface OrderItemJson {
  productId: string;
  product: string;
  cycle: string;
  serviceId: string;
  name: string | null;
  domainAction: "register" | "transfer" | "existing" | null;
  free: boolean;
}

export interface ServiceRenewalsTable {
  service_id: string;
  period_from: LegalDate;
  period_to: LegalDate;
  document_id: string;
  run_id: string | null;
  created_at: Timestamp;
}

export interface ServiceRemindersTable {
  service_id: string;
  due_date: LegalDate;
  days_before: number;
  sent_on: LegalDate;
  run_id: string | null;
}

export type CancellationStatus = "pending" | "effective" | "withdrawn" | "overridden";

export interface CancellationRequestsTable {
  id: string;
  service_id: string;
  customer_id: string;
  requested_at: Timestamp;
  requested_by: string | null;
  reason: string | null;
  effective_date: LegalDate;
  status: CancellationStatus;
  decided_at: Timestamp | null;
  decided_by: string | null;
  decision_reason: string | null;
  documents: ColumnType<
    { id: string; number: string; action: "cancelled" | "credited" }[],
    string | undefined,
    string
  >;
}

export type BillingRunTrigger = "schedule" | "cli" | "staff";
export type BillingRunStatus = "queued" | "running" | "completed" | "failed" | "interrupted";

export interface BillingRunsTable {
  id: string;
  run_date: LegalDate;
  trigger: BillingRunTrigger;
  status: BillingRunStatus;
  started_at: Timestamp;
  heartbeat_at: Timestamp;
  finished_at: Timestamp | null;
  counts: ColumnType<Record<string, number>, string | undefined, string>;
  problems: ColumnType<
    { serviceId: string; code: string; message: string }[],
    string | undefined,
    string
  >;
  error: string | null;
}

export type ProvisioningAction =
  "create" | "suspend" | "unsuspend" | "terminate" | "renew" | "change_plan";
export type ProvisioningTaskStatus =
  "queued" | "running" | "waiting" | "done" | "failed" | "manual" | "cancelled";

export interface ProvisioningTasksTable {
  id: string;
  service_id: string;
  customer_id: string;
  action: ProvisioningAction;
  module: string;
  status: ProvisioningTaskStatus;
  attempts: Generated<number>;
  last_error: string | null;
  result: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  module_state: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  check_after: Timestamp | null;
  note: string | null;
  requested_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

/**
 * Party data frozen on a document (jsonb). Its shape is the billing module's `Party`
 * (src/modules/billing/domain/document.ts); the repo that writes it also reads it.
 */
export type PartySnapshotJson = Record<string, unknown>;

export interface DocumentsTable {
  id: string;
  kind: DocumentKind;
  series: string;
  number: string;
  customer_id: string;
  status: DocumentStatus;
  issue_date: LegalDate;
  fulfilment_date: LegalDate | null;
  due_date: LegalDate | null;
  currency: string;
  exchange_rate: string | null;
  net_total: bigint;
  vat_total: bigint;
  gross_total: bigint;
  buyer: Json<PartySnapshotJson>;
  seller: Json<PartySnapshotJson>;
  corrects_id: string | null;
  language: Generated<string>;
  created_at: Timestamp;
  correction_type: "storno" | "modification" | null;
  modification_index: number | null;
  payment_method: Generated<"transfer" | "card" | "cash" | "other">;
  payment_reference: string | null;
  cash_accounting: Generated<boolean>;
  exchange_rate_date: LegalDate | null;
  vat_total_huf: bigint | null;
  note: string | null;
  vat_breakdown: Json<Record<string, unknown>[]>;
  paid_amount: Generated<bigint>;
  paid_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  cancel_reason: string | null;
  superseded_by_id: string | null;
  final_invoice_id: string | null;
  proforma_id: string | null;
  issued_by: string | null;
}

export interface DocumentLinesTable {
  id: string;
  document_id: string;
  position: number;
  service_id: string | null;
  description: string;
  quantity: string;
  unit: string;
  unit_price: bigint;
  vat_category: string;
  vat_rate_bp: number;
  net_amount: bigint;
  vat_amount: bigint;
  gross_amount: bigint;
  period_from: LegalDate | null;
  period_to: LegalDate | null;
  unit_code: Generated<"piece" | "hour" | "day" | "month" | "year">;
  discount: Generated<bigint>;
  vat_country: Generated<string>;
  vat_reason: Generated<string>;
  product_id: string | null;
  corrects_position: number | null;
}

export type MailStatus = "queued" | "sent" | "stored" | "failed";

export interface MailOutboxTable {
  id: string;
  type: string;
  language: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  customer_id: string | null;
  user_id: string | null;
  status: MailStatus;
  attempts: Generated<number>;
  last_error: string | null;
  message_id: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  attachments: ColumnType<MailAttachmentJson[], string | undefined, string>;
}

/** A mail attachment rendered when the mail is sent. */
export interface MailAttachmentJson {
  kind: "document_pdf" | "statement_pdf";
  documentId?: string;
  customerId?: string;
  currency?: string;
  from?: string;
  to?: string;
  filename: string;
}

export interface AuditLogTable {
  id: string;
  at: Timestamp;
  actor_type: "user" | "system" | "cli";
  actor_id: string | null;
  customer_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  data: Json<Record<string, unknown>>;
  request_id: string | null;
  ip: string | null;
  actor_via: Generated<"contact" | "manager" | "staff" | null>;
}

export interface DocumentCountersTable {
  series: string;
  year: number;
  last_number: number;
}

export interface SettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface VatRatesTable {
  id: string;
  country: string;
  rate_bp: number;
  valid_from: LegalDate;
  valid_to: LegalDate | null;
  note: Generated<string>;
  created_at: Timestamp;
  created_by: string | null;
}

export interface VatNumberChecksTable {
  id: string;
  customer_id: string | null;
  vat_number: string;
  source: "offline" | "vies";
  result: "valid" | "invalid" | "unavailable";
  name: string | null;
  address: string | null;
  request_identifier: string | null;
  detail: string | null;
  checked_at: Timestamp;
}

export interface ExchangeRatesTable {
  currency: string;
  rate_date: LegalDate;
  rate: string;
  source: Generated<string>;
  created_at: Timestamp;
}

export type AllocationSource = "payment" | "credit_note" | "account_credit" | "write_off";

export interface AllocationsTable {
  id: string;
  document_id: string;
  source_type: AllocationSource;
  source_id: string | null;
  amount: bigint;
  created_at: Timestamp;
  ledger_txn_id: string;
}

export type LedgerTransactionKind =
  | "invoice"
  | "credit_note"
  | "payment"
  | "refund"
  | "refund_reversed"
  | "write_off"
  | "credit_applied"
  | "opening_balance";
export type LedgerAccount =
  "receivable" | "customer_credit" | "revenue" | "vat_output" | "cash" | "write_off";

export interface LedgerTransactionsTable {
  id: string;
  customer_id: string;
  kind: LedgerTransactionKind;
  document_id: string | null;
  payment_id: string | null;
  memo: Generated<string>;
  at: Timestamp;
  actor_type: string;
  actor_id: string | null;
}

export interface LedgerEntriesTable {
  id: Generated<bigint>;
  txn_id: string;
  customer_id: string;
  account: LedgerAccount;
  currency: string;
  amount: bigint;
}

export interface CustomerBalancesTable {
  customer_id: string;
  currency: string;
  receivable: Generated<bigint>;
  credit: Generated<bigint>;
  updated_at: Timestamp;
}

export interface DocumentFilesTable {
  document_id: string;
  format: "pdf" | "nav" | "ubl";
  content: Uint8Array;
  created_at: Timestamp;
}

export interface StatementRunsTable {
  customer_id: string;
  period: string;
  mail_id: string | null;
  created_at: Timestamp;
}

export type PaymentMethod = "card" | "transfer" | "cash" | "other";
export type PaymentSource = "gateway" | "bank" | "manual";

export interface PaymentsTable {
  id: string;
  customer_id: string;
  method: PaymentMethod;
  source: PaymentSource;
  gateway: string | null;
  external_id: string;
  currency: string;
  amount: bigint;
  refunded_amount: Generated<bigint>;
  received_on: LegalDate;
  payer: string | null;
  reference: string | null;
  note: string | null;
  flag: string | null;
  created_at: Timestamp;
  created_by: string | null;
}

export type RefundStatus = "pending" | "succeeded" | "failed";

export interface RefundsTable {
  id: string;
  payment_id: string;
  customer_id: string;
  currency: string;
  amount: bigint;
  method: "card" | "transfer" | "cash";
  status: RefundStatus;
  gateway_ref: string | null;
  reason: string;
  credit_note_ids: Generated<string[]>;
  failure: string | null;
  created_at: Timestamp;
  created_by: string | null;
}

export type CheckoutStatus =
  "created" | "pending" | "succeeded" | "failed" | "cancelled" | "expired";

export interface CheckoutsTable {
  id: string;
  customer_id: string;
  gateway: string;
  gateway_ref: string | null;
  status: CheckoutStatus;
  currency: string;
  amount: bigint;
  document_ids: string[];
  redirect_url: string | null;
  payment_id: string | null;
  failure: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GatewayNotificationsTable {
  id: string;
  gateway: string;
  received_at: Timestamp;
  signature_ok: boolean;
  event_id: string | null;
  gateway_ref: string | null;
  checkout_id: string | null;
  payload: string;
  outcome: string;
  flag: string | null;
}

export interface BankImportsTable {
  id: string;
  filename: string;
  format: string;
  sha256: string;
  status: "importing" | "complete";
  lines_total: Generated<number>;
  lines_new: Generated<number>;
  matched: Generated<number>;
  credited: Generated<number>;
  queued: Generated<number>;
  ignored: Generated<number>;
  warnings: Generated<unknown[]>;
  statements: Generated<unknown[]>;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  created_by: string | null;
}

export type BankLineState =
  "new" | "matched" | "credit" | "queued" | "ignored" | "assigned" | "dismissed";

export interface BankLinesTable {
  id: string;
  import_id: string;
  account: string;
  entry_key: string;
  booking_date: LegalDate;
  value_date: LegalDate | null;
  direction: "credit" | "debit";
  currency: string;
  amount: bigint;
  counterparty_name: string | null;
  counterparty_iban: string | null;
  counterparty_account: string | null;
  remittance: Generated<string>;
  structured_reference: string | null;
  bank_reference: string | null;
  reversal: Generated<boolean>;
  booked: Generated<boolean>;
  state: BankLineState;
  reason: string | null;
  candidates: Generated<unknown[]>;
  flags: Generated<unknown[]>;
  payment_id: string | null;
  decided_at: Timestamp | null;
  decided_by: string | null;
}

export interface PayerAccountsTable {
  customer_id: string;
  account: string;
  name: string | null;
  last_seen_at: Timestamp;
}

export type StatusNoticeKind = "maintenance" | "change" | "outage";
export type StatusNoticeSeverity = "info" | "warning" | "critical";
export type StatusNoticeStatus = "draft" | "published" | "resolved" | "cancelled";

/** Whom a status notice concerns: services of these products or on these servers (lower-case). */
export interface StatusNoticeTargetJson {
  productIds: string[];
  servers: string[];
}

export interface StatusNoticesTable {
  id: string;
  kind: StatusNoticeKind;
  severity: Generated<StatusNoticeSeverity>;
  title_hu: Generated<string>;
  title_en: Generated<string>;
  body_hu: Generated<string>;
  body_en: Generated<string>;
  starts_at: Timestamp;
  ends_at: Timestamp | null;
  status: StatusNoticeStatus;
  target: Json<StatusNoticeTargetJson>;
  revision: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  published_at: Timestamp | null;
  resolved_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface StatusNoticeRecipientsTable {
  notice_id: string;
  customer_id: string;
  created_at: Timestamp;
  mailed_at: Timestamp | null;
  mailed_revision: Generated<number>;
}

export interface DB {
  payments: PaymentsTable;
  refunds: RefundsTable;
  checkouts: CheckoutsTable;
  gateway_notifications: GatewayNotificationsTable;
  bank_imports: BankImportsTable;
  bank_lines: BankLinesTable;
  payer_accounts: PayerAccountsTable;
  settings: SettingsTable;
  vat_rates: VatRatesTable;
  vat_number_checks: VatNumberChecksTable;
  exchange_rates: ExchangeRatesTable;
  allocations: AllocationsTable;
  ledger_transactions: LedgerTransactionsTable;
  ledger_entries: LedgerEntriesTable;
  customer_balances: CustomerBalancesTable;
  document_files: DocumentFilesTable;
  statement_runs: StatementRunsTable;
  document_counters: DocumentCountersTable;
  users: UsersTable;
  sessions: SessionsTable;
  one_time_tokens: OneTimeTokensTable;
  login_throttles: LoginThrottlesTable;
  login_addresses: LoginAddressesTable;
  recovery_codes: RecoveryCodesTable;
  login_challenges: LoginChallengesTable;
  customers: CustomersTable;
  contacts: ContactsTable;
  notification_addresses: NotificationAddressesTable;
  manager_access: ManagerAccessTable;
  departments: DepartmentsTable;
  staff_departments: StaffDepartmentsTable;
  products: ProductsTable;
  product_prices: ProductPricesTable;
  services: ServicesTable;
  provisioning_tasks: ProvisioningTasksTable;
  service_renewals: ServiceRenewalsTable;
  orders: OrdersTable;
  service_reminders: ServiceRemindersTable;
  cancellation_requests: CancellationRequestsTable;
  billing_runs: BillingRunsTable;
  documents: DocumentsTable;
  document_lines: DocumentLinesTable;
  mail_outbox: MailOutboxTable;
  audit_log: AuditLogTable;
  status_notices: StatusNoticesTable;
  status_notice_recipients: StatusNoticeRecipientsTable;
}

export type UserRow = Selectable<UsersTable>;
export type CustomerRow = Selectable<CustomersTable>;
export type NewCustomer = Insertable<CustomersTable>;
export type ContactRow = Selectable<ContactsTable>;
export type ServiceRow = Selectable<ServicesTable>;
export type DocumentRow = Selectable<DocumentsTable>;
export type MailRow = Selectable<MailOutboxTable>;
export type PaymentRow = Selectable<PaymentsTable>;
export type CheckoutRow = Selectable<CheckoutsTable>;
export type RefundRow = Selectable<RefundsTable>;
export type BankLineRow = Selectable<BankLinesTable>;
export type BankImportRow = Selectable<BankImportsTable>;
export type UserUpdate = Updateable<UsersTable>;
