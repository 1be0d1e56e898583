/**
 * A hybrid logical clock (Kulkarni et al., 2014): every change of a synced field is stamped with
 * the later of the wall clock and every stamp this device has seen, plus a counter and the
 * device id. Stamps order changes across devices even when their wall clocks disagree (a change
 * made after seeing another one is always later), and two stamps are never equal (the device id
 * breaks ties), so "the last writer wins" is one answer on every device.
 *
 * A stamp is a string that sorts as it orders: `0001796683830121:00000:<device>`
 * (milliseconds, 16 digits; counter, base 36, 5 digits; device id).
 */

/** The clock's state: the highest time seen and the counter within it. */
export interface Clock {
  ms: number;
  counter: number;
}

export type Stamp = string;

export const ZERO_CLOCK: Clock = { ms: 0, counter: 0 };

const MS_DIGITS = 16;
const COUNTER_DIGITS = 5;
const COUNTER_MAX = 36 ** COUNTER_DIGITS - 1;

/** The stamp of a clock state on a device. */
export function formatStamp(clock: Clock, device: string): Stamp {
  return `${String(clock.ms).padStart(MS_DIGITS, '0')}:${clock.counter.toString(36).padStart(COUNTER_DIGITS, '0')}:${device}`;
}

/** The time, counter and device of a stamp; undefined when it is not one. */
export function parseStamp(stamp: string): (Clock & { device: string }) | undefined {
  const m = /^(\d{16}):([0-9a-z]{5}):(.+)$/.exec(stamp);
  if (!m) return undefined;
  return { ms: Number(m[1]), counter: Number.parseInt(m[2]!, 36), device: m[3]! };
}

/** A local event: the next clock state (later than every state before it and than `now`). */
export function tick(clock: Clock, now: number): Clock {
  if (now > clock.ms) return { ms: now, counter: 0 };
  if (clock.counter >= COUNTER_MAX) return { ms: clock.ms + 1, counter: 0 };
  return { ms: clock.ms, counter: clock.counter + 1 };
}

/**
 * A stamp seen from another device: the clock moves past it, so the next local change is
 * ordered after everything this device has seen. A stamp far in the future (a device whose
 * clock is wrong by more than `maxDriftMs`) is not followed, so one bad clock cannot drag every
 * device's stamps ahead of it; its own changes still order by their stamp.
 */
export function receive(clock: Clock, stamp: Stamp, now: number, maxDriftMs = 24 * 60 * 60_000): Clock {
  const seen = parseStamp(stamp);
  if (!seen || seen.ms > now + maxDriftMs) return clock;
  if (seen.ms > clock.ms) return { ms: seen.ms, counter: seen.counter };
  if (seen.ms === clock.ms && seen.counter > clock.counter) return { ms: clock.ms, counter: seen.counter };
  return clock;
}

/** A stamp generator for one round of changes on one device. */
export class StampSource {
  constructor(
    private clock: Clock,
    readonly device: string,
    private readonly now: () => number,
  ) {}

  /** The stamp of the next local change. */
  next(): Stamp {
    this.clock = tick(this.clock, this.now());
    return formatStamp(this.clock, this.device);
  }

  /** Move past a stamp seen from another device. */
  see(stamp: Stamp): void {
    this.clock = receive(this.clock, stamp, this.now());
  }

  get state(): Clock {
    return { ...this.clock };
  }
}
