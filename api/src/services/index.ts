import type { Database } from '@ailog/processor/storage/index';
import { AnomalyService } from './anomaly.service.js';
import { LogService } from './log.service.js';
import { TemplateService } from './template.service.js';

/** Everything resolvers and REST routes call; neither holds logic of its own. */
export interface Services {
  readonly logs: LogService;
  readonly anomalies: AnomalyService;
  readonly templates: TemplateService;
}

export function createServices(db: Database): Services {
  return { logs: new LogService(db), anomalies: new AnomalyService(db), templates: new TemplateService(db) };
}
