import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A local stand-in for the EU Commission's VIES REST API (a real HTTP server on 127.0.0.1, port
 * chosen by the OS), for tests of the VIES client and of whatever checks VAT numbers.
 *
 * It implements `POST {url}/check-vat-number` with a JSON body `{countryCode, vatNumber,
 * requesterMemberStateCode?, requesterNumber?}` and answers like VIES does: `{countryCode,
 * vatNumber, requestDate, valid, requestIdentifier, name, address, …}`, with "---" for an
 * undisclosed name or address, an empty requestIdentifier unless the requester's own VAT number
 * was sent, and `{actionSucceed: false, errorWrappers: [{error: "INVALID_INPUT"}]}` with HTTP 400
 * for a malformed request. Numbers not in the table are answered as not valid.
 *
 * Failure modes (setMode) make it misbehave the ways the real service does.
 */

export interface FakeViesEntry {
  valid: boolean;
  /** null → "---" (not disclosed, as Germany does). */
  name?: string | null;
  address?: string | null;
}

export type FakeViesMode =
  /** Answers from the table. */
  | { kind: "normal" }
  /** HTTP 200 with `valid: false` and `userError` set, e.g. MS_UNAVAILABLE, TIMEOUT. */
  | { kind: "user_error"; code: string }
  /** `{actionSucceed: false, errorWrappers: [{error: code, message}]}` with the given status. */
  | { kind: "error_wrapper"; code: string; status: number }
  /** A bare HTTP error (an HTML page, as a gateway in front of VIES sends). */
  | { kind: "http_error"; status: number }
  /** Reads the request and never answers: the client's timeout must end it. */
  | { kind: "hang" }
  /** HTTP 200, application/json, but the body is not JSON. */
  | { kind: "malformed" }
  /** Destroys the connection without an answer. */
  | { kind: "reset" };

/** Shorthands for the common modes. */
export type FakeViesModeName = "normal" | "unavailable" | "503" | "hang" | "malformed" | "reset";

export interface FakeViesRequest {
  countryCode: unknown;
  vatNumber: unknown;
  requesterMemberStateCode?: unknown;
  requesterNumber?: unknown;
}

export interface FakeVies {
  /** The REST API base URL; the client appends /check-vat-number. */
  url: string;
  /** Requests received on /check-vat-number (in any mode). */
  readonly requests: number;
  /** Their parsed bodies (null when not JSON), oldest first. */
  readonly received: readonly (FakeViesRequest | null)[];
  setMode(mode: FakeViesMode | FakeViesModeName): void;
  /** Adds or replaces a number in the table, e.g. set("HU", "12345676", { valid: true }). */
  set(countryCode: string, vatNumber: string, entry: FakeViesEntry): void;
  /** Stops the server and ends every open connection (hanging ones included). */
  close(): Promise<void>;
}

const SHORTHANDS: Record<FakeViesModeName, FakeViesMode> = {
  normal: { kind: "normal" },
  unavailable: { kind: "user_error", code: "MS_UNAVAILABLE" },
  "503": { kind: "http_error", status: 503 },
  hang: { kind: "hang" },
  malformed: { kind: "malformed" },
  reset: { kind: "reset" },
};

const MAX_BODY = 64 * 1024;
const BASE_PATH = "/taxation_customs/vies/rest-api";

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

function errorWrapper(code: string, message = code) {
  return { actionSucceed: false, errorWrappers: [{ error: code, message }] };
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(null));
  });
}

function parseRequest(text: string | null): FakeViesRequest | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as FakeViesRequest) : null;
  } catch {
    return null;
  }
}

