// Headless Chromium for the browser tests: the system's chromium (playwright's download does not work offline).
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

const CHROMIUM = '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    // `npm test` installs it when it runs as root (tools/test); otherwise each browser spec fails with this line.
    const missing = new Error(`chromium is not installed (${CHROMIUM}): the browser tests need Debian's package: apt-get install -y chromium (as root)`);
    missing.stack = missing.message; // the fix is on the machine, not in this code: no stack to read
    return Promise.reject(missing);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** A full-page PNG in apps/dashboard/test-results/, kept after the run so a failure can be looked at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // From the top: the sticky top bar would otherwise be stamped wherever the page was scrolled to.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
