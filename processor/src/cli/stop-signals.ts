/**
 * SIGINT/SIGTERM as an AbortSignal for long commands: the first signal stops reading so what
 * was read is processed, stored and checkpointed; a second one exits at once.
 */
export function stopOnSignals(): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      // Second signal: default behaviour again, so the process ends now.
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.kill(process.pid, name);
      return;
    }
    process.stderr.write(`\nailog: ${name}: finishing what was read (again to abort)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
