import { Alert, Button, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { SessionUser } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useEndActing } from "./api";

/**
 * Shown on every page while a staff member acts as a customer: whose portal this is, that it is
 * recorded, and the way back to the customer's staff page.
 */
export function ActingBanner({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const customerId = user.customerId;
  // Back to the customer's staff page once the session without a customer is adopted.
  const end = useEndActing(() =>
    Promise.resolve(
      navigate(`/staff/customers/${encodeURIComponent(customerId ?? "")}`, { flushSync: true }),
    ),
  );
  if (user.via !== "staff" || customerId === null) return null;
  return (
    // A region, not an alert: it stays on every page and need not be announced on each.
    <Alert
      color="yellow.3"
      variant="filled"
      mb="md"
      role="region"
      aria-label={t("access.acting.label")}
    >
      <Group justify="space-between" gap="sm">
        <Text size="sm" fw={700} c="dark.9">
          {t("access.acting.text", { customer: user.customerName ?? customerId })}
        </Text>
        <Button
          size="compact-sm"
          variant="white"
          color="dark"
          loading={end.isPending}
          onClick={() => {
            end.mutate();
          }}
        >
          {t("access.acting.end")}
        </Button>
      </Group>
      {end.isError && <ErrorAlert error={end.error} />}
    </Alert>
  );
}
