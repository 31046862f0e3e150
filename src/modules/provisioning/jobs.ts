import type { Deps } from "../../platform/context.ts";
import { RUN_LEASE_SECONDS } from "./domain/tasks.ts";
import {
  PROVISIONING_RETRY_DELAY_SECONDS,
  PROVISIONING_RETRY_LIMIT,
  PROVISIONING_RUN_JOB,
} from "./constants.ts";
import { runProvisioningTask } from "./use-cases/run-task.ts";

/**
 * Jobs of the provisioning module: `provisioning.run` calls the task's module (first run, every
 * retry with back-off, and each delayed check of a pending result).
 */
export function defineProvisioningJobs(deps: Deps): void {
  deps.jobs.define<{ taskId: string }>({
    name: PROVISIONING_RUN_JOB,
    retryLimit: PROVISIONING_RETRY_LIMIT,
    retryDelaySeconds: PROVISIONING_RETRY_DELAY_SECONDS,
    expireInSeconds: RUN_LEASE_SECONDS,
    concurrency: 2,
    handler: async (data, job) => {
      await runProvisioningTask(deps, data.taskId, {
        retryCount: job.retryCount,
        retryLimit: PROVISIONING_RETRY_LIMIT,
      });
    },
  });
}
