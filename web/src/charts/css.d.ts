/**
 * CSS files imported for their side effect (each chart module imports charts.css; Vite bundles it into the page's
 * stylesheet): declared so that TypeScript, which checks side-effect imports, accepts them.
 */
declare module '*.css';
