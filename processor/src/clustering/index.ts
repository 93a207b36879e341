export { hdbscan, hdbscanConfigSchema, type HdbscanConfig, type HdbscanResult } from './hdbscan.js';
export { reduceDimensions } from './pca.js';
export {
  clusterTemplates,
  templateClusteringSchema,
  type TemplateCluster,
  type TemplateClustering,
  type TemplateClusteringInput,
  type TemplateClusteringParams,
  type TemplateMembership,
  type TemplatePoint,
} from './template-clustering.js';
export { clusterLabels } from './cluster-labels.js';
