/** Placeholder until the storage work lands: uses AILOG_TEST_DATABASE_URL only. */
export async function ensurePostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  return { url: process.env.AILOG_TEST_DATABASE_URL ?? '', stop: async () => {} };
}
