// A static file server for a built site on 127.0.0.1, sending the site's `_headers` with every
// response so the browser enforces its Content-Security-Policy as the real host would, and, when
// given its `_redirects` rules, answering each rule's FROM with its status and TO as Cloudflare
// Pages does (before any file: the fallback page at FROM is never served then). No npm
// dependencies: only node:http and node:fs.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { headersFor } from './headers.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.webmanifest': 'application/manifest+json',
  '.yml': 'text/yaml; charset=utf-8',
};

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Where `urlPath` lives under `root`, or null when it escapes the root. */
function fileFor(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const path = normalize(join(root, decoded));
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep) ? path : null;
}

/**
 * Serves `root` with `rules` (parsed `_headers`) and `redirects` (parsed `_redirects`, paths from
 * `root`; none by default). Resolves to `{ origin, close }` once listening on an ephemeral port.
 * Folders answer with their index.html; `/about` redirects to `/about/` as static hosts do;
 * anything missing is 404.html with status 404.
 */
export async function serve(root, rules, { redirects = [] } = {}) {
  const server = createServer(async (req, res) => {
    const urlPath = new URL(req.url, 'http://localhost').pathname;
    const redirect = redirects.find((r) => r.from === urlPath);
    const send = async (status, file, extra = {}) => {
      const body = file ? await readFile(file) : Buffer.from(`${status}\n`);
      res.writeHead(status, {
        'Content-Type': file ? (TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream') : 'text/plain',
        'Cache-Control': 'no-store',
        ...headersFor(rules, urlPath),
        ...extra,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (redirect) return await send(redirect.status, null, { Location: redirect.to });
      const path = fileFor(root, urlPath);
      if (path === null) return await send(400, null);
      if (await isFile(path)) return await send(200, path);
      if (urlPath.endsWith('/') && (await isFile(join(path, 'index.html')))) return await send(200, join(path, 'index.html'));
      if (!urlPath.endsWith('/') && (await isFile(join(path, 'index.html')))) {
        return await send(301, null, { Location: `${urlPath}/` });
      }
      const notFound = join(root, '404.html');
      return await send(404, (await isFile(notFound)) ? notFound : null);
    } catch (error) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
