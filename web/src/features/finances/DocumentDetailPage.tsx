import { Button, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { BackLink } from "../../components/BackLink";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { DocumentDetails } from "../invoices/DocumentDetails";
import { documentTitle } from "../invoices/documentKind";
import { isPayable, payPath } from "../payments/payable";
import { myDocumentPdfPath, useMyDocument } from "./api";

/** /finances/documents/:id — the page the document e-mails link to. */
export function DocumentDetailPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const document = useMyDocument(id);

  return (
    <>
      <BackLink to="/finances/documents">{t("invoices.back")}</BackLink>
      <PageTitle>
        {document.data ? documentTitle(t, document.data) : t("invoices.detailFallbackTitle")}
      </PageTitle>
      <QueryContent query={document}>
        {(data) => (
          <>
            <Group mb="md">
              {isPayable(data) && (
                <Button component={Link} to={payPath([data.id])}>
                  {t("payments.payButton")}
                </Button>
              )}
              <Button
                component="a"
                href={myDocumentPdfPath(data.id)}
                download
                variant={isPayable(data) ? "default" : "filled"}
              >
                {t("invoices.downloadPdf")}
              </Button>
            </Group>
            <DocumentDetails
              document={data}
              documentPath={(other) => `/finances/documents/${encodeURIComponent(other)}`}
            />
          </>
        )}
      </QueryContent>
    </>
  );
}
