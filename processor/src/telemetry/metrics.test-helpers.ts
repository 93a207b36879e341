import type { Metric } from 'prom-client';

/**
 * The current value of one series of a metric (0 when absent). For histograms pass the sample
 * name, e.g. `ailog_stage_duration_seconds_count`. Metrics are process-global, so tests compare
 * values before and after rather than absolute numbers.
 */
export async function metricValue(metric: Metric, labels: Record<string, string> = {}, sample?: string): Promise<number> {
  const { values } = await metric.get();
  const hit = (values as Array<(typeof values)[number] & { metricName?: string }>).find(
    (v) =>
      (sample === undefined || v.metricName === sample) &&
      Object.entries(labels).every(([k, want]) => String((v.labels as Record<string, unknown>)[k]) === want),
  );
  return hit?.value ?? 0;
}
