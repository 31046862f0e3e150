/**
 * Payments (issue 4, in progress): so far the pure parts — bank statement parsers (camt.053
 * .02/.04/.08, MT940, configurable CSV) and the matching rules (references, also mistyped by
 * one character, then amount + payer; splits, partial and over-payments). The import use case,
 * card gateways, refunds, their routes and tables are not built yet.
 */
export {
  detectFormat,
  parseStatementFile,
  decodeStatementBytes,
  type StatementFileOptions,
} from "./domain/statements/parse.ts";
export { StatementParseError } from "./domain/statements/errors.ts";
export type { ParsedStatement, StatementEntry } from "./domain/statements/model.ts";
export {
  buildReferenceIndex,
  buildMatchContext,
  decideMatch,
  decideMatches,
  extractReferences,
  type MatchDecision,
  type MatchDocument,
  type MatchLine,
  type CustomerIdentity,
} from "./domain/matching.ts";