export async function startFakeVies(
  options: {
    /** "HU12345676" → entry: the prefix is the VIES country code (EL for Greece). */
    numbers?: Record<string, FakeViesEntry>;
    mode?: FakeViesMode | FakeViesModeName;
  } = {},
): Promise<FakeVies> {
  const table = new Map<string, FakeViesEntry>(
    Object.entries(options.numbers ?? {}).map(([k, v]) => [k.toUpperCase(), v]),
  );
  let mode: FakeViesMode = toMode(options.mode ?? "normal");
  let requests = 0;
  let identifiers = 0;
  const received: (FakeViesRequest | null)[] = [];
  const sockets = new Set<Socket>();

  function toMode(m: FakeViesMode | FakeViesModeName): FakeViesMode {
    return typeof m === "string" ? SHORTHANDS[m] : m;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "").split("?")[0];
    if (path !== `${BASE_PATH}/check-vat-number`) {
      sendJson(res, 404, errorWrapper("NOT_FOUND", `No such endpoint: ${path ?? ""}`));
      return;
    }
    if (req.method !== "POST") {
      sendJson(res, 405, errorWrapper("METHOD_NOT_ALLOWED"));
      return;
    }
    requests++;
    const body = parseRequest(await readBody(req));
    received.push(body);

    switch (mode.kind) {
      case "hang":
        return; // the socket stays open until the client gives up or close() runs
      case "reset":
        req.socket.destroy();
        return;
      case "malformed":
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"countryCode":"HU","valid":tr');
        return;
      case "http_error":
        res.writeHead(mode.status, { "content-type": "text/html" });
        res.end(`<html><body><h1>${mode.status} Service Unavailable</h1></body></html>`);
        return;
      case "error_wrapper":
        sendJson(res, mode.status, errorWrapper(mode.code, `Fake VIES: ${mode.code}`));
        return;
      case "user_error":
      case "normal":
        break;
    }

    const countryCode = body?.countryCode;
    const vatNumber = body?.vatNumber;
    if (
      typeof countryCode !== "string" ||
      typeof vatNumber !== "string" ||
      !/^[A-Z]{2}$/.test(countryCode) ||
      !/^[0-9A-Za-z+*]{2,14}$/.test(vatNumber)
    ) {
      sendJson(
        res,
        400,
        errorWrapper(
          "INVALID_INPUT",
          "The provided CountryCode is invalid or the VAT number is empty",
        ),
      );
      return;
    }
    const now = new Date().toISOString();
    if (mode.kind === "user_error") {
      sendJson(res, 200, {
        countryCode,
        vatNumber,
        requestDate: now,
        valid: false,
        requestIdentifier: "",
        userError: mode.code,
        name: "---",
        address: "---",
      });
      return;
    }
    const entry = table.get(countryCode + vatNumber);
    const valid = entry?.valid ?? false;
    const withRequester =
      typeof body?.requesterMemberStateCode === "string" &&
      typeof body.requesterNumber === "string" &&
      body.requesterNumber !== "";
    sendJson(res, 200, {
      countryCode,
      vatNumber,
      requestDate: now,
      valid,
      requestIdentifier: withRequester ? `WAPIAAAAZ${String(++identifiers).padStart(7, "0")}` : "",
      userError: valid ? "VALID" : "INVALID",
      name: valid ? (entry?.name ?? "---") : "---",
      address: valid ? (entry?.address ?? "---") : "---",
      traderName: "---",
      traderStreet: "---",
      traderPostalCode: "---",
      traderCity: "---",
      traderCompanyType: "---",
      traderNameMatch: "NOT_PROCESSED",
      traderStreetMatch: "NOT_PROCESSED",
      traderPostalCodeMatch: "NOT_PROCESSED",
      traderCityMatch: "NOT_PROCESSED",
      traderCompanyTypeMatch: "NOT_PROCESSED",
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorWrapper("FAKE_ERROR", String(error)));
      else res.destroy();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${BASE_PATH}`,
    get requests() {
      return requests;
    },
    received,
    setMode(m) {
      mode = toMode(m);
    },
    set(countryCode, vatNumber, entry) {
      table.set(countryCode.toUpperCase() + vatNumber.toUpperCase(), entry);
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      });
    },
  };
}
