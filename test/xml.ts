import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** The official schemas and samples, used in place (never copied into the project). */
export const STANDARDS = path.resolve(import.meta.dirname, "../../shared/standards");

/**
 * Validates an XML document against an XSD with the system xmllint (libxml2-utils; .ci/run
 * installs it). Returns xmllint's error lines; empty = valid.
 */
export function xsdErrors(xml: string, xsd: string): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), "kapu-xsd-"));
  try {
    const file = path.join(dir, "doc.xml");
    writeFileSync(file, xml);
    const r = spawnSync("xmllint", ["--noout", "--nonet", "--schema", xsd, file], {
      encoding: "utf8",
      timeout: 60_000,
    });
    if (r.error) throw r.error;
    if (r.status === 0) return [];
    return r.stderr
      .split("\n")
      .filter((l) => l.trim() !== "" && !l.endsWith(" validates"))
      .map((l) => l.replace(file, "doc.xml"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
