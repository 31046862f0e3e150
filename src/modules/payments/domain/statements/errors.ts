import { AppError } from "../../../../platform/errors.ts";
import type { StatementFamily } from "./model.ts";

/** Where a statement file is wrong: a line (and column) and, for XML, the element path. */
export interface StatementErrorPosition {
  line?: number | undefined;
  column?: number | undefined;
  path?: string | undefined;
}

function describe(position: StatementErrorPosition): string {
  const lineColumn =
    position.line === undefined
      ? undefined
      : position.column === undefined
        ? `line ${position.line}`
        : `line ${position.line}, column ${position.column}`;
  if (position.path !== undefined && lineColumn !== undefined)
    return `${position.path} (${lineColumn})`;
  return position.path ?? lineColumn ?? "file";
}

/**
 * A statement file that cannot be read: malformed, truncated, unsupported or missing a required
 * value. 422 with the location as the field path, so the upload page can show it as it is.
 */
export class StatementParseError extends AppError {
  readonly format: StatementFamily | null;
  /** `line 12, column 5`, `/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt (line 90, column 17)`. */
  readonly location: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly path: string | null;
  /** The message without the location prefix. */
  readonly reason: string;

  constructor(format: StatementFamily | null, position: StatementErrorPosition, reason: string) {
    const location = describe(position);
    super("payments.statement_invalid", 422, `${location}: ${reason}`, {
      errors: [{ path: location, message: reason }],
    });
    this.name = "StatementParseError";
    this.format = format;
    this.location = location;
    this.line = position.line ?? null;
    this.column = position.column ?? null;
    this.path = position.path ?? null;
    this.reason = reason;
  }
}
