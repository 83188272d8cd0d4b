/**
 * Reports opened in a real browser (Debian's Chromium through playwright-core), one browser per
 * test file: `useReportBrowser()` launches it before the file's tests and closes it after;
 * `open` gives a page that records every request and console message, with every request but
 * the report's own file refused.
 */
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export interface RecordedPage {
  readonly page: Page;
  /** Every request the page made (refused ones too). */
  readonly requests: string[];
  /** Console messages and page errors, as `type: text`. */
  readonly messages: string[];
}

export interface ReportBrowser {
  /** Opens `path` at `width` px (default 1280) and waits for its load. */
  open(path: string, width?: number): Promise<RecordedPage>;
  /** A blank page (to run code in the browser). */
  newPage(): Promise<Page>;
}

/** Debian's Chromium, headless, with its own background work (network, updates, sync) off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export function useReportBrowser(): ReportBrowser {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  return {
    async open(path, width = 1280) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const requests: string[] = [];
      const messages: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => messages.push(`pageerror: ${error.message}`));
      await page.route('**/*', (route) =>
        route.request().url() === pathToFileURL(path).href
          ? route.continue()
          : route.abort('blockedbyclient'),
      );
      await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
      return { page, requests, messages };
    },
    newPage: () => browser.newPage(),
  };
}

/** The visible text of the first element matching `selector`. */
// biome-ignore lint/performance/useDomNodeTextContent: the tests read what a reviewer sees, which is innerText
export const text = (page: Page, selector: string) => page.locator(selector).first().innerText();

/** The value of the report's headline figure labelled `label` (Passed, Failed, Not run). */
export const stat = (page: Page, label: string) => text(page, `[data-stat="${label}"] .stat__value`);
