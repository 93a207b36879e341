import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Router } from 'express';
import { buildOpenApiDocument } from './openapi.document.js';

const require = createRequire(import.meta.url);

/** Swagger UI files served from the npm package on this machine (no CDN). */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};

const DIST = dirname(require.resolve('swagger-ui-dist/package.json'));

// A file rather than an inline script, so a strict Content-Security-Policy can still allow it.
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
    persistAuthorization: true,
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>ailog API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

/**
 * `GET /openapi.json` and `GET /docs` (Swagger UI). Mounted before the key check on purpose:
 * both describe the published interface and hold no data, a browser cannot attach a key to a
 * page load, and tools (codegen, linters) fetch the document anonymously. Every call made from
 * the page still needs a key (the Authorize button).
 */
export function openApiRouter(version: string): Router {
  const router = Router();
  const document = JSON.stringify(buildOpenApiDocument(version));
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(document);
  });
  router.get(['/docs', '/docs/'], (_req, res) => {
    res.type('text/html; charset=utf-8').send(PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('text/javascript; charset=utf-8').send(INIT_SCRIPT);
  });
  for (const [file, type] of Object.entries(ASSETS)) {
    router.get(`/docs/${file}`, (_req, res, next) => {
      res.type(type).sendFile(join(DIST, file), { maxAge: '1d' }, (error?: Error) => {
        if (error) next(error);
      });
    });
  }
  return router;
}
