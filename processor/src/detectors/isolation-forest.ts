import { createRequire } from 'node:module';

interface ForestImpl {
  train(rows: number[][]): void;
  predict(rows: number[][]): number[];
}

const require = createRequire(import.meta.url);
// CommonJS package without types: the one typed boundary around it
const { IsolationForest: Impl } = require('ml-isolation-forest') as { IsolationForest: new (o: { nEstimators: number }) => ForestImpl };

/** Typed wrapper over `ml-isolation-forest`, with subsampling (the package trains on all rows). */
export class IsolationForestModel {
  private forest: ForestImpl | null = null;

  constructor(
    private readonly trees = 100,
    private readonly sampleSize = 256,
  ) {}

  fit(rows: readonly number[][]): void {
    const sample = rows.length <= this.sampleSize ? [...rows] : pickSample(rows, this.sampleSize);
    const forest = new Impl({ nEstimators: this.trees });
    forest.train(sample);
    this.forest = forest;
  }

  get fitted(): boolean {
    return this.forest !== null;
  }

  /** Raw isolation scores (≈0.5 ordinary, → 1 isolated); empty before `fit`. */
  predict(rows: readonly number[][]): number[] {
    return this.forest === null ? [] : this.forest.predict([...rows]);
  }
}

function pickSample(rows: readonly number[][], k: number): number[][] {
  const step = rows.length / k;
  return Array.from({ length: k }, (_, i) => rows[Math.floor(i * step)] as number[]);
}
