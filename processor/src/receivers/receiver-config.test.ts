import { describe, expect, it } from 'vitest';
import { receiverConfigSchema } from './receiver-config.js';

describe('receiverConfigSchema', () => {
  it('states its defaults', () => {
    expect(receiverConfigSchema.parse({})).toEqual({
      batchSize: 1000,
      maxLineBytes: 65536,
      format: 'auto',
      multiline: { enabled: true, maxLines: 500, maxBytes: 262144, flushAfterMs: 1000 },
    });
  });

  it('fills nested defaults when only some multiline fields are given', () => {
    expect(receiverConfigSchema.parse({ multiline: { maxLines: 5 } }).multiline).toEqual({ enabled: true, maxLines: 5, maxBytes: 262144, flushAfterMs: 1000 });
  });

  it('rejects nonsense values, reporting every problem', () => {
    const result = receiverConfigSchema.safeParse({ batchSize: 0, maxLineBytes: 10, format: '' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['batchSize', 'format', 'maxLineBytes']);
  });
});
