/**
 * The overview's filters bar: date range, PLOVER types (a checkbox list with each type's colour), countries (codes
 * or names in either language, comma-separated, with suggestions), actor, words of the evidence sentence and one
 * report per real-world event. Applying it hands the new filters to the overview, which puts them in the URL.
 */
import { TYPE_COLORS } from '../charts/type-colors.js';
import { h, replaceChildren } from '../dom.js';
import { EMPTY_FILTERS, PLOVER_TYPES, type Filters } from '../filters.js';
import { countryCode, countryName, countryOptions, t, typeLabel } from '../i18n.js';

export interface FiltersBar {
  readonly root: HTMLFormElement;
  /** Show these filters in the fields. */
  set(filters: Filters): void;
}

let datalistCounter = 0;

/** Build the bar; `onApply` gets the filters when the user applies (or resets) them. */
export function createFiltersBar(onApply: (filters: Filters) => void): FiltersBar {
  let current: Filters = EMPTY_FILTERS;
  const since = h('input', { testid: 'filter-since', attrs: { type: 'date', name: 'since', min: '1900-01-01', max: '2100-12-31' } });
  const until = h('input', { testid: 'filter-until', attrs: { type: 'date', name: 'until', min: '1900-01-01', max: '2100-12-31' } });

  const typeBoxes = new Map<string, HTMLInputElement>();
  const typeSummary = h('summary', { testid: 'filter-types-summary' });
  const typeOptions = h('div', { class: 'type-options' });
  for (const type of PLOVER_TYPES) {
    const box = h('input', { testid: `filter-type-${type}`, attrs: { type: 'checkbox', value: type, name: 'type' } });
    box.addEventListener('change', () => updateTypeSummary());
    typeBoxes.set(type, box);
    const swatch = h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } });
    swatch.style.backgroundColor = TYPE_COLORS[type];
    typeOptions.append(h('label', { class: 'type-option', attrs: { title: type } }, box, swatch, typeLabel(type)));
  }
  const clearTypes = h('button', { class: 'link-button', attrs: { type: 'button' }, on: { click: () => {
    for (const box of typeBoxes.values()) box.checked = false;
    updateTypeSummary();
  } } }, t('clearTypes'));
  const typeSelect = h('details', { class: 'type-select', testid: 'filter-types' }, typeSummary, h('div', { class: 'type-popup' }, typeOptions, clearTypes));

  const listId = `country-names-${++datalistCounter}`;
  const datalist = h('datalist', { attrs: { id: listId } });
  const country = h('input', { testid: 'filter-country', attrs: { type: 'text', name: 'country', list: listId, autocomplete: 'off', placeholder: t('countryPlaceholder'), maxlength: 600 } });
  // The suggestions (some 250 names) are built when first wanted, not with the first view.
  country.addEventListener('focus', () => {
    if (datalist.childElementCount === 0) datalist.append(...countryOptions().map(({ name }) => h('option', { attrs: { value: name } })));
  });
  const countryError = h('span', { class: 'field-error', attrs: { role: 'alert' } });
  const actor = h('input', { testid: 'filter-actor', attrs: { type: 'text', name: 'actor', dir: 'auto', placeholder: t('actorPlaceholder'), maxlength: 200 } });
  const words = h('input', { testid: 'filter-q', attrs: { type: 'search', name: 'q', dir: 'auto', maxlength: 500 } });
  const onePerCluster = h('input', { testid: 'filter-one-per-cluster', attrs: { type: 'checkbox', name: 'one_per_cluster' } });

  const field = (label: string, control: HTMLElement, ...extra: HTMLElement[]): HTMLElement =>
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control, ...extra);

  const root = h('form', { class: 'filters-bar', testid: 'filters', attrs: { 'aria-label': t('filtersTitle') } },
    field(t('since'), since),
    field(t('until'), until),
    h('div', { class: 'field' }, h('span', { class: 'field-label' }, t('types')), typeSelect),
    field(t('country'), country, countryError),
    field(t('actor'), actor),
    field(t('words'), words),
    h('label', { class: 'field field-check', attrs: { title: t('onePerClusterTitle') } }, onePerCluster, h('span', null, t('onePerCluster'))),
    h('div', { class: 'filters-actions' },
      h('button', { class: 'primary', testid: 'filter-apply', attrs: { type: 'submit' } }, t('apply')),
      h('button', { testid: 'filter-reset', attrs: { type: 'button' }, on: { click: () => onApply(EMPTY_FILTERS) } }, t('reset'))),
    datalist);

  function updateTypeSummary(): void {
    const n = [...typeBoxes.values()].filter((b) => b.checked).length;
    typeSummary.textContent = n === 0 ? t('allTypes') : n === 1 ? typeLabel([...typeBoxes.values()].find((b) => b.checked)!.value as Filters['types'][number]) : t('selectedTypes', { n });
  }

  /** The countries typed, as codes; null (and the reason shown) when one is not a country. */
  function readCountries(): string[] | null {
    const parts = country.value.split(/[,،؛;]/).map((p) => p.trim()).filter(Boolean);
    const codes: string[] = [];
    for (const part of parts) {
      const code = countryCode(part);
      if (code === null) {
        countryError.textContent = t('unknownCountry', { name: part });
        return null;
      }
      if (!codes.includes(code)) codes.push(code);
    }
    replaceChildren(countryError);
    return codes;
  }

  root.addEventListener('submit', (event) => {
    event.preventDefault();
    const countries = readCountries();
    if (countries === null) {
      country.focus();
      return;
    }
    typeSelect.open = false;
    let from = since.value || null;
    let to = until.value || null;
    if (from !== null && to !== null && from > to) [from, to] = [to, from];
    onApply({
      ...current,
      since: from,
      until: to,
      types: PLOVER_TYPES.filter((type) => typeBoxes.get(type)!.checked),
      countries,
      actor: actor.value.trim(),
      q: words.value.trim(),
      onePerCluster: onePerCluster.checked,
    });
  });

  return {
    root,
    set(filters) {
      current = filters;
      since.value = filters.since ?? '';
      until.value = filters.until ?? '';
      for (const [type, box] of typeBoxes) box.checked = (filters.types as string[]).includes(type);
      updateTypeSummary();
      country.value = filters.countries.map((c) => countryName(c)).join(t('listSeparator'));
      replaceChildren(countryError);
      actor.value = filters.actor;
      words.value = filters.q;
      onePerCluster.checked = filters.onePerCluster;
    },
  };
}
