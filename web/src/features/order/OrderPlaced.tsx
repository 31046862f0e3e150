import { Alert, Button, Group, List, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../i18n/format";
import { payPath } from "../payments/payable";
import type { OrderResult } from "./types";

/** After ordering: pay the proforma by card now, or take it and pay by transfer. */
export function OrderPlaced({ order }: { order: OrderResult }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Stack>
      <Alert color="teal" role="status">
        <Text fw={700} size="sm">
          {t("order.placed.title", { number: order.documentNumber })}
        </Text>
        <Text size="sm">{t("order.placed.total", { amount: format.money(order.total) })}</Text>
        {order.services.length > 0 && (
          <List size="sm" mt="xs">
            {order.services.map((service) => (
              <List.Item key={service.id}>
                {service.name === null ? service.product : `${service.product} – ${service.name}`}
              </List.Item>
            ))}
          </List>
        )}
      </Alert>
      <Text>{t("order.placed.next")}</Text>
      <Group>
        <Button component={Link} to={payPath([order.documentId])}>
          {t("order.placed.payByCard")}
        </Button>
        <Button
          component={Link}
          to={`/finances/documents/${encodeURIComponent(order.documentId)}`}
          variant="default"
        >
          {t("order.placed.payByTransfer")}
        </Button>
      </Group>
      <Text size="sm">{t("order.placed.delivery")}</Text>
    </Stack>
  );
}
