import { createSpeedMeter, type SpeedMeter } from "@/lib/speed-meter";

/**
 * The rate at which bytes leave for storage, all files together, reported once a second while
 * uploads are in flight (and as 0 when they stop).
 */
export class TransferRate {
  readonly #onRate: (bytesPerSecond: number) => void;
  /** Every byte that left for storage, retries included: the honest base for speed. */
  #bytesSent = 0;
  #meter: SpeedMeter = createSpeedMeter({ halfLifeMs: 3000 });
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(onRate: (bytesPerSecond: number) => void) {
    this.#onRate = onRate;
  }

  countSent(bytes: number): void {
    this.#bytesSent += bytes;
  }

  sync(isActive: boolean): void {
    if (isActive && this.#timer === undefined) {
      this.#meter = createSpeedMeter({ halfLifeMs: 3000 });
      this.#meter.sample(this.#bytesSent, performance.now());
      this.#timer = setInterval(() => this.#onRate(this.#meter.sample(this.#bytesSent, performance.now())), 1000);
    } else if (!isActive && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      this.#onRate(0);
    }
  }
}
