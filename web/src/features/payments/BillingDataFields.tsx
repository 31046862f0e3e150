import { List } from "@mantine/core";
import { useTranslation } from "react-i18next";

export const BILLING_DATA_FIELDS = [
  "legalName",
  "country",
  "postalCode",
  "city",
  "addressLine",
  "taxNumber",
] as const;

export type BillingDataField = (typeof BILLING_DATA_FIELDS)[number];

export function isBillingDataField(value: string): value is BillingDataField {
  return BILLING_DATA_FIELDS.some((field) => field === value);
}

/** The billing data an invoice still needs, by name ("Tax number", "City"). */
export function BillingDataFields({ missing }: { missing: readonly BillingDataField[] }) {
  const { t } = useTranslation();
  if (missing.length === 0) return null;
  return (
    <List size="sm" mt="xs">
      {missing.map((field) => (
        <List.Item key={field}>{t(`payments.billingFields.${field}`)}</List.Item>
      ))}
    </List>
  );
}
