import type { APIRequestContext, APIResponse } from "@playwright/test";
import { ACCOUNTS, account, apiLogIn, expect } from "./fixtures.ts";

/**
 * The staff API as the journeys use it to make their data (a proforma to pay): one login per
 * worker (the login route allows 10 attempts a minute per address), the CSRF token for writes.
 */
export interface StaffApi {
  get: <T>(path: string) => Promise<T>;
  post: <T>(path: string, data: unknown) => Promise<T>;
}

let client: Promise<StaffApi> | undefined;

async function json<T>(response: APIResponse, what: string): Promise<T> {
  expect(response.ok(), `${what}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

export function staffApi(newContext: () => Promise<APIRequestContext>): Promise<StaffApi> {
  client ??= (async () => {
    const request = await newContext();
    const login = account(ACCOUNTS.staffAdmin);
    const session = await apiLogIn(request, login);
    return {
      get: async <T>(path: string) => json<T>(await request.get(path), `GET ${path}`),
      post: async <T>(path: string, data: unknown) =>
        json<T>(
          await request.post(path, { data, headers: { "x-csrf-token": session.csrfToken } }),
          `POST ${path}`,
        ),
    };
  })();
  return client;
}

export interface Proforma {
  id: string;
  number: string;
  total: { amount: string; currency: string };
  paymentReference: string;
}

/** The id of a demo customer, by its exact name. */
export async function customerId(api: StaffApi, name: string): Promise<string> {
  const found = await api.get<{ items: { id: string; name: string }[] }>(
    `/api/staff/customers?q=${encodeURIComponent(name)}`,
  );
  const customer = found.items.find((item) => item.name === name);
  if (!customer) throw new Error(`No customer named ${name}`);
  return customer.id;
}

export interface Issued {
  id: string;
  number: string;
  total: { amount: string; currency: string };
}

/** Issues a HUF document of one line for the customer, as staff would on the Documents page. */
export async function issueDocument(
  api: StaffApi,
  kind: "proforma" | "invoice",
  customer: string,
  netUnitPrice: string,
): Promise<Issued & { paymentReference: string | null }> {
  const created = await api.post<{ id: string; number: string }>("/api/staff/documents", {
    kind,
    customerId: await customerId(api, customer),
    currency: "HUF",
    paymentMethod: "transfer",
    lines: [
      {
        description: "e2e: tárhely-bővítés",
        quantity: "1",
        unit: "piece",
        unitPrice: netUnitPrice,
        supply: "electronic",
      },
    ],
  });
  const detail = await api.get<{
    document: { total: Issued["total"]; paymentReference: string | null };
  }>(`/api/staff/documents/${created.id}`);
  return { ...created, ...detail.document };
}

/** Issues a HUF proforma of one line (with its RF payment reference) for the customer. */
export async function issueProforma(
  api: StaffApi,
  customer: string,
  netUnitPrice: string,
): Promise<Proforma> {
  const issued = await issueDocument(api, "proforma", customer, netUnitPrice);
  if (issued.paymentReference === null) throw new Error("The proforma has no reference");
  return {
    id: issued.id,
    number: issued.number,
    total: issued.total,
    paymentReference: issued.paymentReference,
  };
}
