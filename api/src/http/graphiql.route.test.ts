import { describe, expect, it } from 'vitest';
import { graphiqlPage } from './graphiql.route.js';

describe('graphiqlPage', () => {
  it('references only same-origin assets: no CDN, no absolute URL', () => {
    const html = graphiqlPage();
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls).toEqual([
      '/graphiql/graphiql.min.css',
      '/graphiql/react.production.min.js',
      '/graphiql/react-dom.production.min.js',
      '/graphiql/graphiql.min.js',
      '/graphiql/setup.js',
    ]);
    expect(html).not.toMatch(/\/\/[a-z]/i);
  });
});
