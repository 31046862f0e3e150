import type { Deps } from "../../platform/context.ts";
import {
  MAIL_RETRY_LIMIT,
  SEND_MAIL_JOB,
  sendMailJob,
  type AttachmentRenderers,
  type SendMailJobData,
} from "./outbox.ts";

export {
  queueMail,
  outboxRow,
  enqueueMailJobs,
  MAIL_JOB_BATCH,
  type MailMessage,
  type AttachmentRenderers,
} from "./outbox.ts";
export { copyOutboxRows, outboxRowsSql, type OutboxRow } from "./repo.ts";
export { recipientsOf, recipientsFor, recipientsOfType } from "./recipients.ts";
export {
  NOTIFICATION_TYPES,
  MAIL_ROUTES,
  MAX_TARGETS_PER_TYPE,
  PERSONAL_MAIL_TYPES,
  isNotificationType,
  routeOf,
  type CustomerMailType,
  type NotificationType,
} from "./domain/routing.ts";
export { registerNotificationRoutes } from "./routes.ts";

export function defineNotificationJobs(deps: Deps, renderers: AttachmentRenderers = {}): void {
  deps.jobs.define<SendMailJobData>({
    name: SEND_MAIL_JOB,
    retryLimit: MAIL_RETRY_LIMIT,
    retryDelaySeconds: 20,
    concurrency: 2,
    handler: (data, job) => sendMailJob(deps, data, job, renderers),
  });
}
