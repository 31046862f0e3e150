import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * Browser journeys against one real Kapu server (see global-setup.ts), driven by Debian's
 * Chromium: `npx playwright install` cannot download here.
 *
 * The config file is evaluated again in every worker process, after global setup has run and
 * set KAPU_E2E_BASE_URL in the environment the workers inherit; so `baseURL` below is the
 * server's address in the tests (in the runner process, before setup, it is still undefined).
 */
export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  globalSetup: "./global-setup.ts",
  outputDir: path.join(root, ".tmp/e2e-results"),
  // Two cores, and every spec talks to the same server: one browser at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: path.join(root, ".tmp/playwright.json") }]],
  use: {
    baseURL: process.env.KAPU_E2E_BASE_URL,
    browserName: "chromium",
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
});
