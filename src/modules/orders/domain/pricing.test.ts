import { describe, expect, it } from "vitest";
import { OrderPricingError, priceOrder, type OrderItem, type PricedProduct } from "./pricing.ts";

const start: PricedProduct = {
  id: "prd_start",
  kind: "hosting",
  name: "Start",
  tld: null,
  freeDomainTlds: ["hu"],
  prices: [
    { cycle: "monthly", amount: 149000n, setupFee: 0n, registerAmount: null, transferAmount: null },
    {
      cycle: "annual",
      amount: 1490000n,
      setupFee: 500000n,
      registerAmount: null,
      transferAmount: null,
    },
  ],
};
const hu: PricedProduct = {
  id: "prd_hu",
  kind: "domain",
  name: ".hu domain",
  tld: "hu",
  freeDomainTlds: [],
  prices: [
    { cycle: "annual", amount: 400000n, setupFee: 0n, registerAmount: 350000n, transferAmount: 0n },
  ],
};
const com: PricedProduct = {
  ...hu,
  id: "prd_com",
  name: ".com domain",
  tld: "com",
  prices: [
    { cycle: "annual", amount: 500000n, setupFee: 0n, registerAmount: null, transferAmount: null },
  ],
};
const domain = (name: string, action: "register" | "transfer" | "existing" = "register") => ({
  name,
  tld: name.split(".").slice(1).join("."),
  action,
});

describe("pricing an order", () => {
  const cases: [
    string,
    OrderItem[],
    { first: bigint[]; renewal: bigint[]; setup: bigint[]; free: boolean[] },
  ][] = [
    [
      "Start yearly with a .hu: the domain's first year is free, it renews at its price",
      [
        { product: start, cycle: "annual", domain: domain("pek.hu", "existing") },
        { product: hu, cycle: "annual", domain: domain("pek.hu") },
      ],
      {
        first: [1490000n, 0n],
        renewal: [1490000n, 400000n],
        setup: [500000n, 0n],
        free: [false, true],
      },
    ],
    [
      "Start monthly: no free domain",
      [
        { product: start, cycle: "monthly", domain: null },
        { product: hu, cycle: "annual", domain: domain("pek.hu") },
      ],
      {
        first: [149000n, 350000n],
        renewal: [149000n, 400000n],
        setup: [0n, 0n],
        free: [false, false],
      },
    ],
    [
      "a .com is not included in Start",
      [
        { product: start, cycle: "annual", domain: null },
        { product: com, cycle: "annual", domain: domain("pek.com") },
      ],
      {
        first: [1490000n, 500000n],
        renewal: [1490000n, 500000n],
        setup: [500000n, 0n],
        free: [false, false],
      },
    ],
    [
      "one free domain per plan",
      [
        { product: start, cycle: "annual", domain: null },
        { product: hu, cycle: "annual", domain: domain("a.hu") },
        { product: hu, cycle: "annual", domain: domain("b.hu") },
      ],
      {
        first: [1490000n, 0n, 350000n],
        renewal: [1490000n, 400000n, 400000n],
        setup: [500000n, 0n, 0n],
        free: [false, true, false],
      },
    ],
    [
      "a transfer is never the free one, and costs its transfer price",
      [
        { product: start, cycle: "annual", domain: null },
        { product: hu, cycle: "annual", domain: domain("c.hu", "transfer") },
      ],
      {
        first: [1490000n, 0n],
        renewal: [1490000n, 400000n],
        setup: [500000n, 0n],
        free: [false, false],
      },
    ],
  ];
  for (const [label, items, want] of cases)
    it(label, () => {
      const p = priceOrder(items);
      expect(p.map((x) => x.firstPrice)).toEqual(want.first);
      expect(p.map((x) => x.renewalPrice)).toEqual(want.renewal);
      expect(p.map((x) => x.setupFee)).toEqual(want.setup);
      expect(p.map((x) => x.free)).toEqual(want.free);
    });

  const errors: [string, OrderItem[], string][] = [
    [
      "a cycle not offered",
      [{ product: start, cycle: "biennial", domain: null }],
      "orders.price_not_offered",
    ],
    [
      "a domain product without a name",
      [{ product: hu, cycle: "annual", domain: null }],
      "orders.domain_required",
    ],
    [
      "a .com name on the .hu product",
      [{ product: hu, cycle: "annual", domain: domain("x.com") }],
      "orders.tld_mismatch",
    ],
  ];
  for (const [label, items, code] of errors)
    it(`refuses ${label}`, () => {
      expect(() => priceOrder(items)).toThrow(OrderPricingError);
      try {
        priceOrder(items);
      } catch (e) {
        expect((e as OrderPricingError).code).toBe(code);
      }
    });
});
