import fs from "node:fs";
import path from "node:path";
import { base32Decode, hotp, timeStep } from "../../src/modules/auth/domain/totp.ts";
import { ENV } from "./env.ts";

/**
 * The code an authenticator app would show for a two-factor secret. Kapu accepts each time step
 * once per user (and one step either side of its clock), while the journeys log the demo admin
 * in several times, possibly within one 30-second step and from more than one worker process:
 * the steps used are recorded in a file beside the mail directory, shared by all of them, and
 * when both usable steps (now and the next) are taken this waits for the clock to move on.
 */
export async function nextTotpCode(secret: string): Promise<string> {
  const key = base32Decode(secret);
  if (!key) throw new Error(`not a base32 secret: ${secret}`);
  const dir = process.env[ENV.mailDir];
  if (!dir) throw new Error(`${ENV.mailDir} is not set: run the journeys through playwright`);
  // The whole secret: the demo secrets share their first characters (KAPUDEMO…).
  const file = path.join(path.dirname(dir), `totp-${secret}.step`);
  for (;;) {
    const now = timeStep(new Date());
    const last = fs.existsSync(file) ? Number(fs.readFileSync(file, "utf8")) : -1;
    // Not the step before: it may be two behind by the time the server checks it.
    for (const step of [now, now + 1]) {
      if (step > last) {
        fs.writeFileSync(file, String(step));
        return hotp(key, step);
      }
    }
    const nextStepAt = (now + 1) * 30_000;
    await new Promise((resolve) => setTimeout(resolve, nextStepAt - Date.now() + 50));
  }
}
