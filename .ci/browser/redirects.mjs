// Redirects of a built site, proved in the browser two ways: with the site's `_redirects` applied
// by the local server (as Cloudflare Pages applies it, before any file: FROM answers 301 to TO,
// which answers 200), and without it (as GitHub Pages or S3 serve the site: the HTML fallback page
// at FROM answers 200 and its meta refresh lands on TO). The fallback pages name the target by
// its absolute URL on the site's base_url, so requests to that origin are answered from the local
// server (playwright routing), which keeps the check offline and independent of the port.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

// The status codes Netlify and Cloudflare Pages accept for a redirect (`301!` is Netlify-only).
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Parses a `_redirects` file into `[{ from, to, status, line }]`; throws on a malformed line. */
export function parseRedirects(text) {
  const rules = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const tokens = line.split(/\s+/);
    const status = Number(tokens[2] ?? '302');
    if (tokens.length < 2 || tokens.length > 3 || !tokens[0].startsWith('/') || !REDIRECT_STATUSES.has(status)) {
      throw new Error(`_redirects line ${index + 1}: expected "FROM TO STATUS" with a path and a 3xx status, got ${JSON.stringify(raw)}`);
    }
    rules.push({ from: tokens[0], to: tokens[1], status, line: index + 1 });
  }
  return rules;
}

/** Loads `_redirects` from a built site: `[]` when there is none. */
export function loadRedirects(file) {
  return existsSync(file) ? parseRedirects(readFileSync(file, 'utf8')) : [];
}

/** The site's base URL, from the Sitemap line the build writes into robots.txt. */
export function baseUrlOf(out) {
  const robots = readFileSync(join(out, 'robots.txt'), 'utf8');
  const sitemap = robots.match(/^Sitemap:\s*(\S+)sitemap\.xml\s*$/m);
  if (!sitemap) throw new Error(`${out}/robots.txt has no "Sitemap: BASE_URLsitemap.xml" line`);
  return new URL(sitemap[1]);
}

/**
 * The rules as the local server, which serves the output folder at `/`, must apply them: paths
 * under the base URL's path (a site in a subfolder) made relative to the output folder.
 */
export function localRules(rules, basePath) {
  const strip = (path) => {
    if (!path.startsWith(basePath)) throw new Error(`_redirects: ${path} is not under the site's path ${basePath}`);
    return `/${path.slice(basePath.length)}`;
  };
  return rules.map((r) => ({ ...r, from: strip(r.from), to: strip(r.to) }));
}

/** The URL path of the fallback page a host without redirect rules serves for `from`. */
export function fallbackPath(from) {
  const last = from.split('/').pop();
  return from.endsWith('/') || last.includes('.') ? from : `${from}/`;
}

