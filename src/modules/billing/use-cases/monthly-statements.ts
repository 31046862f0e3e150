import { addDays, addMonths, startOfDayInZone } from "../../../platform/clock.ts";
import type { Deps } from "../../../platform/context.ts";
import { Money } from "../../../platform/money/index.ts";
import { queueMail, recipientsFor } from "../../notifications/index.ts";
import { statementMail } from "../mails.ts";
import { claimStatementRun, customersForStatements } from "../repo.ts";
import { getInvoicingSettings } from "../settings.ts";
import { buildStatement } from "./statement.ts";

export const STATEMENTS_JOB = "billing.monthly-statements";

/**
 * E-mails the account statement of a month (YYYY-MM) to every customer with movements in it or
 * an open balance, per currency, with the PDF attached (rendered by the mail job). Each customer,
 * currency and month is claimed once (statement_runs), so a retried or repeated run sends
 * nothing twice and a crashed run finishes the rest.
 */
export async function sendMonthlyStatements(
  deps: Pick<Deps, "db" | "clock" | "config" | "jobs">,
  month: string,
): Promise<{ sent: number; skipped: number }> {
  const settings = await getInvoicingSettings(deps.db);
  if (!settings.monthlyStatements) return { sent: 0, skipped: 0 };
  const from = `${month}-01`;
  const to = addDays(addMonths(from, 1), -1);
  const tz = deps.config.timeZone;
  const targets = await customersForStatements(
    deps.db,
    startOfDayInZone(from, tz),
    startOfDayInZone(addDays(to, 1), tz),
  );
  let sent = 0;
  let skipped = 0;
  for (const t of targets) {
    const currency = t.currency === "EUR" ? "EUR" : "HUF";
    const statement = await buildStatement(deps.db, deps, {
      customerId: t.customer_id,
      currency,
      from,
      to,
    });
    const queued = await deps.db.transaction().execute(async (tx) => {
      if (!(await claimStatementRun(tx, t.customer_id, `${month}:${currency}`, deps.clock.now())))
        return false;
      const lang = statement.language;
      const closing = Money.of(statement.closingBalance, currency).format(
        lang === "hu" ? "hu-HU" : "en-GB",
      );
      const mail = statementMail(lang, {
        period: month,
        closing,
        link: `${deps.config.baseUrl}/finances/statement`,
      });
      for (const address of await recipientsFor(tx, "billing.statement", t.customer_id)) {
        await queueMail(tx, deps, {
          type: "billing.statement",
          language: lang,
          to: address,
          subject: mail.subject,
          text: mail.text,
          customerId: t.customer_id,
          attachments: [
            {
              kind: "statement_pdf",
              customerId: t.customer_id,
              currency,
              from,
              to: statement.to,
              filename: `statement-${statement.customerCode}-${month}-${currency}.pdf`,
            },
          ],
        });
      }
      return true;
    });
    if (queued) sent += 1;
    else skipped += 1;
  }
  return { sent, skipped };
}
