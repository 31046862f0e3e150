import { Box, Text, Title } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { useCatalog } from "./api";
import { needsDomain, type Cart, type DomainChoice } from "./cart";
import type { CatalogPrice, CatalogProduct, OrderResult } from "./types";
import { DomainStep } from "./DomainStep";
import { MyOrders } from "./MyOrders";
import { OrderPlaced } from "./OrderPlaced";
import { PlanStep } from "./PlanStep";
import { ReviewStep } from "./ReviewStep";

type Step = "plan" | "domain" | "review" | "placed";

/** The steps as the customer counts them ("Step 2 of 3"): no domain step without a domain. */
function stepsOf(cart: Cart | null): Exclude<Step, "placed">[] {
  return cart !== null && !needsDomain(cart.product)
    ? ["plan", "review"]
    : ["plan", "domain", "review"];
}

/** The step's h2, focused when the step changes so that screen readers start there. */
function StepHeading({ step, cart }: { step: Step; cart: Cart | null }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    ref.current?.focus();
  }, [step]);
  const steps = stepsOf(cart);
  const index = step === "placed" ? -1 : steps.indexOf(step);
  return (
    <Box mb="md">
      {index >= 0 && (
        <Text size="sm" c="dimmed">
          {t("order.stepOf", { step: index + 1, total: steps.length })}
        </Text>
      )}
      <Title order={2} size="h3" ref={ref} tabIndex={-1} style={{ outline: "none" }}>
        {t(`order.steps.${step}`)}
      </Title>
    </Box>
  );
}

/** /order: pick a plan → check the domain → review → pay by card or take the proforma. */
export function OrderPage() {
  const { t } = useTranslation();
  const catalog = useCatalog();
  const [step, setStep] = useState<Step>("plan");
  const [cart, setCart] = useState<Cart | null>(null);
  const [order, setOrder] = useState<OrderResult | null>(null);

  const choosePlan = (product: CatalogProduct, cycle: CatalogPrice["cycle"]) => {
    const keepDomain = cart?.domain ?? null;
    const next: Cart = { product, cycle, domain: needsDomain(product) ? keepDomain : null };
    setCart(next);
    setStep(needsDomain(product) ? "domain" : "review");
  };

  const chooseDomainOnly = () => {
    setCart({
      product: null,
      cycle: "annual",
      domain: cart?.product === null ? cart.domain : null,
    });
    setStep("domain");
  };

  const chooseDomain = (domain: DomainChoice) => {
    setCart((previous) => (previous === null ? previous : { ...previous, domain }));
    setStep("review");
  };

  return (
    <>
      <PageTitle>{t("order.title")}</PageTitle>
      <QueryContent query={catalog}>
        {({ items }) => (
          <>
            <StepHeading step={step} cart={cart} />
            {step === "plan" && (
              <PlanStep
                catalog={items}
                chosen={
                  cart === null ? null : { productId: cart.product?.id ?? null, cycle: cart.cycle }
                }
                onChoose={choosePlan}
                onDomainOnly={chooseDomainOnly}
              />
            )}
            {step === "plan" && <MyOrders />}
            {step === "domain" && cart !== null && (
              <DomainStep
                catalog={items}
                plan={cart.product}
                cycle={cart.cycle}
                chosen={cart.domain}
                onBack={() => {
                  setStep("plan");
                }}
                onChoose={chooseDomain}
              />
            )}
            {step === "review" && cart !== null && (
              <ReviewStep
                cart={cart}
                catalog={items}
                onBack={() => {
                  setStep(needsDomain(cart.product) ? "domain" : "plan");
                }}
                onPlaced={(placed) => {
                  setOrder(placed);
                  setStep("placed");
                }}
              />
            )}
            {step === "placed" && order !== null && <OrderPlaced order={order} />}
          </>
        )}
      </QueryContent>
    </>
  );
}
