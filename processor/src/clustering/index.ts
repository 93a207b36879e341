export { hdbscan, hdbscanConfigSchema, type HdbscanConfig, type HdbscanResult } from './hdbscan.js';
export { reduceDimensions } from './pca.js';
