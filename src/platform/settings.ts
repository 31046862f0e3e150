import type { Db } from "./db/index.ts";

/**
 * The provider's settings: one JSON value per key in `settings` (invoicing, seller, lifecycle …).
 * Each module validates its own keys with its schema; this is only their storage.
 */
export async function readSetting(db: Db, key: string): Promise<unknown> {
  const row = await db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", key)
    .executeTakeFirst();
  return row?.value;
}

export async function writeSetting(
  tx: Db,
  key: string,
  value: unknown,
  by: string | null,
  now: Date,
): Promise<void> {
  const json = JSON.stringify(value);
  await tx
    .insertInto("settings")
    .values({ key, value: json, updated_at: now, updated_by: by })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({ value: json, updated_at: now, updated_by: by }),
    )
    .execute();
}
