// The browser editor, for real: a git copy of example-site gets `whitecoat cms`, decap-server
// (Decap's local backend) runs in it, the built site is served on 127.0.0.1, and headless Chromium
// creates an article and a review through Decap's UI. Then the saved files must have valid TOML
// front matter and `whitecoat check` must report exactly the expected findings.
//
//   node e2e.mjs   (run by .ci/cms-e2e.sh, which installs the packages and Chromium)
//
// Environment: WHITECOAT (the binary), CHROMIUM (default /usr/bin/chromium), SHOTS (screenshot
// folder), KEEP=1 keeps the temporary site.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { parse as parseToml } from 'smol-toml';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = process.env.REPO ?? path.resolve(here, '../..');
const whitecoat = process.env.WHITECOAT ?? path.join(repo, 'target/debug/whitecoat');
const shots = process.env.SHOTS ?? path.join(repo, 'target/cms-e2e');
const modules = process.env.NODE_MODULES ?? path.join(process.cwd(), 'node_modules');
const today = '2026-11-22';
const env = { ...process.env, WHITECOAT_TODAY: today, NO_COLOR: '1' };
const children = [];
const blocked = new Set();
let failed = false;

function log(...args) {
  console.log('cms-e2e:', ...args);
}

function fail(message) {
  failed = true;
  throw new Error(message);
}

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

/** Runs `whitecoat check --format json` and returns its findings (exit 1 is fine: findings fail). */
function check(site) {
  let out;
  try {
    out = run(whitecoat, ['check', site, '--format', 'json', '--drafts']);
  } catch (e) {
    if (e.status !== 1) fail(`whitecoat check exited ${e.status}: ${e.stderr}`);
    out = e.stdout;
  }
  return JSON.parse(out).findings;
}

/** The SRI hash of a file, as an `integrity` attribute writes it. */
function sri(file) {
  return 'sha384-' + createHash('sha384').update(fs.readFileSync(file)).digest('base64');
}

/** `_headers` rules (Netlify / Cloudflare Pages format): [pattern, [[name, value]…]…]. */
function headerRules(root) {
  const file = path.join(root, '_headers');
  const rules = [];
  if (!fs.existsSync(file)) return rules;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) rules.push([line.trim(), []]);
    else if (rules.length) {
      const at = line.indexOf(':');
      rules.at(-1)[1].push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
    }
  }
  return rules;
}

/** Serves `root` on 127.0.0.1 (directories as their index.html); with `headers`, applies its
 * `_headers` as Netlify does (every matching rule, a later one replacing a header). */
function serve(root, headers = false) {
  const types = { '.html': 'text/html', '.yml': 'text/yaml', '.css': 'text/css', '.js': 'text/javascript', '.png': 'image/png', '.jpg': 'image/jpeg', '.xml': 'application/xml', '.json': 'application/json', '.svg': 'image/svg+xml' };
  const rules = headers ? headerRules(root) : [];
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(root, pathname);
    if (!file.startsWith(root)) return res.writeHead(403).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) return res.writeHead(404).end('not found');
    const extra = {};
    for (const [pattern, values] of rules) {
      const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
      if (re.test(pathname)) for (const [name, value] of values) extra[name.toLowerCase()] = value;
    }
    res.writeHead(200, { ...extra, 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function portOpen(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/' }, (res) => { res.resume(); resolve(true); });
    req.on('error', () => resolve(false));
  });
}

