import { z } from "zod";
import type { Db } from "../../platform/db/index.ts";
import { readSetting, writeSetting } from "../../platform/settings.ts";
import { DEFAULT_REMINDER_DAYS } from "./domain/reminders.ts";

const days = z.number().int();

/** The provider's lifecycle settings (C2–C4, overdue): defaults from the seed documents. */
export const lifecycleSettingsSchema = z
  .object({
    renewalLeadDays: days
      .min(0)
      .max(180)
      .default(14)
      .describe("days before the due date the renewal proforma (or invoice) is issued"),
    reminderDays: z
      .array(days.min(1).max(365))
      .max(10)
      .default([...DEFAULT_REMINDER_DAYS])
      .describe("days before expiry an expiry reminder is e-mailed (products may override)"),
    suspendAfterDays: days
      .min(0)
      .max(365)
      .default(14)
      .describe("days after the due date an unpaid service is suspended (domains expire instead)"),
    terminateAfterDays: days
      .min(1)
      .max(730)
      .default(60)
      .describe("days after the due date an unpaid suspended or expired service is terminated"),
    cancelUnpaidOrdersAfterDays: days
      .min(1)
      .max(365)
      .default(30)
      .describe("days after its proforma's due date an unpaid order is dropped"),
  })
  .refine((s) => s.terminateAfterDays > s.suspendAfterDays, {
    message: "terminateAfterDays must be greater than suspendAfterDays",
    path: ["terminateAfterDays"],
  })
  .meta({ id: "LifecycleSettings" });

export type LifecycleSettings = z.infer<typeof lifecycleSettingsSchema>;

export async function getLifecycleSettings(db: Db): Promise<LifecycleSettings> {
  return lifecycleSettingsSchema.parse((await readSetting(db, "lifecycle")) ?? {});
}

export async function saveLifecycleSettings(
  tx: Db,
  settings: LifecycleSettings,
  by: string | null,
  now: Date,
): Promise<void> {
  await writeSetting(tx, "lifecycle", lifecycleSettingsSchema.parse(settings), by, now);
}
