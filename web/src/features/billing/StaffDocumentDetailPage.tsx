import { Alert, Anchor, Button, Group, List, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";
import type {
  CreditNoteResult,
  DocumentRelations,
  Money,
  StaffDocumentDetail,
} from "../../api/types";
import { BackLink } from "../../components/BackLink";
import { DetailList } from "../../components/DetailList";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { Section } from "../../components/Section";
import { useFormat } from "../../i18n/format";
import { DocumentDetails } from "../invoices/DocumentDetails";
import { documentTitle } from "../invoices/documentKind";
import { isZero } from "../invoices/money";
import { WriteOffDialog } from "../staffPayments/WriteOffDialog";
import { exportPath, useStaffDocument } from "./api";
import { CancelProformaDialog } from "./CancelProformaDialog";
import { CreditNoteDialog } from "./CreditNoteDialog";
import { readIssuedState } from "./issuedState";

type Allocation = DocumentRelations["allocations"][number];

function documentPath(id: string): string {
  return `/staff/documents/${encodeURIComponent(id)}`;
}

function DocumentLink({ document }: { document: { id: string; number: string } }) {
  return (
    <Anchor component={Link} to={documentPath(document.id)}>
      {document.number}
    </Anchor>
  );
}

function Relations({ detail }: { detail: StaffDocumentDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { document: doc, relations } = detail;
  const items = [
    ...(doc.corrects === null
      ? []
      : [{ label: t("invoices.corrects"), value: <DocumentLink document={doc.corrects} /> }]),
    ...(relations.proforma === null
      ? []
      : [
          {
            label: t("billing.detail.proforma"),
            value: <DocumentLink document={relations.proforma} />,
          },
        ]),
    ...(relations.finalInvoice === null
      ? []
      : [
          {
            label: t("billing.detail.finalInvoice"),
            value: <DocumentLink document={relations.finalInvoice} />,
          },
        ]),
    ...(relations.supersededBy === null
      ? []
      : [
          {
            label: t("billing.detail.supersededBy"),
            value: <DocumentLink document={relations.supersededBy} />,
          },
        ]),
    ...(relations.corrections.length === 0
      ? []
      : [
          {
            label: t("billing.detail.corrections"),
            value: (
              <List size="sm" listStyleType="none" spacing={4}>
                {relations.corrections.map((correction) => (
                  <List.Item key={correction.id}>
                    <DocumentLink document={correction} />
                    {" · "}
                    {format.date(correction.issueDate)}
                    {" · "}
                    {format.money(correction.total)}
                  </List.Item>
                ))}
              </List>
            ),
          },
        ]),
    ...(relations.cancelReason === null
      ? []
      : [{ label: t("billing.detail.cancelReason"), value: relations.cancelReason }]),
  ];
  if (items.length === 0) return <Text>{t("billing.detail.noRelations")}</Text>;
  return <DetailList items={items} />;
}

function Settlement({ allocations }: { allocations: readonly Allocation[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns: Column<Allocation>[] = [
    { header: t("billing.detail.settledAt"), cell: (row) => format.dateTime(row.at) },
    {
      header: t("billing.detail.source"),
      cell: (row) =>
        row.source === "payment" && row.sourceId !== null ? (
          <Anchor component={Link} to={`/staff/payments/${encodeURIComponent(row.sourceId)}`}>
            {t(`billing.detail.sources.${row.source}`)}
          </Anchor>
        ) : (
          t(`billing.detail.sources.${row.source}`)
        ),
    },
    {
      header: t("billing.detail.amount"),
      cell: (row) => format.money(row.amount),
      numeric: true,
    },
  ];
  if (allocations.length === 0) return <Text>{t("billing.detail.noSettlement")}</Text>;
  return (
    <ResponsiveTable
      label={t("billing.detail.settlement")}
      rows={allocations}
      rowKey={(row, index) => `${row.at}:${index}`}
      columns={columns}
    />
  );
}

/** /staff/documents/:id — a document with its relations, exports and corrections. */
export function StaffDocumentDetailPage() {
  const { id = "" } = useParams();
  // A new page state (messages, dialogs) for each document, also when linked from one to another.
  return <DocumentPage key={id} id={id} />;
}

function DocumentPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const location = useLocation();
  const issued = readIssuedState(location.state);
  const detail = useStaffDocument(id);
  const [creditOpened, creditDialog] = useDisclosure(false);
  const [cancelOpened, cancelDialog] = useDisclosure(false);
  const [writeOffOpened, writeOffDialog] = useDisclosure(false);
  const [writtenOff, setWrittenOff] = useState<Money | null>(null);
  const [credited, setCredited] = useState<CreditNoteResult | null>(null);
  const [cancelled, setCancelled] = useState(false);

  return (
    <>
      <BackLink to="/staff/documents">{t("billing.detail.back")}</BackLink>
      <PageTitle>
        {detail.data ? documentTitle(t, detail.data.document) : t("invoices.detailFallbackTitle")}
      </PageTitle>
      <QueryContent query={detail}>
        {(data) => {
          const doc = data.document;
          const creditable = doc.kind === "invoice" && doc.status !== "cancelled";
          const cancellable =
            doc.kind === "proforma" && (doc.status === "open" || doc.status === "overdue");
          const writable =
            doc.kind === "invoice" &&
            (doc.status === "open" || doc.status === "overdue") &&
            !isZero(doc.due);
          return (
            <>
              {issued !== null && issued.id === doc.id && (
                <Alert color="teal" mb="md" role="status">
                  {t("billing.detail.issued", { number: issued.number })}
                </Alert>
              )}
              {credited !== null && (
                <Alert color="teal" mb="md" role="status">
                  <Text size="sm">
                    {t("billing.detail.credited")} <DocumentLink document={credited} />
                  </Text>
                  {credited.feeInvoice !== null && (
                    <Text size="sm">
                      {t("billing.detail.feeInvoiced")}{" "}
                      <DocumentLink document={credited.feeInvoice} />
                    </Text>
                  )}
                </Alert>
              )}
              {cancelled && (
                <Alert color="teal" mb="md" role="status">
                  {t("billing.detail.cancelled")}
                </Alert>
              )}
              {writtenOff !== null && (
                <Alert color="teal" mb="md" role="status">
                  {t("payments.writeOff.done", { amount: format.money(writtenOff) })}
                </Alert>
              )}
              <Text mb="md">
                {t("billing.detail.customer")}{" "}
                <Anchor
                  component={Link}
                  to={`/staff/customers/${encodeURIComponent(data.customerId)}`}
                >
                  {doc.buyer.name}
                </Anchor>
              </Text>
              <Group mb="md" gap="sm">
                <Button component="a" href={exportPath(doc.id, "pdf")} download variant="default">
                  {t("billing.detail.downloadPdf")}
                </Button>
                {doc.kind !== "proforma" && (
                  <>
                    <Button
                      component="a"
                      href={exportPath(doc.id, "ubl")}
                      download
                      variant="default"
                    >
                      {t("billing.detail.downloadUbl")}
                    </Button>
                    <Button
                      component="a"
                      href={exportPath(doc.id, "nav")}
                      download
                      variant="default"
                    >
                      {t("billing.detail.downloadNav")}
                    </Button>
                  </>
                )}
                {creditable && (
                  <Button onClick={creditDialog.open}>{t("billing.detail.creditNote")}</Button>
                )}
                {cancellable && (
                  <Button color="red.9" onClick={cancelDialog.open}>
                    {t("billing.detail.cancelProforma")}
                  </Button>
                )}
                {writable && (
                  <Button color="red.9" variant="outline" onClick={writeOffDialog.open}>
                    {t("payments.writeOff.open")}
                  </Button>
                )}
              </Group>
              <DocumentDetails document={doc} documentPath={documentPath} />
              <Section title={t("billing.detail.relations")}>
                <Relations detail={data} />
              </Section>
              <Section title={t("billing.detail.settlement")}>
                <Settlement allocations={data.relations.allocations} />
              </Section>
              {creditable && (
                <CreditNoteDialog
                  document={doc}
                  opened={creditOpened}
                  onClose={creditDialog.close}
                  onIssued={(result) => {
                    setCredited(result);
                    creditDialog.close();
                  }}
                />
              )}
              {writable && (
                <WriteOffDialog
                  id={doc.id}
                  number={doc.number}
                  due={doc.due}
                  opened={writeOffOpened}
                  onClose={writeOffDialog.close}
                  onWrittenOff={(amount) => {
                    setWrittenOff(amount);
                    writeOffDialog.close();
                  }}
                />
              )}
              {cancellable && (
                <CancelProformaDialog
                  id={doc.id}
                  number={doc.number}
                  opened={cancelOpened}
                  onClose={cancelDialog.close}
                  onCancelled={() => {
                    setCancelled(true);
                    cancelDialog.close();
                  }}
                />
              )}
            </>
          );
        }}
      </QueryContent>
    </>
  );
}
