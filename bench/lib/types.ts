/** One row of `bench/results/latest.json`. */
export interface BenchResult {
  /** `call-overhead`, `onapp-xml`, ... (suffixed when one benchmark reports several rows). */
  name: string;
  value: number;
  /** `ratio`, `ms`, `MB`, `polls`, ... */
  unit: string;
  /** What the value is measured against. */
  baseline: string;
  /** The target, how it was measured, and what limits it. */
  notes: string;
  /** Whether the target is met (printed, not asserted: benchmarks are not tests). */
  met?: boolean | undefined;
}

/** A benchmark module. */
export interface Benchmark {
  name: string;
  run(): Promise<BenchResult[]>;
}
