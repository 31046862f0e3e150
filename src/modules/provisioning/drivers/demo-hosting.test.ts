import { describe, expect, it } from "vitest";
import { ProvisioningError, type ProvisioningContext } from "../port.ts";
import { demoHostingModule, usernameFor } from "./demo-hosting.ts";

const NOW = new Date("2026-11-23T10:00:00Z");

function context(o: Partial<ProvisioningContext> = {}): ProvisioningContext {
  return {
    taskId: "ptk_x",
    serviceId: "svc_01m849r0c0c8v8dj3t03dk5543",
    customerId: "cus_x",
    productCode: "hosting-start",
    label: "kávézó.hu",
    billingCycle: "monthly",
    settings: {},
    attempt: 1,
    state: null,
    now: NOW,
    ...o,
  };
}

describe("demo user names", () => {
  it.each<[string | null, string]>([
    ["kávézó.hu", "kavezo"],
    ["www.Example-Shop.com", "examples"],
    ["https://árvíztűrő.hu", "arviztur"],
    ["2fast.hu", "u2fast"],
    ["a.hu", "a"],
    ["---.hu", "u3dk5543"],
    [null, "u3dk5543"],
  ])("%s → %s", (label, username) => {
    expect(usernameFor(label, "svc_01m849r0c0c8v8dj3t03dk5543")).toBe(username);
  });
});

describe("demo_hosting", () => {
  it("creates the account after the default 20 s: pending first, done when checked again", async () => {
    const first = await demoHostingModule.create(context());
    expect(first).toEqual({
      pending: true,
      checkAgainInSeconds: 20,
      state: { readyAt: "2026-11-23T10:00:20.000Z" },
    });
    const state = "state" in first ? (first.state ?? null) : null;

    const early = await demoHostingModule.create(
      context({ attempt: 2, state, now: new Date(NOW.getTime() + 15_000) }),
    );
    expect(early).toMatchObject({ pending: true, checkAgainInSeconds: 5 });

    const later = await demoHostingModule.create(
      context({ attempt: 3, state, now: new Date(NOW.getTime() + 20_000) }),
    );
    expect(later).toEqual({
      done: true,
      data: {
        username: "kavezo",
        domain: "kávézó.hu",
        server: "web1.demo.kapu.test",
        panelUrl: "https://panel.demo.kapu.test:2083",
        plan: "hosting-start",
      },
    });
  });

  it("takes its delay, panel and server from the product's settings", async () => {
    const settings = { delaySeconds: 0, panelUrl: "https://cp.example.hu", server: "s9" };
    expect(demoHostingModule.checkSettings?.(settings)).toBeNull();
    const result = await demoHostingModule.create(context({ settings }));
    expect(result).toMatchObject({
      done: true,
      data: { panelUrl: "https://cp.example.hu", server: "s9" },
    });
  });

  it("refuses settings it cannot use, naming the field", async () => {
    expect(demoHostingModule.checkSettings?.({ delaySeconds: -1 })).toContain("delaySeconds");
    expect(demoHostingModule.checkSettings?.({ panelUrl: "not a url" })).toContain("panelUrl");
    await expect(
      demoHostingModule.create(context({ settings: { delaySeconds: "soon" } })),
    ).rejects.toMatchObject({ name: "ProvisioningError", retryable: false });
  });

  it("fails permanently for a label containing fail-provisioning", async () => {
    const error = await demoHostingModule
      .create(context({ label: "fail-provisioning.hu" }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisioningError);
    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).toContain("refused");
  });

  it("fails retryably on the first call only for a label containing flaky-provisioning", async () => {
    await expect(
      demoHostingModule.create(context({ label: "flaky-provisioning.hu", attempt: 1 })),
    ).rejects.toMatchObject({ retryable: true });
    await expect(
      demoHostingModule.create(context({ label: "flaky-provisioning.hu", attempt: 2 })),
    ).resolves.toMatchObject({ pending: true });
  });

  it("does the other actions at once", async () => {
    for (const method of ["suspend", "unsuspend", "terminate", "renew"] as const) {
      await expect(demoHostingModule[method](context())).resolves.toEqual({ done: true });
    }
    await expect(
      demoHostingModule.changePlan(context({ productCode: "hosting-pro" })),
    ).resolves.toEqual({ done: true, data: { plan: "hosting-pro" } });
  });
});
