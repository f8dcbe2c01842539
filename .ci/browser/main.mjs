// Browser checks of a built whitecoat site, for CI (run through .ci/browser.sh, which installs
// Chromium, playwright-core and axe-core first).
//
//   node .ci/browser/main.mjs OUTPUT_DIR [--screenshots DIR] [--concurrency N]
//   node .ci/browser/main.mjs --self-test
//
// With OUTPUT_DIR it first runs the self-test, then serves the folder on 127.0.0.1 with the
// headers of its `_headers` file (so the Content-Security-Policy is enforced), visits every .html
// page at desktop and mobile widths and exits 1 on any axe-core WCAG 2.1 A/AA violation, CSP
// violation, failed load, script error or sideways scrolling.
import { readdirSync, statSync, mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { tmpdir } from 'node:os';
import { loadHeaders, headersFor } from './headers.mjs';
import { serve } from './server.mjs';
import { audit, launch, WIDTHS, AXE_TAGS } from './audit.mjs';

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
    if (problems.length > 0) {
      console.error(`browser self-test FAILED: the check cannot be trusted\n  ${problems.join('\n  ')}`);
      return false;
    }
    console.log(`browser self-test: ok (inline script and low contrast caught at ${WIDTHS.length} widths, clean page clean)`);
    return true;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function checkSite(browser, out, { screenshots, concurrency }) {
  const rules = loadHeaders(join(out, '_headers'));
  if (!headersFor(rules, '/')['Content-Security-Policy']) {
    console.error(`browser check: ${out}/_headers sets no Content-Security-Policy for /`);
    return false;
  }
  const paths = pagePaths(out);
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
  const findings = failing(all);
  for (const f of findings) console.log(describe(f));
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
  return findings.length === 0;
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
