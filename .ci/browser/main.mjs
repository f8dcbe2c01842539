// Browser checks of a built whitecoat site, for CI (run through .ci/browser.sh, which installs
// Chromium, playwright-core and axe-core first).
//
//   node .ci/browser/main.mjs OUTPUT_DIR [--screenshots DIR] [--concurrency N]
//   node .ci/browser/main.mjs --self-test
//
// With OUTPUT_DIR it first runs the self-test, then serves the folder on 127.0.0.1 with the
// headers of its `_headers` file (so the Content-Security-Policy is enforced), visits every .html
// page at desktop and mobile widths and exits 1 on any axe-core WCAG 2.1 A/AA violation, CSP
// violation, failed load, script error or sideways scrolling. The redirects of `_redirects` are
// proved in the browser, applied by the server (301 to the target) and, with the server ignoring
// them as GitHub Pages does, through the HTML fallback page at each old address (its meta refresh
// lands on the target); the fallback pages are checked that way instead of by axe, since a page
// that leaves at once cannot be audited.
import { readdirSync, statSync, mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { tmpdir } from 'node:os';
import { loadHeaders, headersFor } from './headers.mjs';
import { serve } from './server.mjs';
import { audit, launch, WIDTHS, AXE_TAGS } from './audit.mjs';
import {
  baseUrlOf,
  checkFallbackPages,
  checkServerRedirects,
  fallbackPath,
  loadRedirects,
  localRules,
} from './redirects.mjs';

function usage(message) {
  console.error(`browser check: ${message}\nusage: browser.sh OUTPUT_DIR [--screenshots DIR] [--concurrency N] | --self-test`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { out: null, selfTestOnly: false, screenshots: null, concurrency: 4 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--self-test') args.selfTestOnly = true;
    else if (arg === '--screenshots') args.screenshots = resolve(argv[++i] ?? usage('--screenshots needs a folder'));
    else if (arg === '--concurrency') args.concurrency = Number(argv[++i]) || usage('--concurrency needs a number');
    else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else if (args.out === null) args.out = resolve(arg);
    else usage(`unexpected argument ${arg}`);
  }
  if (!args.selfTestOnly && args.out === null) usage('no output folder given');
  return args;
}

/** Every .html file under `root`, as the URL path a browser asks for. */
function pagePaths(root, dir = root) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return pagePaths(root, path);
      if (!name.endsWith('.html')) return [];
      const rel = `/${relative(root, path).split(sep).join('/')}`;
      return [rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel];
    });
}

function describe(f) {
  const where = `[${f.width}] ${f.path}`;
  if (f.kind === 'axe') return `${where}  axe ${f.rule} (${f.impact}): ${f.help}\n    at ${f.target}\n    ${f.helpUrl}\n    ${(f.summary ?? '').replace(/\n/g, '\n    ')}`;
  return `${where}  ${f.kind}: ${f.message}`;
}

const failing = (findings) => findings.filter((f) => f.kind !== 'axe-review');

// A check that finds nothing is only worth something if it can find something: this serves a page
// with an inline script under a CSP without 'unsafe-inline' and with text below 4.5:1 contrast, and
// a clean page, and asserts that the first is caught both ways and the second is not.
const SELF_TEST_CSS = 'body { background: #fff; color: #111; font: 16px sans-serif; } .faint { color: #b0b0b0; }\n';
const page = (title, body) =>
  `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${title}</title>\n<link rel="stylesheet" href="/s.css">\n</head>\n<body>\n<main>\n<h1>${title}</h1>\n${body}\n</main>\n</body>\n</html>\n`;

