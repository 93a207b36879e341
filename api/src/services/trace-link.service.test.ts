import { describe, expect, it } from 'vitest';
import { TraceLinkService } from './trace-link.service.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('TraceLinkService', () => {
  it('gives no link without a backend or a usable trace id', () => {
    expect(new TraceLinkService().urlFor(TRACE)).toBeNull();
    const tempo = new TraceLinkService({ tempoUrl: 'http://tempo:3200' });
    expect(tempo.urlFor(null)).toBeNull();
    expect(tempo.urlFor('a b/../c')).toBeNull();
  });

  it('links to Tempo by id, or to Grafana Explore when Grafana is configured', () => {
    expect(new TraceLinkService({ tempoUrl: 'http://tempo:3200/' }).urlFor(TRACE)).toBe(`http://tempo:3200/api/traces/${TRACE}`);
    const url = new TraceLinkService({ tempoUrl: 'http://tempo:3200', grafanaUrl: 'https://g.example', grafanaTempoDatasource: 'tmp' }).urlFor(TRACE)!;
    expect(url.startsWith('https://g.example/explore?orgId=1&left=')).toBe(true);
    expect(JSON.parse(decodeURIComponent(url.split('left=')[1]!))).toMatchObject({ datasource: 'tmp', queries: [{ queryType: 'traceql', query: TRACE }] });
  });
});
