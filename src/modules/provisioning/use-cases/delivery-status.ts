import type { Db } from "../../../platform/db/index.ts";
import {
  deliveredData,
  deliveryState,
  type DeliveryState,
  type ProvisioningAction,
  type TaskStatus,
} from "../domain/tasks.ts";
import { findServiceForProvisioning, tasksOfService } from "../repo.ts";

export interface DeliveryStatus {
  serviceId: string;
  /** What the customer is told. */
  state: DeliveryState;
  /** The latest task: what was asked, how far it is, when it was asked and finished. */
  action: ProvisioningAction | null;
  status: TaskStatus | null;
  requestedAt: Date | null;
  finishedAt: Date | null;
  /** What was delivered, public facts only (user name, control panel URL, …). */
  data: Record<string, string>;
}

/**
 * A service's delivery as its customer sees it. With `customerId`, someone else's service is
 * indistinguishable from none (null).
 */
export async function serviceDeliveryStatus(
  db: Db,
  serviceId: string,
  options: { customerId?: string } = {},
): Promise<DeliveryStatus | null> {
  const service = await findServiceForProvisioning(db, serviceId);
  if (!service) return null;
  if (options.customerId !== undefined && service.customer_id !== options.customerId) return null;
  const tasks = await tasksOfService(db, serviceId);
  const latest = tasks.at(-1);
  const required = service.provisioning_module !== null || latest !== undefined;
  return {
    serviceId,
    state: deliveryState(latest?.status ?? null, required, service.status === "pending"),
    action: latest?.action ?? null,
    status: latest?.status ?? null,
    requestedAt: latest?.created_at ?? null,
    finishedAt: latest?.finished_at ?? null,
    data: deliveredData(tasks),
  };
}