async function selfTest(browser, csp) {
  const root = mkdtempSync(join(tmpdir(), 'whitecoat-browser-self-test-'));
  try {
    writeFileSync(join(root, '_headers'), `/*\n  Content-Security-Policy: ${csp}\n`);
    writeFileSync(join(root, 's.css'), SELF_TEST_CSS);
    writeFileSync(join(root, 'index.html'), page('Clean page', '<p>Nothing wrong here.</p>'));
    mkdirSync(join(root, 'bad'));
    writeFileSync(
      join(root, 'bad', 'index.html'),
      page('Broken page', '<p class="faint">This grey text is too faint to read.</p>\n<script>document.title = "ran";</script>'),
    );
    const server = await serve(root, loadHeaders(join(root, '_headers')));
    let findings;
    try {
      findings = failing(await audit(browser, server.origin, ['/', '/bad/']));
    } finally {
      await server.close();
    }
    const problems = [];
    for (const { name } of WIDTHS) {
      const at = (path, test) => findings.some((f) => f.width === name && f.path === path && test(f));
      for (const via of ['event', 'console']) {
        if (!at('/bad/', (f) => f.kind === 'csp' && f.via === via && /script/.test(f.message))) {
          problems.push(`[${name}] the inline script blocked by the CSP was not reported by the ${via} listener`);
        }
      }
      if (!at('/bad/', (f) => f.kind === 'axe' && f.rule === 'color-contrast')) problems.push(`[${name}] the faint text was not reported by axe color-contrast`);
    }
    for (const f of findings.filter((f) => f.path === '/')) problems.push(`the clean page was reported: ${describe(f)}`);
    problems.push(...(await selfTestRedirects(browser, root)));
    if (problems.length > 0) {
      console.error(`browser self-test FAILED: the check cannot be trusted\n  ${problems.join('\n  ')}`);
      return false;
    }
    console.log(
      `browser self-test: ok (inline script and low contrast caught at ${WIDTHS.length} widths, clean page clean; ` +
        'a redirect to a missing page caught by the 301 and by the fallback page, a good one passed both ways)',
    );
    return true;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// Two old addresses in the self-test site: /moved/ leads home (good both ways), /lost/ to a page
// that does not exist, which both redirect checks must report, and nothing else.
async function selfTestRedirects(browser, root) {
  const base = 'https://self-test.example/';
  const fallback = (to) =>
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Moved</title>\n<link rel="canonical" href="${to}">\n<meta http-equiv="refresh" content="0; url=${to}">\n</head>\n<body><main><h1>Moved</h1><p><a href="${to}">Here</a></p></main></body>\n</html>\n`;
  writeFileSync(join(root, 'robots.txt'), `User-agent: *\nAllow: /\n\nSitemap: ${base}sitemap.xml\n`);
  writeFileSync(join(root, '_redirects'), '# self-test\n/moved/ / 301\n/lost/ /nowhere/ 301\n');
  writeFileSync(join(root, 'index.html'), page('Clean page', '<p>Nothing wrong here.</p>').replace('</title>', `</title>\n<link rel="canonical" href="${base}">`));
  for (const [from, to] of [['moved', base], ['lost', `${base}nowhere/`]]) {
    mkdirSync(join(root, from));
    writeFileSync(join(root, from, 'index.html'), fallback(to));
  }
  const rules = localRules(loadRedirects(join(root, '_redirects')), baseUrlOf(root).pathname);
  const headers = loadHeaders(join(root, '_headers'));
  const found = [];
  for (const redirects of [rules, []]) {
    const server = await serve(root, headers, { redirects });
    try {
      const check = redirects.length > 0 ? checkServerRedirects : checkFallbackPages;
      const how = redirects.length > 0 ? '301' : 'fallback';
      found.push(...(await check(browser, server.origin, rules, baseUrlOf(root))).map((p) => ({ how, ...p })));
    } finally {
      await server.close();
    }
  }
  const problems = [];
  for (const how of ['301', 'fallback']) {
    if (!found.some((f) => f.how === how && f.rule.from === '/lost/')) problems.push(`the redirect to a missing page was not reported by the ${how} check`);
  }
  for (const f of found.filter((f) => f.rule.from !== '/lost/')) problems.push(`the good redirect was reported by the ${f.how} check: ${f.message}`);
  return problems;
}

async function checkSite(browser, out, { screenshots, concurrency }) {
  const rules = loadHeaders(join(out, '_headers'));
  if (!headersFor(rules, '/')['Content-Security-Policy']) {
    console.error(`browser check: ${out}/_headers sets no Content-Security-Policy for /`);
    return false;
  }
  const baseUrl = baseUrlOf(out);
  const redirects = localRules(loadRedirects(join(out, '_redirects')), baseUrl.pathname);
  const fallbacks = new Set(redirects.map((r) => decodeURIComponent(fallbackPath(r.from))));
  const paths = pagePaths(out).filter((p) => !fallbacks.has(p));
  if (paths.length === 0) {
    console.error(`browser check: no .html pages in ${out}`);
    return false;
  }
  const server = await serve(out, rules);
  let all;
  try {
    all = await audit(browser, server.origin, paths, { concurrency, screenshots });
  } finally {
    await server.close();
  }
  // The redirects, both ways: a server that applies _redirects, then one that does not.
  const redirectProblems = [];
  const failedRules = {};
  for (const [how, check] of [['301', checkServerRedirects], ['fallback', checkFallbackPages]]) {
    const redirectServer = await serve(out, rules, { redirects: how === '301' ? redirects : [] });
    try {
      const problems = await check(browser, redirectServer.origin, redirects, baseUrl);
      redirectProblems.push(...problems.map((p) => p.message));
      failedRules[how] = new Set(problems.map((p) => p.rule)).size;
    } finally {
      await redirectServer.close();
    }
  }
  const findings = failing(all);
  for (const f of findings) console.log(describe(f));
  for (const p of redirectProblems) console.log(`redirect: ${p}`);
  const review = new Map();
  for (const f of all.filter((f) => f.kind === 'axe-review')) review.set(f.rule, (review.get(f.rule) ?? 0) + f.count);
  if (review.size > 0) {
    const list = [...review].map(([rule, n]) => `${rule} x${n}`).join(', ');
    console.log(`axe needs review (not failing, axe could not decide): ${list}`);
  }
  const count = (kind, width, via) => findings.filter((f) => f.kind === kind && f.width === width && (!via || f.via === via)).length;
  for (const { name, viewport } of WIDTHS) {
    console.log(
      `${name} ${viewport.width}x${viewport.height}: ${paths.length} pages, axe (${AXE_TAGS.join(', ')}) ${count('axe', name)} violations, ` +
        `CSP ${count('csp', name, 'event')} violations (${count('csp', name, 'console')} console reports), ${count('load', name)} failed loads, ${count('script-error', name)} script errors, ` +
        `${count('reflow', name)} pages scrolling sideways`,
    );
  }
  console.log(
    `redirects: ${redirects.length} rules in _redirects; with the rules applied ${redirects.length - failedRules['301']} went 301 -> 200 on the target; ` +
      `without them ${redirects.length - failedRules.fallback} fallback pages landed on the target by meta refresh`,
  );
  return findings.length === 0 && redirectProblems.length === 0;
}

const args = parseArgs(process.argv.slice(2));
const started = Date.now();
const browser = await launch();
let ok = false;
try {
  // The self-test runs under the site's own policy when there is one, so it tests that policy.
  let csp = "default-src 'self'; script-src 'self'; style-src 'self'";
  if (args.out) csp = headersFor(loadHeaders(join(args.out, '_headers')), '/')['Content-Security-Policy'] ?? csp;
  ok = await selfTest(browser, csp);
  if (ok && !args.selfTestOnly) ok = await checkSite(browser, args.out, args);
} catch (error) {
  console.error(`browser check: ${error.stack ?? error}`);
  ok = false;
} finally {
  await browser.close();
}
console.log(`browser check: ${ok ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(ok ? 0 : 1);
