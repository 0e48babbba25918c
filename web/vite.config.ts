/**
 * Vite build of the dashboard: web/ → dist/web, served by `marsad serve` under a strict CSP (no inline script or
 * style). The module-preload polyfill, which Vite would inline as a script, is off (the browsers the dashboard
 * targets support modulepreload). `virtual:marsad-countries` is generated from the knowledge base's country entries
 * (model/kb/places.json): ISO3 code → [Arabic name, English name, other Arabic names…], so the dashboard names
 * countries in both languages, and reads them typed in either, without shipping the gazetteer. `vite` (dev server) proxies the API to a `marsad serve` on :8080.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const COUNTRIES_ID = 'virtual:marsad-countries';
const RESOLVED_COUNTRIES_ID = `\0${COUNTRIES_ID}`;
const PLACES = fileURLToPath(new URL('../model/kb/places.json', import.meta.url));

interface PlaceEntry {
  country?: string;
  feature?: string;
  en?: string;
  ar?: string[];
}

/** The virtual module of country names, built from the knowledge base at build time. */
function countryNames(): Plugin {
  return {
    name: 'marsad-countries',
    resolveId: (id) => (id === COUNTRIES_ID ? RESOLVED_COUNTRIES_ID : null),
    load(id) {
      if (id !== RESOLVED_COUNTRIES_ID) return null;
      this.addWatchFile(PLACES);
      const { entries } = JSON.parse(readFileSync(PLACES, 'utf8')) as { entries: PlaceEntry[] };
      const names: Record<string, string[]> = { IGO: ['منظمة دولية', 'International organization'] };
      for (const e of entries) {
        if (e.feature !== 'country' || !e.country || names[e.country]) continue;
        // Names are typed back comma-separated in the filters, so none may hold a list separator.
        const clean = (name: string): string => name.replace(/\s*[,،;؛]\s*/g, ' ');
        const [ar, ...aliases] = e.ar ?? [];
        if (ar && e.en) names[e.country] = [clean(ar), clean(e.en), ...aliases.map(clean)];
      }
      return `export default ${JSON.stringify(names)};`;
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [countryNames()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    // Every asset as a file: an inlined data: URL would be fine for images, but keep the output predictable.
    assetsInlineLimit: 0,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' } },
});
