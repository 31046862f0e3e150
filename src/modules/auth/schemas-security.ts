import { z } from "zod";

/** What POST /api/auth/login answers, instead of a session, for a login with two-factor on. */
export const twoFactorChallengeBody = z
  .object({
    twoFactorRequired: z.literal(true),
    challenge: z
      .string()
      .describe(
        "Single use, valid 5 minutes: send it with a code to POST /api/auth/login/two-factor",
      ),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: "TwoFactorChallenge" });

export const presentChallenge = (c: { challenge: string; expiresAt: Date }) => ({
  twoFactorRequired: true as const,
  challenge: c.challenge,
  expiresAt: c.expiresAt.toISOString(),
});

/** A 6-digit code from the authenticator app ("123 456" is fine too). */
export const totpCode = z
  .string()
  .trim()
  .min(6)
  .max(12)
  .describe("The 6-digit code of the authenticator app");
export const recoveryCode = z
  .string()
  .trim()
  .min(12)
  .max(40)
  .describe("One of the recovery codes, e.g. abcd-efgh-jkmn");