async function waitForPort(port, what) {
  for (let i = 0; i < 100; i++) {
    if (await portOpen(port)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`${what} did not start on port ${port}`);
}

/** Files under content/ and what they hold. */
function contentFiles(site) {
  const out = new Map();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(path.relative(site, full), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(site, 'content'));
  return out;
}

/** Front matter of a whitecoat document, parsed as TOML. */
function frontMatter(text, file) {
  const match = text.match(/^\+\+\+\n([\s\S]*?)\n\+\+\+\n?([\s\S]*)$/);
  if (!match) fail(`${file} has no TOML front matter between +++ lines:\n${text}`);
  try {
    return { data: parseToml(match[1]), body: match[2] };
  } catch (e) {
    fail(`${file}: front matter is not valid TOML (${e.message}):\n${match[1]}`);
  }
}

async function waitForFile(file) {
  for (let i = 0; i < 100; i++) {
    if (fs.existsSync(file)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`the editor did not save ${file}`);
}

/** The saved files hold valid TOML front matter, and check finds exactly what it should. */
async function checkSaved(site, article, review, before) {
  const a = frontMatter(fs.readFileSync(path.join(site, article), 'utf8'), article);
  const r = frontMatter(fs.readFileSync(path.join(site, review), 'utf8'), review);
  const expect = (cond, what) => cond || fail(`${what}\n${JSON.stringify({ article: a.data, review: r.data }, null, 2)}`);
  expect(a.data.title === 'Walking for a Healthy Heart', 'article title');
  expect(a.data.author === 'profile', 'article author defaults to the physician');
  expect(JSON.stringify(a.data.tags) === '["exercise"]', 'article tags');
  expect(a.data.medical_review?.reviewer === 'hannah-lindqvist', 'medical reviewer');
  expect(a.data.medical_review?.last_reviewed === '2024-01-15', 'medical review date');
  expect(a.data.references?.[0]?.year === 2018, 'reference year is a whole number');
  expect(a.body.includes('Walking thirty minutes'), 'article body');
  expect(r.data.author === 'J.D.' && r.data.rating === 5, 'review author and rating');
  expect(r.data.authorization?.id === 'AUTH-E2E-001', 'authorization id');
  expect(r.data.authorization?.signed_on === '2026-10-01' && r.data.authorization?.expires_on === '2028-10-01', 'authorization dates');
  expect(JSON.stringify(r.data.authorization?.channels) === '["website"]', 'channels default to the website');
  expect(JSON.stringify(r.data.authorization?.permitted_identifiers) === '["initials"]', 'identifiers default to initials');
  expect(r.data.relationship === 'patient' && r.data.incentive === 'none', 'relationship and incentive defaults');
  log('front matter of both files is valid TOML with the values typed');

  // New findings, by file: exactly the expected ones.
  const key = (f) => `${f.path} ${f.rule} ${f.severity}`;
  const old = new Set(before.map(key));
  const fresh = check(site).filter((f) => !old.has(key(f))).map(key).sort();
  const expected = [
    `${article} article/review-stale warning`,
    `${review} ftc/expected-results error`,
  ];
  if (JSON.stringify(fresh) !== JSON.stringify(expected)) {
    fail(`whitecoat check found\n  ${fresh.join('\n  ')}\nexpected\n  ${expected.join('\n  ')}`);
  }
  log('whitecoat check: exactly', expected.join('; '));
  const commits = run('git', ['-C', site, 'log', '--format=%s']).trim().split('\n');
  if (!commits.some((c) => c.includes('walking-for-a-healthy-heart')) || !commits.some((c) => c.includes('auth-e2e-001'))) {
    fail(`decap-server did not commit both entries: ${commits.join(' | ')}`);
  }
  log('decap-server committed both entries:', commits.slice(0, 2).join(' | '));
}

/** Sveltia CMS reads the same config.yml: it loads it and offers its sign-in, with no error. */
async function sveltia(context, site, out, port) {
  run(whitecoat, ['cms', site, '--editor', 'sveltia']);
  const index = fs.readFileSync(path.join(site, 'static/admin/index.html'), 'utf8');
  const [, integrity] = index.match(/<script src="[^"]+"[^>]* integrity="([^"]+)"/) ?? fail('no script tag');
  const js = path.join(modules, '@sveltia/cms/dist/sveltia-cms.js');
  if (sri(js) !== integrity) fail(`admin/index.html pins ${integrity} for Sveltia, npm's sveltia-cms.js is ${sri(js)}`);
  fs.copyFileSync(path.join(site, 'static/admin/index.html'), path.join(out, 'admin/index.html'));
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`http://127.0.0.1:${port}/admin/`);
  await page.getByRole('button', { name: /sign in|local repository/i }).first().waitFor({ timeout: 60_000 });
  const text = await page.locator('body').innerText();
  if (/error|invalid|not supported/i.test(text)) fail(`Sveltia CMS reports a problem with the configuration:\n${text}`);
  if (problems.length) fail(`Sveltia CMS threw: ${problems.join('; ')}`);
  await shot(page, '08-sveltia-sign-in');
  log('Sveltia CMS loads the same configuration and offers sign-in');
  await page.close();
}

/** Decap's local backend asks for a click on Login once; later loads go straight in. */
async function signIn(page) {
  const login = page.getByRole('button', { name: /login/i });
  const collections = page.getByText('Collections', { exact: true });
  await login.or(collections).first().waitFor({ timeout: 60_000 });
  if (await login.isVisible()) await login.click();
  await collections.waitFor({ timeout: 60_000 });
}

/** The editor served as Netlify and Cloudflare Pages serve it, with the site's `_headers`
 * (GitHub Pages sends none): the build leaves the editor's folder out of its
 * Content-Security-Policy, so nothing may be blocked (CMS_E2E_HEADERS=report only reports). */
async function underHeaders(context, site, out) {
  if (!fs.existsSync(path.join(out, '_headers'))) return log('no _headers in the build: nothing to check');
  run(whitecoat, ['cms', site, '--editor', 'decap']);
  fs.copyFileSync(path.join(site, 'static/admin/index.html'), path.join(out, 'admin/index.html'));
  const server = await serve(out, true);
  const page = await context.newPage();
  const blocked = [];
  page.on('console', (m) => { if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) blocked.push(m.text()); });
  try {
    await page.goto(`http://127.0.0.1:${server.address().port}/admin/`);
    const ok = await signIn(page).then(() => true, () => false);
    await shot(page, '09-editor-under-headers');
    const summary = `${blocked.length} Content-Security-Policy violations; the editor ${ok ? 'loads its collections' : 'does not load its collections'}`;
    if (!ok || blocked.length) {
      const detail = [...new Set(blocked.map((b) => b.replace(/ The action has been blocked\.?.*$/s, '').slice(0, 200)))].slice(0, 6).join('\n  ');
      const message = `under the site's _headers (Netlify, Cloudflare Pages): ${summary}\n  ${detail}`;
      if (process.env.CMS_E2E_HEADERS !== 'report') fail(message);
      log(`WARNING ${message}`);
    } else {
      log(`under the site's _headers: ${summary}`);
    }
  } finally {
    await page.close();
    server.close();
  }
}

async function shot(page, name) {
  const file = path.join(shots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  log('screenshot', path.relative(repo, file));
}

async function main() {
  fs.mkdirSync(shots, { recursive: true });
  for (const old of fs.readdirSync(shots)) if (old.endsWith('.png')) fs.rmSync(path.join(shots, old));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'whitecoat-cms-e2e-'));
  const site = path.join(tmp, 'site');
  log('site', site);

  // A git repository holding a copy of the example site, with the editor generated into it.
  fs.cpSync(path.join(repo, 'example-site'), site, {
    recursive: true,
    filter: (src) => !/[\\/](public|\.whitecoat|\.public\.[^\\/]*)$/.test(src),
  });
  const git = (...args) => run('git', ['-C', site, ...args]);
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'e2e@whitecoat.invalid');
  git('config', 'user.name', 'cms e2e');
  run(whitecoat, ['cms', site, '--repo', 'okafor-heart/website']);
  run(whitecoat, ['cms', site, '--check']);
  git('add', '-A');
  git('commit', '-q', '-m', 'example site with the editor');
  const config = fs.readFileSync(path.join(site, 'static/admin/config.yml'), 'utf8');
  const index = fs.readFileSync(path.join(site, 'static/admin/index.html'), 'utf8');

  // The pinned editor scripts are the npm packages' files (the CDN serves those bytes).
  const decapJs = path.join(modules, 'decap-cms/dist/decap-cms.js');
  const [, integrity] = index.match(/<script src="[^"]+"[^>]* integrity="([^"]+)"/) ?? fail('no script tag in admin/index.html');
  if (sri(decapJs) !== integrity) fail(`admin/index.html pins ${integrity}, npm's decap-cms.js is ${sri(decapJs)}`);

  const before = check(site);
  log(`baseline: ${before.length} findings`);

  const out = path.join(tmp, 'public');
  run(whitecoat, ['build', site, '--out', out, '--quiet']);
  if (!fs.existsSync(path.join(out, 'admin/index.html'))) fail('the built site has no admin/index.html');

  const server = await serve(out);
  const sitePort = server.address().port;
  if (await portOpen(8081)) fail('port 8081 is in use: stop what listens there (decap-server must own it; the admin looks for it at localhost:8081)');
  const proxy = spawn(process.execPath, [path.join(modules, 'decap-server/dist/index.js')], {
    cwd: site,
    env: { ...env, PORT: '8081', BIND_HOST: '127.0.0.1', GIT_REPO_DIRECTORY: site, MODE: 'git', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(proxy);
  let proxyLog = '';
  proxy.stdout.on('data', (d) => (proxyLog += d));
  proxy.stderr.on('data', (d) => (proxyLog += d));
  await waitForPort(8081, 'decap-server');

  // A fresh profile every run (launchPersistentContext is how playwright takes --user-data-dir).
  const context = await chromium.launchPersistentContext(path.join(tmp, 'chromium'), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1366, height: 900 },
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP localhost 127.0.0.1',
    ],
  });
  try {
    const page = await context.newPage();
    errors = [];
    page.on('pageerror', (e) => errors.push(`uncaught: ${e?.message ?? e}`));
    page.on('console', (m) => { if (m.type() === 'error' || process.env.DEBUG) errors.push(`${m.type()}: ${m.text()}`); });
    // The CDN (unpkg.com/PACKAGE@VERSION/PATH) from the npm packages on disk, at the pinned
    // versions; nothing else leaves the machine.
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
      const [, pkg, version, rest] = url.hostname === 'unpkg.com' ? url.pathname.match(/^\/((?:@[^/]+\/)?[^@/]+)@([^/]+)\/(.*)$/) ?? [] : [];
      const dir = pkg ? path.join(modules, pkg) : '';
      const manifest = dir && path.join(dir, 'package.json');
      const installed = manifest && fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).version;
      const file = path.join(dir, rest ?? '');
      if (!installed || installed !== version || !file.startsWith(dir + path.sep) || !fs.existsSync(file)) {
        blocked.add(url.origin + url.pathname);
        return route.abort();
      }
      const type = /\.m?js$/.test(file) ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream';
      return route.fulfill({ path: file, headers: { 'access-control-allow-origin': '*', 'content-type': type } });
    });

    await page.goto(`http://127.0.0.1:${sitePort}/admin/`);
    await signIn(page);
    await page.getByText('Physician profile', { exact: true }).first().waitFor({ timeout: 60_000 });
    for (const label of ['Physician profile', 'Articles', 'Reviews', 'Team', 'Pages']) {
      await page.getByRole('link', { name: label }).first().waitFor();
    }
    await shot(page, '01-collections');

    const admin = `http://127.0.0.1:${sitePort}/admin/`;
    const published = async () => {
      await page.getByRole('button', { name: 'Publish' }).first().click();
      await page.getByText('Publish now', { exact: true }).click();
    };

    // An article, every kind of widget: text, a select of clinicians, a list, an object with a
    // required select and date, a list of objects, Markdown.
    await page.goto(`${admin}#/collections/articles/new`);
    await page.getByLabel('Title', { exact: true }).fill('Walking for a Healthy Heart');
    await page.getByLabel('Description (optional)', { exact: true }).fill('How regular walking helps your heart, and how to start safely.');
    await page.getByRole('button', { name: /Add tags/ }).click();
    await page.locator('[id^="tags-field"] input, input[id^="item-field"]').last().fill('exercise');
    await page.getByLabel('Reviewed by', { exact: true }).click();
    await page.getByRole('option', { name: /Hannah Lindqvist/ }).click();
    await page.getByLabel('Last reviewed on', { exact: true }).fill('2024-01-15');
    await page.getByRole('button', { name: /Add references/ }).click();
    await page.getByLabel('Title', { exact: true }).nth(1).fill('Physical Activity Guidelines for Americans');
    await page.getByLabel('Link (optional)', { exact: true }).fill('https://health.gov/our-work/nutrition-physical-activity/physical-activity-guidelines');
    await page.getByLabel('Publisher (optional)', { exact: true }).fill('U.S. Department of Health and Human Services');
    await page.getByLabel('Year (optional)', { exact: true }).fill('2018');
    const body = page.locator('[data-slate-editor="true"]').last();
    await body.click();
    await page.keyboard.type('Walking thirty minutes most days lowers blood pressure for many people. Ask your cardiologist before you start a new exercise program.');
    await shot(page, '02-article-filled');
    await published();
    await page.waitForURL(/entries\/walking-for-a-healthy-heart/, { timeout: 30_000 });
    await page.getByText('Entry saved').first().waitFor({ timeout: 15_000 });
    await shot(page, '03-article-published');
    const article = 'content/articles/walking-for-a-healthy-heart.md';
    await waitForFile(path.join(site, article));

    // A review. Without the signed authorization the editor refuses to save it.
    const reviewsBefore = fs.readdirSync(path.join(site, 'content/reviews')).sort();
    await page.goto(`${admin}#/collections/reviews/new`);
    await page.getByLabel('Shown as', { exact: true }).fill('J.D.');
    await page.getByLabel('Rating', { exact: true }).fill('5');
    await page.getByLabel('Review text', { exact: true }).fill(
      'Dr. Okafor explained every step of my cardiac rehab. She got me back to running in 3 weeks.',
    );
    await published();
    await page.getByText(/missed a required field/i).first().waitFor({ timeout: 15_000 });
    await page.getByLabel('Authorization id', { exact: true }).scrollIntoViewIfNeeded();
    await shot(page, '04-review-refused-without-authorization');
    await page.waitForTimeout(1000);
    const reviewsRefused = fs.readdirSync(path.join(site, 'content/reviews')).sort();
    if (reviewsRefused.join() !== reviewsBefore.join()) fail(`a review without an authorization was saved: ${reviewsRefused}`);
    log('the editor refused a review without its authorization');

    await page.getByLabel('Authorization id', { exact: true }).fill('AUTH-E2E-001');
    await page.getByLabel('Signed on', { exact: true }).fill('2026-10-01');
    await page.getByLabel('Expires on', { exact: true }).fill('2028-10-01');
    await published();
    const review = 'content/reviews/auth-e2e-001.md';
    await waitForFile(path.join(site, review));
    await page.waitForURL(/entries\/auth-e2e-001/, { timeout: 15_000 });
    await page.getByText('Entry saved').first().waitFor({ timeout: 15_000 });
    await shot(page, '05-review-published');
    await checkSaved(site, article, review, before);

    // The lists, as an editor sees them after signing in again.
    await page.goto(admin);
    await page.reload();
    await signIn(page);
    for (const [collection, expected, name] of [['reviews', 'AUTH-E2E-001', '06-reviews-list'], ['articles', 'Walking for a Healthy Heart', '07-articles-list']]) {
      await page.goto(`${admin}#/collections/${collection}`);
      await page.getByText(expected).first().waitFor({ timeout: 15_000 });
      const count = fs.readdirSync(path.join(site, 'content', collection)).length;
      await page.waitForFunction((n) => document.querySelectorAll('a[href*="/entries/"]').length >= n, count, { timeout: 15_000 })
        .catch(() => fail(`the ${collection} list does not show all ${count} files`));
      await shot(page, name);
    }
    await sveltia(context, site, out, sitePort);
    await underHeaders(context, site, out);
    if (errors.length) log('browser console errors:', JSON.stringify(errors, null, 1));
  } finally {
    await context.close();
    server.close();
  }
  if (process.env.DEBUG) log(proxyLog.slice(-2000));
  if (!process.env.KEEP) fs.rmSync(tmp, { recursive: true, force: true });
}

let errors = [];
// decap-server must never outlive the test, however it ends.
const stop = () => { for (const child of children) child.kill(); };
process.on('exit', stop);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { stop(); process.exit(1); });
main()
  .catch((e) => {
    failed = true;
    console.error('cms-e2e: FAIL:', e.message);
  })
  .finally(() => {
    stop();
    if (blocked.size) log('requests kept from the network:', [...blocked].join(', '));
    log(failed ? 'FAILED' : 'passed');
    process.exitCode = failed ? 1 : 0;
  });
