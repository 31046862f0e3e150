export {
  openPglite,
  openPostgres,
  type Database,
  type Db,
  type Tx,
  type RawExecutor,
} from "./connect.ts";
export { migrate, listMigrations, MIGRATIONS_DIR, type MigrationResult } from "./migrate.ts";
export { DataDirBusyError } from "./lock.ts";
export { copyRows, type CopyValue } from "./copy.ts";
export type * from "./schema.ts";
