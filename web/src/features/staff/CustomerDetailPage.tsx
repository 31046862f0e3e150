import { Anchor, Button, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { CustomerDetail } from "../../api/types";
import { BackLink } from "../../components/BackLink";
import { DetailList } from "../../components/DetailList";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { Section } from "../../components/Section";
import { isLanguage } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { ActAsButton } from "../accounts/ActAsButton";
import { CustomerLedger } from "../billing/CustomerLedger";
import { exportPath } from "../billing/api";
import { VatNumberCheck } from "../billing/VatNumberCheck";
import { DocumentTable } from "../invoices/DocumentTable";
import { StaffBillingDataEdit } from "../profile/StaffBillingDataEdit";
import { StaffNotificationAddresses } from "../profile/StaffNotificationAddresses";
import { ServiceTable } from "../services/ServiceTable";
import { useCustomer } from "./api";

type Contact = CustomerDetail["contacts"][number];

export function CustomerDetailPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = "" } = useParams();
  const detail = useCustomer(id);
  const yesNo = (value: boolean) => (value ? t("common.yes") : t("common.no"));

  const contactColumns: Column<Contact>[] = [
    { header: t("staff.customer.contactName"), cell: (contact) => contact.name },
    {
      header: t("staff.customer.contactEmail"),
      cell: (contact) => <Anchor href={`mailto:${contact.email}`}>{contact.email}</Anchor>,
    },
    { header: t("staff.customer.contactPhone"), cell: (contact) => contact.phone ?? <NoValue /> },
    { header: t("staff.customer.primary"), cell: (contact) => yesNo(contact.isPrimary) },
    { header: t("staff.customer.hasLogin"), cell: (contact) => yesNo(contact.hasLogin) },
  ];

  return (
    <>
      <BackLink to="/staff/customers">{t("staff.customer.back")}</BackLink>
      <PageTitle>
        {detail.data ? detail.data.customer.name : t("staff.customer.fallbackTitle")}
      </PageTitle>
      <QueryContent query={detail}>
        {({ customer, contacts, services, invoices }) => (
          <>
            <ActAsButton customerId={customer.id} />
            <Section title={t("staff.customer.billing")}>
              <DetailList
                items={[
                  { label: t("staff.customers.code"), value: customer.code },
                  {
                    label: t("staff.customers.kindLabel"),
                    value: t(`staff.customers.kind.${customer.kind}`),
                  },
                  { label: t("staff.customer.legalName"), value: customer.legalName },
                  {
                    label: t("staff.customer.address"),
                    value: `${customer.postalCode} ${customer.city}, ${customer.addressLine}`,
                  },
                  { label: t("staff.customers.country"), value: format.country(customer.country) },
                  {
                    label: t("staff.customer.taxNumber"),
                    value: customer.taxNumber ?? <NoValue />,
                  },
                  {
                    label: t("staff.customer.euVatNumber"),
                    value: customer.euVatNumber ?? <NoValue />,
                  },
                  {
                    label: t("staff.customer.language"),
                    value: isLanguage(customer.language)
                      ? t(`language.${customer.language}`)
                      : customer.language,
                  },
                  { label: t("staff.customer.currency"), value: customer.currency },
                  {
                    label: t("staff.customers.createdAt"),
                    value: format.dateTime(customer.createdAt),
                  },
                ]}
              />
              <StaffBillingDataEdit customerId={customer.id} />
            </Section>
            <Section title={t("staff.customer.contacts")}>
              {contacts.length === 0 ? (
                <Text>{t("staff.customer.noContacts")}</Text>
              ) : (
                <ResponsiveTable
                  label={t("staff.customer.contacts")}
                  rows={contacts}
                  rowKey={(contact) => contact.id}
                  columns={contactColumns}
                />
              )}
            </Section>
            <Section title={t("profileNotifications.title")}>
              <StaffNotificationAddresses customerId={customer.id} />
            </Section>
            <Section title={t("staff.customer.services")}>
              {services.length === 0 ? (
                <Text>{t("staff.customer.noServices")}</Text>
              ) : (
                <ServiceTable services={services} linked={false} />
              )}
            </Section>
            <Section title={t("staff.customer.invoices")}>
              <Group mb="sm" gap="sm">
                <Button
                  component={Link}
                  to={`/staff/documents/new?customerId=${encodeURIComponent(customer.id)}`}
                >
                  {t("billing.documents.new")}
                </Button>
                <Button
                  component={Link}
                  variant="default"
                  to={`/staff/documents?customerId=${encodeURIComponent(customer.id)}`}
                >
                  {t("staff.customer.allDocuments")}
                </Button>
              </Group>
              {invoices.length === 0 ? (
                <Text>{t("staff.customer.noInvoices")}</Text>
              ) : (
                <DocumentTable
                  documents={invoices}
                  detailPath={(document) => `/staff/documents/${encodeURIComponent(document.id)}`}
                  pdfPath={(document) => exportPath(document.id, "pdf")}
                />
              )}
            </Section>
            <Section title={t("payments.staff.title")}>
              <Group gap="sm">
                <Button
                  component={Link}
                  to={`/staff/payments/new?customerId=${encodeURIComponent(customer.id)}`}
                >
                  {t("payments.staff.new")}
                </Button>
                <Button
                  component={Link}
                  variant="default"
                  to={`/staff/payments?customerId=${encodeURIComponent(customer.id)}`}
                >
                  {t("payments.staff.ofCustomer")}
                </Button>
              </Group>
            </Section>
            <Section title={t("billing.ledger.title")}>
              <CustomerLedger customerId={customer.id} />
            </Section>
            <Section title={t("billing.vatCheck.title")}>
              <VatNumberCheck customerId={customer.id} vatNumber={customer.euVatNumber} />
            </Section>
            <Section title={t("audit.staff.title")}>
              <Button
                component={Link}
                variant="default"
                to={`/staff/audit?customerId=${encodeURIComponent(customer.id)}`}
              >
                {t("audit.staff.customerLink")}
              </Button>
            </Section>
          </>
        )}
      </QueryContent>
    </>
  );
}
