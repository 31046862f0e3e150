import type { APIRequestContext } from "@playwright/test";
import { account, apiLogIn, test, type Login } from "./fixtures.ts";

type StorageState = Awaited<ReturnType<APIRequestContext["storageState"]>>;

/** One login per account per worker (the login route allows 10 attempts a minute per address). */
const sessions = new Map<string, Promise<StorageState>>();

function sessionOf(
  newRequestContext: () => Promise<APIRequestContext>,
  login: Login,
): Promise<StorageState> {
  let session = sessions.get(login.email);
  if (!session) {
    session = (async () => {
      const request = await newRequestContext();
      try {
        await apiLogIn(request, login);
        return await request.storageState();
      } finally {
        await request.dispose();
      }
    })();
    sessions.set(login.email, session);
  }
  return session;
}

/** `test.use({ signedInAs: … })` starts the page logged in as that demo account. */
export const signedInTest = test.extend<{ signedInAs: string | null }>({
  signedInAs: [null, { option: true }],
  storageState: async ({ signedInAs, storageState, playwright, baseURL }, use) => {
    if (signedInAs === null) return use(storageState);
    await use(
      await sessionOf(() => playwright.request.newContext({ baseURL }), account(signedInAs)),
    );
  },
});
