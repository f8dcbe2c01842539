// Parses every built page with a real Open Graph parser (open-graph-scraper, as the networks'
// crawlers would read it) and fails on a page missing og:title, og:description, og:image or
// twitter:card. The redirect pages of `_redirects` (a browser leaves them at once; they carry no
// sharing tags on purpose) are left out and counted. Usage: node .ci/og-check.mjs OUTPUT_DIR (run with NODE_PATH pointing at the
// folder where open-graph-scraper is installed).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { baseUrlOf, fallbackFile, loadRedirects, localRules } from './browser/redirects.mjs';

const require = createRequire(join(resolve(process.env.NODE_PATH ?? '.'), 'noop.js'));
const ogs = require('open-graph-scraper');

function pages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pages(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

const root = process.argv[2];
let failed = 0;
const redirects = localRules(loadRedirects(join(root, '_redirects')), baseUrlOf(root).pathname);
const fallbacks = new Set(redirects.map((r) => join(root, fallbackFile(r.from))));
const files = pages(root).filter((file) => !fallbacks.has(file));
for (const file of files) {
  const { error, result } = await ogs({ html: readFileSync(file, 'utf8') });
  const image = result.ogImage?.[0]?.url;
  const missing = [
    ['og:title', result.ogTitle],
    ['og:description', result.ogDescription],
    ['og:image', image],
    ['twitter:card', result.twitterCard],
  ].filter(([, value]) => !value).map(([name]) => name);
  if (error || missing.length) {
    failed += 1;
    console.error(`${file}: missing ${missing.join(', ') || '(parse error)'}`);
  }
}
console.log(`open-graph-scraper: ${files.length - failed} of ${files.length} pages complete (${fallbacks.size} redirect pages left out)`);
process.exit(failed ? 1 : 0);
