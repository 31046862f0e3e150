import type { Service } from "../../api/types";
import { payPath } from "../payments/payable";

/** "Start tárhely – kovacsanna.hu", or the product alone. */
export function serviceName(service: Pick<Service, "productName" | "label">): string {
  return service.label === null ? service.productName : `${service.productName} – ${service.label}`;
}

/** Renewing is paying the open renewal document: the existing pay page, with it chosen. */
export function renewPath(documentId: string): string {
  return payPath([documentId]);
}
