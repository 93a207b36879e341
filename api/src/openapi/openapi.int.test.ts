import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../testing/api-harness.js';

let h: ApiHarness;

beforeAll(async () => {
  h = await startApiHarness(inject('databaseUrl'), 3);
});
afterAll(async () => {
  await h?.close();
});

describe('GET /openapi.json and /docs over HTTP', () => {
  it('serves a valid OpenAPI document without a key', async () => {
    const res = await fetch(`${h.baseUrl}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const doc = (await res.json()) as Parameters<typeof SwaggerParser.validate>[0];
    await expect(SwaggerParser.validate(doc)).resolves.toMatchObject({ info: { title: 'ailog API', version: '0.1.0' } });
  });

  it('serves the Swagger UI page and every asset it references, from this server', async () => {
    const page = await fetch(`${h.baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(refs).toEqual(['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js', '/docs/swagger-ui-standalone-preset.js', '/docs/init.js']);
    for (const ref of refs) {
      const asset = await fetch(`${h.baseUrl}${ref}`);
      expect(asset.status, ref).toBe(200);
      expect((await asset.text()).length, ref).toBeGreaterThan(ref === '/docs/init.js' ? 100 : 10_000);
    }
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('documents only routes that exist (each answers something other than "no such route")', async () => {
    const doc = (await (await fetch(`${h.baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        const url = `${h.baseUrl}${path.replace(/\{[^}]+\}/g, '1')}`;
        const res = await fetch(url, { method: method.toUpperCase(), headers: { 'x-api-key': h.keys.admin, 'content-type': 'application/json' }, ...(method === 'post' && { body: '{}' }) });
        const body = res.headers.get('content-type')?.includes('json') ? ((await res.json()) as { error?: { details?: { what?: string } } }) : {};
        expect(body.error?.details?.what, `${method} ${path}`).not.toBe('route');
      }
    }
  });

  it('keeps the routes it documents behind the key', async () => {
    expect((await fetch(`${h.baseUrl}/api/v1/logs/search`)).status).toBe(401);
    expect((await fetch(`${h.baseUrl}/docs/index.html`)).status).toBe(401);
  });
});