/** The file of a fallback page (`/old/` -> `old/index.html`), relative to the output folder. */
export function fallbackFile(from) {
  const path = decodeURIComponent(fallbackPath(from)).replace(/^\//, '');
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
}

// The target a page names as canonical, read in the page (absolute, as the build writes it).
const canonicalOf = (page) => page.evaluate(() => document.querySelector('link[rel=canonical]')?.href ?? null);

// `to` with its fragment split off: a redirect keeps the fragment, the server never sees it.
const splitFragment = (to) => {
  const at = to.indexOf('#');
  return at < 0 ? [to, ''] : [to.slice(0, at), to.slice(at)];
};

/**
 * With the rules applied by the server at `origin`: navigating to each FROM must go through one
 * 301 (the rule's status) to TO, which answers 200 and is TO's own page (its canonical is TO on
 * the base URL). Returns problems: `[{ rule, message }]`.
 */
export async function checkServerRedirects(browser, origin, rules, baseUrl) {
  const problems = [];
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    for (const rule of rules) {
      const where = `_redirects line ${rule.line} (${rule.from} -> ${rule.to})`;
      try {
        const response = await page.goto(origin + rule.from, { waitUntil: 'load' });
        const chain = [];
        for (let request = response?.request(); request; request = request.redirectedFrom()) {
          const r = await request.response();
          chain.unshift(`${r?.status() ?? 'no response'} ${new URL(request.url()).pathname}`);
        }
        const [path, fragment] = splitFragment(rule.to);
        const want = [`${rule.status} ${rule.from}`, `200 ${path}`];
        if (chain.join(', ') !== want.join(', ')) problems.push({ rule, message: `${where}: went ${chain.join(' -> ')}, want ${want.join(' -> ')}` });
        const url = new URL(page.url());
        if (url.pathname + url.hash !== path + fragment) problems.push({ rule, message: `${where}: ended at ${url.pathname}${url.hash}, want ${rule.to}` });
        const canonical = await canonicalOf(page);
        const target = new URL(path.replace(/^\//, ''), baseUrl).href;
        if (canonical !== target) problems.push({ rule, message: `${where}: the page reached names ${canonical} as canonical, want ${target}` });
      } catch (error) {
        problems.push({ rule, message: `${where}: ${error.message.split('\n')[0]}` });
      }
    }
  } finally {
    await context.close();
  }
  return problems;
}

/**
 * Without the rules, from a server at `origin` that ignores `_redirects`: loading each FROM must
 * give the fallback page (200), whose meta refresh lands on TO's page. Requests to the base URL's
 * origin are answered from `origin`, so the absolute URLs of the fallback pages work offline.
 * Returns problems: `[{ rule, message }]`.
 */
export async function checkFallbackPages(browser, origin, rules, baseUrl) {
  const problems = [];
  const context = await browser.newContext();
  const basePath = baseUrl.pathname;
  // The site's origin answered from the local server, whatever its scheme (https is fine: the
  // browser never connects, playwright fulfills the request).
  await context.route(
    (url) => url.origin === baseUrl.origin,
    async (route) => {
      const url = new URL(route.request().url());
      if (!url.pathname.startsWith(basePath)) return route.fulfill({ status: 404, body: 'outside the site\n' });
      const local = await fetch(`${origin}/${url.pathname.slice(basePath.length)}${url.search}`, { redirect: 'manual' });
      const headers = Object.fromEntries(local.headers);
      if (headers.location?.startsWith('/')) headers.location = `${baseUrl.origin}${basePath}${headers.location.slice(1)}`;
      await route.fulfill({ status: local.status, headers, body: Buffer.from(await local.arrayBuffer()) });
    },
  );
  const page = await context.newPage();
  const documents = [];
  page.on('response', (response) => {
    if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) {
      documents.push(`${response.status()} ${response.url()}`);
    }
  });
  try {
    for (const rule of rules) {
      const where = `fallback page for ${rule.from} (-> ${rule.to})`;
      documents.length = 0;
      try {
        const [path, fragment] = splitFragment(rule.to);
        const target = new URL(path.replace(/^\//, ''), baseUrl).href;
        const old = new URL(fallbackPath(rule.from).replace(/^\//, ''), baseUrl).href;
        const response = await page.goto(old, { waitUntil: 'commit' });
        if (response?.status() !== 200) problems.push({ rule, message: `${where}: ${old} answered ${response?.status()}, want 200 (the fallback page)` });
        await page.waitForURL(target + fragment, { waitUntil: 'load', timeout: 10_000 });
        const want = [`200 ${old}`, `200 ${target}`];
        if (documents.join(', ') !== want.join(', ')) problems.push({ rule, message: `${where}: loaded ${documents.join(' -> ')}, want ${want.join(' -> ')}` });
        const canonical = await canonicalOf(page);
        if (canonical !== target) problems.push({ rule, message: `${where}: the page reached names ${canonical} as canonical, want ${target}` });
      } catch (error) {
        problems.push({ rule, message: `${where}: ${error.message.split('\n')[0]} (at ${page.url()}, loaded ${documents.join(' -> ') || 'nothing'})` });
      }
    }
  } finally {
    await context.close();
  }
  return problems;
}
