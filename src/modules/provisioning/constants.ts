/** The job that calls a task's module: first run, retries with back-off, delayed checks. */
export const PROVISIONING_RUN_JOB = "provisioning.run";
/** Retries of one run job after a retryable failure (exponential back-off from 30 s). */
export const PROVISIONING_RETRY_LIMIT = 5;
export const PROVISIONING_RETRY_DELAY_SECONDS = 30;
