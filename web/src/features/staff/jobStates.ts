import type { JobState } from "../../api/types";

export const JOB_STATES = [
  "created",
  "retry",
  "active",
  "completed",
  "failed",
  "cancelled",
] as const satisfies readonly JobState[];

/** Narrows a string (URL parameter, list item) to a known pg-boss job state. */
export function isJobState(value: string | null): value is JobState {
  return JOB_STATES.some((state) => state === value);
}
