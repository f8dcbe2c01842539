// Visits pages in headless Chromium (through playwright-core) at each width and reports what a
// person would meet: axe-core WCAG 2.1 A/AA violations, Content-Security-Policy violations (the
// server enforces the site's CSP), subresources that failed to load, script errors, and pages
// wider than the screen. Returns findings instead of printing, so the self-test can assert on them.
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

// The packages live in target/ci-node (installed by .ci/browser.sh), not beside this file.
const require = createRequire(join(resolve(process.env.NODE_PATH ?? '.'), 'noop.js'));
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false },
  { name: 'mobile', viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true },
];

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Starts the one browser every check shares. */
export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
}

// Runs in the page before any of its own code: the CSP violation events are the browser's own
// record of what the policy blocked, so nothing blocked can go unnoticed.
function recordCspViolations() {
  window.__cspViolations = [];
  window.addEventListener(
    'securitypolicyviolation',
    (e) =>
      window.__cspViolations.push({
        directive: e.effectiveDirective || e.violatedDirective,
        blocked: e.blockedURI,
        source: e.sourceFile,
        line: e.lineNumber,
        sample: e.sample,
      }),
    true,
  );
}

// One tab per worker and width, reused from page to page (a new tab costs about as much as the
// visit): its listeners report into whatever visit is current.
async function openTab(context) {
  const page = await context.newPage();
  const tab = { page, findings: null, url: null };
  const add = (kind, detail) => tab.findings?.push({ kind, ...detail });
  page.on('console', (message) => {
    if (/content[- ]security[- ]policy/i.test(message.text())) add('csp', { via: 'console', message: message.text() });
  });
  page.on('pageerror', (error) => add('script-error', { message: error.message }));
  page.on('response', (response) => {
    if (response.status() >= 400 && response.url() !== tab.url) add('load', { message: `${response.status()} ${response.url()}` });
  });
  page.on('requestfailed', (request) => {
    add('load', { message: `${request.failure()?.errorText ?? 'failed'} ${request.url()}` });
  });
  return tab;
}

async function visit(tab, width, origin, path, screenshots) {
  const findings = [];
  const add = (kind, detail) => findings.push({ kind, ...detail });
  const { page } = tab;
  const url = origin + path;
  tab.findings = findings;
  tab.url = url;
  try {
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response || response.status() !== 200) add('load', { message: `${response?.status() ?? 'no response'} ${url}` });
    // Evaluated through the DevTools protocol, which the page's CSP does not govern (an injected
    // <script> element would itself be a violation).
    await page.evaluate(axeSource);
    const result = await page.evaluate(
      (options) => window.axe.run(document, options),
      { runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'] },
    );
    for (const v of result.violations) {
      for (const node of v.nodes) {
        add('axe', { rule: v.id, impact: v.impact, target: node.target.join(' '), help: v.help, helpUrl: v.helpUrl, summary: node.failureSummary });
      }
    }
    for (const v of result.incomplete) add('axe-review', { rule: v.id, count: v.nodes.length });
    // WCAG 1.4.10 (reflow), which axe does not test: nothing may make the page scroll sideways.
    const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
    if (overflow.scroll > overflow.view) add('reflow', { message: `page is ${overflow.scroll}px wide in a ${overflow.view}px window` });
    // Read last: by now every violation of the load has been dispatched.
    for (const v of await page.evaluate(() => window.__cspViolations ?? [])) {
      add('csp', { via: 'event', message: `securitypolicyviolation: ${v.directive} blocked ${v.blocked || '(inline)'}${v.line ? ` at line ${v.line}` : ''}${v.sample ? `: ${v.sample}` : ''}` });
    }
    if (screenshots) {
      const dir = join(screenshots, width.name);
      mkdirSync(dir, { recursive: true });
      const name = path.replace(/^\/|\/$/g, '').replace(/[/.]+/g, '_') || 'home';
      await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
    }
  } catch (error) {
    add('load', { message: `could not check: ${error.message.split('\n')[0]}` });
  } finally {
    tab.findings = null;
  }
  return findings.map((f) => ({ width: width.name, path, ...f }));
}

/**
 * Checks every path at every width with `concurrency` pages open at a time; returns findings in
 * the order of `paths`. Options: `widths`, `concurrency`, `screenshots` (a folder for full-page
 * PNGs, or null).
 */
export async function audit(browser, origin, paths, { widths = WIDTHS, concurrency = 4, screenshots = null } = {}) {
  const contexts = await Promise.all(
    widths.map(async (width) => {
      const context = await browser.newContext({
        viewport: width.viewport,
        isMobile: width.isMobile,
        hasTouch: width.hasTouch,
        deviceScaleFactor: 1,
        reducedMotion: 'reduce',
      });
      await context.addInitScript(recordCspViolations);
      return { width, context };
    }),
  );
  const jobs = paths.flatMap((path) => contexts.map((c) => ({ ...c, path })));
  const results = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    const tabs = new Map();
    while (next < jobs.length) {
      const index = next++;
      const { context, width, path } = jobs[index];
      if (!tabs.has(width.name)) tabs.set(width.name, await openTab(context));
      results[index] = await visit(tabs.get(width.name), width, origin, path, screenshots);
    }
    await Promise.all([...tabs.values()].map((tab) => tab.page.close()));
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  await Promise.all(contexts.map(({ context }) => context.close()));
  return results.flat();
}
