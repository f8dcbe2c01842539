// Reads a Netlify/Cloudflare Pages `_headers` file, so the test server sends what the static host
// would: a path pattern at the start of a line opens a block, indented `Name: value` lines below it
// are that block's headers. `*` in a pattern matches any run of characters (`/*` is every path).
import { readFileSync, existsSync } from 'node:fs';

/** Parses the text of a `_headers` file into `[{ pattern, headers: [[name, value]] }]`. */
export function parseHeaders(text) {
  const rules = [];
  let current = null;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!/^\s/.test(raw)) {
      current = { pattern: line, headers: [] };
      rules.push(current);
      continue;
    }
    const colon = line.indexOf(':');
    // A header line outside a block or without a colon would be dropped by the host too; say so
    // here, where a typo in the generator would otherwise pass unnoticed.
    if (current === null || colon <= 0) {
      throw new Error(`_headers line ${index + 1}: expected "Name: value" under a path, got ${JSON.stringify(raw)}`);
    }
    current.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

function patternToRegExp(pattern) {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/** The headers every matching block gives `path`, in file order (later blocks win). */
export function headersFor(rules, path) {
  const out = {};
  for (const rule of rules) {
    if (patternToRegExp(rule.pattern).test(path)) {
      for (const [name, value] of rule.headers) out[name] = value;
    }
  }
  return out;
}

/** Loads `_headers` from a built site; a site without one cannot have its CSP tested. */
export function loadHeaders(file) {
  if (!existsSync(file)) throw new Error(`${file} does not exist: the Content-Security-Policy cannot be enforced`);
  return parseHeaders(readFileSync(file, 'utf8'));
}
