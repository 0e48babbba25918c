/** Types of the modules the Vite build generates (web/vite.config.ts). */
declare module 'virtual:marsad-countries' {
  /** ISO3 code (and `IGO`) → [Arabic name, English name, other Arabic names…], from the knowledge base's country entries. */
  const names: Record<string, readonly [string, string, ...string[]]>;
  export default names;
}
