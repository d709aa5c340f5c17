import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium package; `pnpm test` installs it when missing (scripts/infra.sh). */
export const chromiumExecutable = process.env.LEXFIN_CHROMIUM ?? '/usr/bin/chromium';

export interface HeadlessBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile, nothing fetched behind the test's back (no component
 * updates, sync or background networking) and no GPU or sandbox (CI runs as root in a VM).
 */
export async function launchHeadlessChromium(): Promise<HeadlessBrowser> {
  if (!existsSync(chromiumExecutable)) {
    throw new Error(
      `${chromiumExecutable} is missing: run 'pnpm infra' (it installs Debian's chromium package)`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'lexfin-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumExecutable,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
