/**
 * The fuzzer inside `npm test`: each property of test/hostile/fuzz-properties.ts over a few thousand cases in all,
 * with a fixed seed (the same cases every run). `npm run fuzz` (scripts/fuzz.ts) runs the same properties over
 * 100,000 cases and more, with a new seed each time.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../src/pipeline.js';
import { fuzzProperties, type PropertyReport } from './hostile/fuzz-properties.js';

const SEED = 20_240_311;
const RUNS: Record<string, number> = { 'analyze-object': 1500, 'analyze-bytes': 800, ingest: 150, api: 800 };

/** The failure in words, for the assertion message. */
const describeFailure = (r: PropertyReport): string =>
  r.failure ? `${r.failure.kind} (seed ${r.seed}, path ${r.failure.path}): ${r.failure.message}\ncounterexample: ${r.failure.counterexample}` : '';

describe('fuzz (fixed seed)', () => {
  beforeAll(() => {
    analyze({ raw: '', text: '' });
  });
  for (const property of fuzzProperties()) {
    it(`${property.name}: ${RUNS[property.name]} cases, no failure and no crash`, async () => {
      const report = await property.run(RUNS[property.name]!, SEED);
      expect(report.failure, describeFailure(report)).toBeNull();
      expect(report.runs).toBe(RUNS[property.name]);
      // Both kinds of answer came up: sane documents (or successful requests) and clear errors.
      expect(Object.keys(report.outcomes).length).toBeGreaterThan(1);
    });
  }
});
