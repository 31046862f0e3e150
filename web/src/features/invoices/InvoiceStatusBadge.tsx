import { useTranslation } from "react-i18next";
import type { DocumentKind, InvoiceSummary } from "../../api/types";
import { StatusBadge, type Tone } from "../../components/StatusBadge";

const TONES: Record<InvoiceSummary["status"], Tone> = {
  open: "info",
  paid: "success",
  overdue: "danger",
  cancelled: "neutral",
};

/** A cancelled invoice was reversed by a storno; a cancelled proforma was withdrawn. */
export function InvoiceStatusBadge({
  status,
  kind,
}: {
  status: InvoiceSummary["status"];
  kind?: DocumentKind;
}) {
  const { t } = useTranslation();
  return (
    <StatusBadge tone={TONES[status]}>
      {kind === "proforma" && status === "cancelled"
        ? t("invoices.status.proformaCancelled")
        : t(`invoices.status.${status}`)}
    </StatusBadge>
  );
}
