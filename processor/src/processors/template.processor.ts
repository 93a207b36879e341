import type { TemplateMiner } from '../templates/index.js';
import type { Batch, Processor, TemplateAlias } from '../pipeline/stage.js';

/**
 * The mine-template stage: assigns each record its template and parameters. When a line
 * generalises a template mid-batch, earlier records of the batch are moved to the final id so
 * that one batch never writes two ids for one template; the old → new pairs ride on the batch
 * for the exporter to store as aliases.
 */
export class TemplateProcessor implements Processor {
  readonly stage = 'template' as const;

  constructor(private readonly miner: TemplateMiner) {}

  process(batch: Batch): void {
    const latestText = new Map<string, string>();
    const aliases: TemplateAlias[] = [];
    for (const item of batch.records) {
      const result = this.miner.add(item.record.message);
      item.template = { id: result.id, text: result.text, params: result.params, isNew: result.isNew };
      latestText.set(result.id, result.text);
      if (result.aliasOf !== undefined && result.aliasOf !== result.id) {
        aliases.push({ from: result.aliasOf, to: result.id });
      }
    }
    if (aliases.length === 0) return;
    for (const item of batch.records) {
      const template = item.template;
      if (template === undefined) continue;
      const finalId = this.miner.resolve(template.id);
      if (finalId === template.id) continue;
      item.template = { ...template, id: finalId, text: latestText.get(finalId) ?? template.text };
    }
    batch.templateAliases = [...(batch.templateAliases ?? []), ...aliases];
  }
}
