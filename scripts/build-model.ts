/**
 * Rebuild everything in model/ from ../shared/data, in dependency order: the clitic lexicon, the common
 * words, the places/regions/demonyms, the actors/roles/person names, the MISC lists, then the NER tagger trained with
 * them as features. Deterministic: the same data gives the same files. Bump model/manifest.json's version
 * when the output changes (it is part of every document's `coder`).
 * Run: npm run build:model [-- --skip-train]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { 'skip-train': { type: 'boolean' } } });
const steps = [
  'scripts/build-clitic-lexicon.ts',
  'scripts/build-calendar.ts',
  'scripts/build-common-words.ts',
  'scripts/build-places.ts',
  'scripts/build-actors.ts',
  'scripts/build-misc.ts',
  'scripts/build-triggers.ts',
  ...(values['skip-train'] ? [] : ['scripts/train-ner.ts']),
];
const root = fileURLToPath(new URL('..', import.meta.url));
for (const step of steps) {
  const t = performance.now();
  console.log(`\n== ${step}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', step], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build-model: ${step} failed (exit ${r.status})`);
    process.exit(1);
  }
  console.log(`== ${step} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
