import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";
import { eventually } from "./wait.ts";

export interface TestSmtp {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** SMTP connections accepted so far. */
  connections(): number;
  /** Waits (bounded) for a message matching the predicate. */
  waitFor(predicate: (m: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 that keeps every message it receives, parsed. */
export async function startSmtpServer(): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  let connections = 0;
  const server = new SMTPServer({
    authOptional: true,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    connections: () => connections,
    waitFor(predicate, timeoutMs = 15_000) {
      return eventually(
        `a matching mail (received ${messages.length})`,
        () => messages.find(predicate),
        {
          timeoutMs,
          intervalMs: 50,
        },
      );
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
