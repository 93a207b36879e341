import type { ReceivedChunk } from '../receivers/index.js';
import { InProcessQueue } from '../pipeline/in-process-queue.js';
import { toPipelineRecords, type PipelineTotals } from '../pipeline/pipeline.js';
import { emptyBatch } from '../pipeline/stage.js';
import { countFailed, countReceived } from '../telemetry/metrics.observer.js';
import type { RunningPipeline } from './build-pipeline.js';

export interface IngestOptions {
  /** Chunks buffered between the receiver and the pipeline (the embedded stand-in for a topic). */
  readonly queueCapacity: number;
  /** Save the miner state every this many batches, so a crash loses little. Default 50. */
  readonly checkpointEvery?: number;
  /** Stops reading (Ctrl-C, SIGTERM); what was read is still processed, flushed and checkpointed. */
  readonly signal?: AbortSignal;
}

export interface IngestResult {
  readonly totals: PipelineTotals;
  readonly seconds: number;
}

/**
 * Drives the embedded pipeline: the receiver fills a bounded in-process queue while the
 * pipeline drains it, so reading overlaps with mining and database writes, and a slow
 * database holds the reader back instead of growing memory. Ends with a flush (closing
 * detection windows and sessions) and a miner checkpoint.
 */
export async function ingest(
  source: AsyncIterable<ReceivedChunk>,
  running: RunningPipeline,
  options: IngestOptions,
): Promise<IngestResult> {
  const started = performance.now();
  const queue = new InProcessQueue<ReceivedChunk>(options.queueCapacity);
  const checkpointEvery = options.checkpointEvery ?? 50;

  const produce = async (): Promise<void> => {
    try {
      for await (const chunk of source) {
        await queue.push(chunk);
        // Checked after the push: a chunk that was read is stored, not dropped.
        if (options.signal?.aborted === true) break;
      }
      queue.close();
    } catch (error) {
      queue.fail(error);
    }
  };
  const consume = async (): Promise<void> => {
    let batches = 0;
    try {
      for await (const chunk of queue) {
        const batch = emptyBatch(toPipelineRecords(chunk.records));
        batch.deadLetters.push(...chunk.deadLetters);
        countReceived(chunk.records);
        await running.pipeline.process(batch).catch((error: unknown) => {
          countFailed(error, batch.records.length);
          throw error;
        });
        batches += 1;
        if (batches % checkpointEvery === 0) await running.checkpoint();
      }
    } catch (error) {
      // Release a reader blocked on a full queue; the error below is the one that matters.
      queue.close();
      throw error;
    }
    await running.pipeline.flush();
    await running.checkpoint();
  };

  await Promise.all([produce(), consume()]);
  return { totals: { ...running.pipeline.totals }, seconds: (performance.now() - started) / 1000 };
}
