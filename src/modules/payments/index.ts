/**
 * Payments (issue 4, in progress): so far the pure parts — bank statement parsers (camt.053
 * .02/.04/.08, MT940, configurable CSV). Import, matching, card gateways, refunds and their
 * routes and tables are not built yet.
 */
export {
  detectFormat,
  parseStatementFile,
  decodeStatementBytes,
  type StatementFileOptions,
} from "./domain/statements/parse.ts";
export { StatementParseError } from "./domain/statements/errors.ts";
export type { ParsedStatement, StatementEntry } from "./domain/statements/model.ts";
