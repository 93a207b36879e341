import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

const require = createRequire(import.meta.url);

/**
 * Files the page loads, served from the npm packages on this machine: no CDN, so the
 * playground works offline and behind an egress-filtered network. React 18 is the last major
 * with UMD builds, which is what graphiql 3's UMD bundle expects as globals.
 */
const ASSETS: Readonly<Record<string, { readonly pkg: string; readonly file: string; readonly type: string }>> = {
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css; charset=utf-8' },
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript; charset=utf-8' },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript; charset=utf-8' },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript; charset=utf-8' },
};

/** Via `package.json`: react's `exports` hide its `umd/` folder from plain resolution. */
function assetFile(asset: { readonly pkg: string; readonly file: string }): string {
  return join(dirname(require.resolve(`${asset.pkg}/package.json`)), asset.file);
}

/** Where the assets are mounted. Public: a browser cannot attach a key to `<script src>`. */
export const GRAPHIQL_ASSET_PATH = '/graphiql';

/**
 * Runs in the page: GraphiQL over HTTP and graphql-ws on the same origin. The key typed into the
 * headers editor goes on every HTTP request and, merged into `connectionParams`, on subscriptions.
 */
const SETUP_SCRIPT = `(function () {
  var wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + location.pathname;
  var fetcher = GraphiQL.createFetcher({ url: location.pathname, subscriptionUrl: wsUrl });
  var headers = JSON.stringify({ 'X-API-Key': 'ailog_... (ailog apikey create --role reader)' }, null, 2);
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, { fetcher: fetcher, defaultHeaders: headers, shouldPersistHeaders: true, isHeadersEditorEnabled: true }));
})();
`;

/** The page; every URL in it is same-origin and relative to the asset path. */
export function graphiqlPage(assetPath = GRAPHIQL_ASSET_PATH): string {
  const scripts = ['react.production.min.js', 'react-dom.production.min.js', 'graphiql.min.js', 'setup.js']
    .map((file) => `    <script src="${assetPath}/${file}"></script>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>ailog GraphiQL</title>
    <link rel="stylesheet" href="${assetPath}/graphiql.min.css" />
    <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
${scripts}
  </body>
</html>
`;
}

function wantsHtml(req: Request): boolean {
  // Browsers ask for text/html first; GraphQL clients doing GET ask for JSON and fall through.
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/**
 * `GET /graphql` with `Accept: text/html` → the GraphiQL page; `GET /graphiql/<file>` → its
 * assets. Mount before authentication: the page and assets hold no data, every query the page
 * sends still needs a key. A plain middleware, not an express Router: a Router would answer
 * `OPTIONS /graphql` itself, bypassing CORS and authentication. Disabled → passes everything on.
 */
export function graphiqlRouter(options: { readonly enabled: boolean; readonly endpoint?: string }): RequestHandler {
  const page = graphiqlPage();
  const endpoint = options.endpoint ?? '/graphql';
  const assetPrefix = `${GRAPHIQL_ASSET_PATH}/`;
  return (req: Request, res: Response, next: NextFunction) => {
    if (!options.enabled || (req.method !== 'GET' && req.method !== 'HEAD')) {
      next();
      return;
    }
    if (req.path === endpoint && wantsHtml(req)) {
      res.type('html').set('Cache-Control', 'no-cache').send(page);
      return;
    }
    if (!req.path.startsWith(assetPrefix)) {
      next();
      return;
    }
    const file = req.path.slice(assetPrefix.length);
    if (file === 'setup.js') {
      res.type('text/javascript; charset=utf-8').send(SETUP_SCRIPT);
      return;
    }
    // Only the names in ASSETS: the request never chooses a path on disk.
    const asset = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!asset) {
      next();
      return;
    }
    res.sendFile(assetFile(asset), { headers: { 'Content-Type': asset.type }, maxAge: '1h' }, (error) => {
      if (error) next(error);
    });
  };
}
