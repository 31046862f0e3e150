/** One incoming transfer on a generated statement. */
export interface StatementCredit {
  /** Decimal string, e.g. "12700.00". */
  amount: string;
  payerName: string;
  payerIban: string;
  remittance: string;
  /** The bank's own reference of the entry (AcctSvcrRef): what makes a line unique. */
  bankReference: string;
}

const escapeXml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Adds decimal strings exactly (in hundredths). */
function sum(amounts: readonly string[]): string {
  const cents = amounts.reduce((total, amount) => {
    const [whole = "0", fraction = ""] = amount.split(".");
    return total + BigInt(whole + fraction.padEnd(2, "0").slice(0, 2));
  }, 0n);
  const digits = cents.toString().padStart(3, "0");
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * A small, valid ISO 20022 camt.053.001.02 statement of one account and one day: booked
 * credits only, with the opening balance 0 and the closing balance their sum.
 */
export function camt053(options: {
  messageId: string;
  accountIban: string;
  currency: string;
  bookingDate: string;
  credits: readonly StatementCredit[];
}): string {
  const { messageId, accountIban, currency, bookingDate, credits } = options;
  const closing = sum(credits.map((credit) => credit.amount));
  const balance = (code: string, amount: string) => `
      <Bal>
        <Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp>
        <Amt Ccy="${currency}">${amount}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>${bookingDate}</Dt></Dt>
      </Bal>`;
  const entries = credits
    .map(
      (credit) => `
      <Ntry>
        <Amt Ccy="${currency}">${credit.amount}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>${bookingDate}</Dt></BookgDt>
        <ValDt><Dt>${bookingDate}</Dt></ValDt>
        <AcctSvcrRef>${escapeXml(credit.bankReference)}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <TxDtls>
            <RltdPties>
              <Dbtr><Nm>${escapeXml(credit.payerName)}</Nm></Dbtr>
              <DbtrAcct><Id><IBAN>${credit.payerIban}</IBAN></Id></DbtrAcct>
            </RltdPties>
            <RmtInf><Ustrd>${escapeXml(credit.remittance)}</Ustrd></RmtInf>
          </TxDtls>
        </NtryDtls>
      </Ntry>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr>
      <MsgId>${escapeXml(messageId)}</MsgId>
      <CreDtTm>${bookingDate}T18:00:00</CreDtTm>
    </GrpHdr>
    <Stmt>
      <Id>${escapeXml(messageId)}-1</Id>
      <CreDtTm>${bookingDate}T18:00:00</CreDtTm>
      <Acct><Id><IBAN>${accountIban}</IBAN></Id><Ccy>${currency}</Ccy></Acct>${balance("OPBD", "0.00")}${balance("CLBD", closing)}${entries}
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
}

/** A valid Hungarian IBAN (check digits computed) for a 24-digit account number. */
export function hungarianIban(account: string): string {
  if (!/^\d{24}$/.test(account)) throw new Error("A Hungarian account number has 24 digits");
  // ISO 13616: the account, then the country ("HU" = 17 30) and "00", modulo 97.
  const check = 98n - (BigInt(`${account}173000`) % 97n);
  return `HU${check.toString().padStart(2, "0")}${account}`;
}
