import { describe, expect, it } from 'vitest';
import { clusterLabels } from './cluster-labels.js';
import { clusterTemplates, type TemplatePoint } from './template-clustering.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Templates around three directions in 32-d, plus two pointing elsewhere; every vector also
 * carries a large shared component, as averaged word vectors do.
 */
function groups(): TemplatePoint[] {
  const r = rng(5);
  const dims = 32;
  const common = Float32Array.from({ length: dims }, () => 0.6 + r() * 0.2);
  const around = (dir: (i: number) => number, scale: number): Float32Array =>
    Float32Array.from({ length: dims }, (_, i) => dir(i) + (common[i] as number) + (r() - 0.5) * scale);
  const axis = (k: number, scale: number): Float32Array => around((i) => (i === k ? 1.5 : 0), scale);
  const out: TemplatePoint[] = [];
  const names = [
    ['disk full on <*>', 'no space left on device <*>', 'disk quota exceeded for <*>', 'write failed disk full', 'disk <*> nearly full'],
    ['request served in <*> ms', 'GET <*> served', 'request <*> served ok', 'served <*> bytes', 'request completed served'],
    ['db connection timeout', 'connection pool exhausted', 'db connection refused <*>', 'connection reset by db', 'db connection lost'],
  ];
  names.forEach((texts, k) => texts.forEach((text, j) => out.push({ id: `g${k}-${j}`, text, count: 10, vector: axis(k, 0.15) })));
  out.push({ id: 'odd-1', text: 'kernel panic', count: 1, vector: around((i) => (i % 2 === 0 ? 0.9 : -0.9), 0.1) });
  out.push({ id: 'odd-2', text: 'cosmic ray flipped bit', count: 1, vector: around((i) => (i >= 16 ? 0.9 : -0.6), 0.1) });
  return out;
}

describe('clusterTemplates', () => {
  it('recovers the groups, calls the stragglers outliers and names each cluster from its words', () => {
    const { clusters, members } = clusterTemplates(groups(), { minClusterSize: 3 });
    expect(clusters).toHaveLength(3);
    const sets = clusters.map((c) => [...c.memberIds].sort().join(','));
    for (const k of [0, 1, 2]) expect(sets).toContain([0, 1, 2, 3, 4].map((j) => `g${k}-${j}`).join(','));
    const byId = new Map(members.map((m) => [m.templateId, m]));
    expect(byId.get('odd-1')?.clusterId).toBeNull();
    expect(byId.get('odd-2')?.clusterId).toBeNull();
    expect(byId.get('odd-1')?.nearestClusterId).toMatch(/^c\d$/);
    expect(byId.get('odd-1')?.outlierScore).toBeGreaterThan(byId.get('g0-0')?.outlierScore ?? 1);
    const diskCluster = clusters.find((c) => c.memberIds.includes('g0-0'));
    expect(diskCluster?.label).toContain('disk');
    expect(clusters.find((c) => c.memberIds.includes('g1-0'))?.label).toContain('served');
    expect(diskCluster?.representativeTemplateIds).toHaveLength(3);
    expect(byId.get('g0-1')?.clusterId).toBe(diskCluster?.id);
    expect(byId.get('g0-1')?.similarity).toBeGreaterThan(0.9);
  });

  it('orders clusters by size and keeps unit-length centroids', () => {
    const points = groups().filter((p) => p.id !== 'g2-4' && p.id !== 'g2-3');
    const { clusters } = clusterTemplates(points, { minClusterSize: 3 });
    expect(clusters.map((c) => c.size)).toEqual([5, 5, 3]);
    expect(clusters.map((c) => c.id)).toEqual(['c0', 'c1', 'c2']);
    const norm = Math.hypot(...(clusters[0]?.centroid ?? []));
    expect(norm).toBeCloseTo(1, 5);
  });

  it('finds nothing in too few templates, and every template is still listed', () => {
    const { clusters, members } = clusterTemplates(groups().slice(0, 2), { minClusterSize: 3 });
    expect(clusters).toEqual([]);
    expect(members.map((m) => m.clusterId)).toEqual([null, null]);
    expect(members[0]?.nearestClusterId).toBeNull();
  });
});

describe('clusterLabels', () => {
  it('prefers words specific to a cluster over words every cluster shares', () => {
    const labels = clusterLabels([
      [{ text: 'user <*> login failed', count: 3 }, { text: 'user <*> login ok', count: 3 }],
      [{ text: 'user <*> cart checkout', count: 3 }, { text: 'user <*> checkout paid', count: 3 }],
    ], 1);
    expect(labels).toEqual(['login', 'checkout']);
  });
});
