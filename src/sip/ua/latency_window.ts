/** The last N latencies, for p50/p99 figures on the stats endpoint. */
export class LatencyWindow {
  #values: Float64Array;
  #count = 0;

  constructor(size: number) {
    this.#values = new Float64Array(size);
  }

  add(ms: number): void {
    this.#values[this.#count % this.#values.length] = ms;
    this.#count++;
  }

  /**
   * Percentiles in ms (one decimal) of the values added since the `since`-th one (all kept
   * values by default), or nulls when there are none.
   */
  summary(
    since = 0,
  ): { count: number; p50_ms: number | null; p99_ms: number | null; max_ms: number | null } {
    const size = this.#values.length;
    const first = Math.max(since, this.#count - size);
    const n = Math.max(0, this.#count - first);
    if (n === 0) return { count: this.#count, p50_ms: null, p99_ms: null, max_ms: null };
    const picked = new Float64Array(n);
    for (let i = 0; i < n; i++) picked[i] = this.#values[(first + i) % size];
    const sorted = picked.sort();
    const at = (q: number) => Math.round(sorted[Math.min(n - 1, Math.ceil(q * n) - 1)] * 10) / 10;
    return {
      count: this.#count,
      p50_ms: at(0.5),
      p99_ms: at(0.99),
      max_ms: Math.round(sorted[n - 1] * 10) / 10,
    };
  }
}
