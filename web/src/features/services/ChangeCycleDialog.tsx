import { Alert, Button, Group, Modal, Radio, Stack, Text } from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { useIsPhone } from "../../components/useIsPhone";
import { useFormat } from "../../i18n/format";
import { useCatalog } from "../order/api";
import type { BillingCycle, CatalogPrice, MyService } from "../order/types";
import { CYCLES, discountPercent, isCycle, sortedPrices } from "../order/money";
import { useChangeCycle } from "./api";
import { serviceName } from "./serviceText";

interface ChangeCycleDialogProps {
  service: MyService;
  opened: boolean;
  onClose: () => void;
}

/** The cycles the catalog offers for the service's product, with their prices. */
function useCycleOptions(service: MyService) {
  const catalog = useCatalog();
  const product = catalog.data?.items.find((item) => item.id === service.productId);
  const prices = product
    ? sortedPrices(product.prices, service.price.currency).filter(
        (price): price is CatalogPrice & { cycle: BillingCycle } => isCycle(price.cycle),
      )
    : [];
  return { isPending: catalog.isPending, prices };
}

/** Changes the billing cycle from the next period, at the catalog's price. */
export function ChangeCycleDialog({ service, opened, onClose }: ChangeCycleDialogProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const isPhone = useIsPhone();
  const change = useChangeCycle(service.id);
  const options = useCycleOptions(service);
  const current = service.nextCycle ?? service.billingCycle;
  const [cycle, setCycle] = useState<string>(current);
  const [error, setError] = useState<string | undefined>();

  const close = () => {
    change.reset();
    setError(undefined);
    onClose();
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!isCycle(cycle) || cycle === current) {
      setError(t("services.cycleChange.pickOther"));
      return;
    }
    setError(undefined);
    change.mutate(cycle);
  };

  const monthly = options.prices.find((price) => price.cycle === "monthly");
  const choices =
    options.prices.length > 0
      ? options.prices.map((price) => {
          const discount = discountPercent(price, monthly);
          return {
            cycle: price.cycle,
            description:
              format.money({ amount: price.amount, currency: price.currency }) +
              (discount === null ? "" : ` · ${t("order.discount", { percent: discount })}`),
          };
        })
      : CYCLES.map((value) => ({ cycle: value, description: null }));

  const result = change.data;
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("services.cycleChange.title", { name: serviceName(service) })}
      fullScreen={isPhone}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      {result ? (
        <Stack>
          <Alert color="teal" role="status">
            <Text fw={700} size="sm">
              {t("services.cycleChange.done", { cycle: t(`services.cycle.${result.cycle}`) })}
            </Text>
            <Text size="sm">
              {result.effectiveFrom === null
                ? t("services.cycleChange.doneNextPeriod", {
                    price: format.money(result.price),
                  })
                : t("services.cycleChange.doneFrom", {
                    date: format.date(result.effectiveFrom),
                    price: format.money(result.price),
                  })}
            </Text>
          </Alert>
          <Group justify="flex-end">
            <Button onClick={close}>{t("common.close")}</Button>
          </Group>
        </Stack>
      ) : options.isPending ? (
        <Loading />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text>
              {service.nextDueDate === null
                ? t("services.cycleChange.intro")
                : t("services.cycleChange.introFrom", {
                    date: format.date(service.nextDueDate),
                  })}
            </Text>
            <Radio.Group
              label={t("services.cycleChange.cycle")}
              value={cycle}
              error={error}
              onChange={setCycle}
            >
              <Stack gap="xs" mt="xs">
                {choices.map((choice) => (
                  <Radio
                    key={choice.cycle}
                    value={choice.cycle}
                    label={
                      choice.cycle === current
                        ? t("services.cycleChange.current", {
                            cycle: t(`services.cycle.${choice.cycle}`),
                          })
                        : t(`services.cycle.${choice.cycle}`)
                    }
                    description={choice.description}
                  />
                ))}
              </Stack>
            </Radio.Group>
            {change.isError && <ErrorAlert error={change.error} withServerMessage />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t("common.back")}
              </Button>
              <Button type="submit" loading={change.isPending}>
                {t("services.cycleChange.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
