import { useTranslation } from "react-i18next";
import type { InvoiceSummary } from "../../api/types";
import { StatusBadge, type Tone } from "../../components/StatusBadge";

const TONES: Record<InvoiceSummary["status"], Tone> = {
  open: "info",
  paid: "success",
  overdue: "danger",
  cancelled: "neutral",
};

export function InvoiceStatusBadge({ status }: { status: InvoiceSummary["status"] }) {
  const { t } = useTranslation();
  return <StatusBadge tone={TONES[status]}>{t(`invoices.status.${status}`)}</StatusBadge>;
}
