import { Button, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { customerHomePath } from "../../app/permissions";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useSession } from "../auth/session";
import { useActAs } from "./api";

/** Roles that may act as a customer (the server: admins always, and the support role). */
const ACTING_ROLES = new Set(["admin", "support"]);

/**
 * "Act as customer" on a staff customer page (admin and support): opens the customer's portal
 * as the customer sees it; every action there is recorded as the staff member's.
 */
export function ActAsButton({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const actAs = useActAs();
  const role = session.data?.user.staffRole ?? null;
  if (role === null || !ACTING_ROLES.has(role)) return null;
  return (
    <Stack mb="md" align="flex-start" gap="xs">
      <Button
        variant="default"
        loading={actAs.isPending}
        onClick={() => {
          actAs.mutate(customerId, {
            onSuccess: (next) => {
              void navigate(customerHomePath(next.user));
            },
          });
        }}
      >
        {t("access.acting.start")}
      </Button>
      {actAs.isError && <ErrorAlert error={actAs.error} />}
    </Stack>
  );
}
