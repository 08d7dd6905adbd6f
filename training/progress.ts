import { Presets, SingleBar } from "cli-progress";

/** A progress bar on stderr for a long step; quiet when stderr is not a terminal. */
export function progressBar(label: string): { update(done: number, total: number): void; stop(): void } {
  const bar = new SingleBar(
    {
      format: `${label.padEnd(18)} [{bar}] {percentage}% | {value}/{total}`,
      noTTYOutput: false,
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}

/** A maker of progress bars when `enabled`, else of bars that show nothing. */
export function progressBars(enabled: boolean): (label: string) => ReturnType<typeof progressBar> {
  return (label) => (enabled ? progressBar(label) : { update() {}, stop() {} });
}
