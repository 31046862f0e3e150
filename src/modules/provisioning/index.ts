/**
 * Provisioning (I1, B3): provisioning modules (create, suspend, unsuspend, terminate, renew,
 * change plan) run as jobs with retries, failures kept for staff, a manual fulfilment queue, and
 * the delivery status customers see.
 */
export { defineProvisioningJobs } from "./jobs.ts";
export { PROVISIONING_RUN_JOB, PROVISIONING_RETRY_LIMIT } from "./constants.ts";
export { registerProvisioningRoutes } from "./routes.ts";
export {
  requestProvisioning,
  type ProvisioningRequest,
  type RequestedTask,
} from "./use-cases/request-provisioning.ts";
export { runProvisioningTask, type RunReport } from "./use-cases/run-task.ts";
export { retryTask } from "./use-cases/retry-task.ts";
export { completeManualTask } from "./use-cases/complete-manual-task.ts";
export { cancelTask } from "./use-cases/cancel-task.ts";
export { listTasks } from "./use-cases/list-tasks.ts";
export { serviceDeliveryStatus, type DeliveryStatus } from "./use-cases/delivery-status.ts";
export { configureProductProvisioning } from "./use-cases/configure-product.ts";
export {
  ProvisioningError,
  type ProvisioningContext,
  type ProvisioningModule,
  type ProvisioningResult,
  type RegisteredModule,
} from "./port.ts";
export { PROVISIONING_MODULES, MANUAL, findModule } from "./drivers/index.ts";
export { DEMO_HOSTING, DEFAULT_DELAY_SECONDS } from "./drivers/demo-hosting.ts";
export {
  PROVISIONING_ACTIONS,
  TASK_STATUSES,
  type DeliveryState,
  type ProvisioningAction,
  type TaskStatus,
} from "./domain/tasks.ts";
