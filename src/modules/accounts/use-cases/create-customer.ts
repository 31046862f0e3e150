import type { Deps } from "../../../platform/context.ts";
import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Db } from "../../../platform/db/index.ts";
import { newId } from "../../../platform/ids.ts";
import { addLogin, hashPassword } from "../../auth/index.ts";
import { insertContact, insertCustomer } from "../repo.ts";

export interface CreateCustomerInput {
  kind: "company" | "person";
  name: string;
  legalName?: string;
  country: string;
  postalCode?: string;
  city?: string;
  addressLine?: string;
  taxNumber?: string | null;
  euVatNumber?: string | null;
  language: "hu" | "en";
  currency: string;
  contact: { name: string; email: string; phone?: string | null; password?: string | null };
}

/**
 * Creates a customer account with its primary (owner) contact and, when a password is given,
 * the contact's login — one transaction, one audit row per created thing.
 */
export async function createCustomer(
  deps: Pick<Deps, "db" | "clock">,
  input: CreateCustomerInput,
  actor: Actor,
): Promise<CreatedCustomer> {
  const passwordHash = input.contact.password ? await hashPassword(input.contact.password) : null;
  return deps.db
    .transaction()
    .execute((tx) => insertCustomerWithContact(tx, deps, input, passwordHash, actor));
}

export interface CreatedCustomer {
  customerId: string;
  code: string;
  contactId: string;
  userId: string | null;
}

/** The same inside the caller's transaction (imports and the demo create more with it). */
export async function insertCustomerWithContact(
  tx: Db,
  deps: Pick<Deps, "clock">,
  input: CreateCustomerInput,
  passwordHash: string | null,
  actor: Actor,
): Promise<CreatedCustomer> {
  const now = deps.clock.now();
  const customerId = newId("cus", now.getTime());
  const code = await insertCustomer(tx, {
    id: customerId,
    kind: input.kind,
    name: input.name,
    legalName: input.legalName ?? input.name,
    country: input.country.toUpperCase(),
    postalCode: input.postalCode ?? "",
    city: input.city ?? "",
    addressLine: input.addressLine ?? "",
    taxNumber: input.taxNumber ?? null,
    euVatNumber: input.euVatNumber ?? null,
    language: input.language,
    currency: input.currency,
    now,
  });
  const userId = passwordHash
    ? await addLogin(tx, deps, {
        email: input.contact.email,
        name: input.contact.name,
        passwordHash,
        language: input.language,
        staffRole: null,
      })
    : null;
  const contactId = newId("con", now.getTime());
  await insertContact(tx, {
    id: contactId,
    customerId,
    userId,
    name: input.contact.name,
    email: input.contact.email,
    phone: input.contact.phone ?? null,
    isPrimary: true,
    permissions: ["owner"],
    now,
  });
  await writeAudit(tx, deps.clock, actor, {
    action: "customer.created",
    subjectType: "customer",
    subjectId: customerId,
    customerId,
    data: { code, contactId, login: userId !== null },
  });
  return { customerId, code, contactId, userId };
}
