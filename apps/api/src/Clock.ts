/**
 * The product's time. Development may move it (PUT /api/dev/clock), so that demo data spans a month
 * on a fresh machine; production has no way to. Only what the product records reads it: tokens,
 * webhook signatures and rate limits keep the real time.
 */
export class Clock {
  private offsetMs = 0;

  readonly now = (): Date => new Date(Date.now() + this.offsetMs);

  /** From now on the time reads `at`, and runs on from there; null: the real time again. */
  set(at: Date | null): void {
    this.offsetMs = at ? at.getTime() - Date.now() : 0;
  }
}
