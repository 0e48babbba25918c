/**
 * What every view of the dashboard is to the router (`main.ts`): a root element, a `show` that loads and renders a
 * route (resolving once its data is on the page, so the app can say it is ready), and whether it can show another
 * route of the same kind in place (the overview keeps its panels while the filters change).
 */
import type { Route } from './router.js';

export interface View {
  readonly root: HTMLElement;
  /** Load and render the route; resolves when the view's data is rendered (or its error shown). */
  show(route: Route, signal: AbortSignal): Promise<void>;
  /** Whether `show` may be called again with this route instead of building a new view. */
  accepts(route: Route): boolean;
}
