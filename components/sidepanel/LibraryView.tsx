/**
 * The library: every saved item in a windowed list, sorted and filtered from index keys, or the
 * ranked results of a search. Bulk tag and delete (with undo). Live: every query is a Dexie
 * liveQuery, so saves from other tabs appear at once.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { LibraryFilter, LibraryRow, LibrarySort } from '@/lib/db/reads';
import type { Deleted } from '@/lib/messaging/protocol';
import type { ItemKind } from '@/lib/model';
import type { SearchHit } from '@/lib/search/engine';
import { t } from '../i18n';
import { ask, onCheckProgress, reads, useLibrary } from '../library';
import { dateInputMs, shortDate } from './format';
import { Segments } from './Segments';
import { checkMessage } from './Versions';
import { VirtualList } from './VirtualList';

const ROW = 64;
const HIT_ROW = 122;
const SEARCH_LIMIT = 200;
/** Rows of the first screen (and its overscan), read before the whole list of ids. */
const HEAD = 40;

export interface LibraryViewProps {
  /** Open an item in the reader; `find` is the search it was found with. */
  onOpen: (id: string, find?: string) => void;
  /** Reports the ids currently listed (for "export filtered"). */
  onListed?: (ids: string[]) => void;
}

interface Filters {
  tag: string;
  host: string;
  /** Press outlet, reporter and board: facets of the search (lib/search/facets.ts), typed in. */
  outlet: string;
  author: string;
  board: string;
  kind: '' | ItemKind;
  from: string;
  to: string;
  hasHighlights: boolean;
  hasNotes: boolean;
  gone: boolean;
}

const NO_FILTERS: Filters = {
  tag: '',
  host: '',
  outlet: '',
  author: '',
  board: '',
  kind: '',
  from: '',
  to: '',
  hasHighlights: false,
  hasNotes: false,
  gone: false,
};

/** The outlet, reporter and board filters as query facets (`outlet:"한겨레"`); '' when none is set. */
function facetQuery(f: Filters): string {
  const facet = (key: string, value: string) => (value.trim() ? `${key}:"${value.trim().replace(/"/g, '')}"` : '');
  return [facet('outlet', f.outlet), facet('author', f.author), facet('board', f.board)].filter(Boolean).join(' ');
}

function toLibraryFilter(f: Filters): LibraryFilter {
  const out: LibraryFilter = {};
  if (f.tag) out.tag = f.tag;
  if (f.host) out.host = f.host;
  if (f.kind) out.kind = f.kind;
  const from = dateInputMs(f.from);
  const to = dateInputMs(f.to, true);
  if (from !== undefined) out.fromMs = from;
  if (to !== undefined) out.toMs = to;
  if (f.hasHighlights) out.hasHighlights = true;
  if (f.hasNotes) out.hasNotes = true;
  if (f.gone) out.gone = true;
  return out;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

export function LibraryView({ onOpen, onListed }: LibraryViewProps) {
  const [sort, setSort] = useState<LibrarySort>('saved');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [query, setQuery] = useState('');
  // A Korean input method between keystrokes: the last syllable may still gain a final consonant.
  const [composing, setComposing] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkTag, setBulkTag] = useState('');
  const [undo, setUndo] = useState<Deleted | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [range, setRange] = useState<[number, number]>([0, 0]);
  const typed = useDebounced(query.trim(), 120);
  const facets = useDebounced(facetQuery(filters), 300);
  // What is searched: the typed query with the outlet, reporter and board filters as facets.
  const debounced = [facets, typed].filter(Boolean).join(' ');
  const filterKey = JSON.stringify(filters);
  const filtering = filterKey !== JSON.stringify(NO_FILTERS);

  // First paint: the first screen's ids from the end of the sort index; the whole list (a walk over
  // every index entry) is read once those rows are on screen, so it never delays them.
  const [wantAll, setWantAll] = useState(false);
  const head = useLibrary(() => (filtering ? Promise.resolve(undefined) : reads.head(sort, HEAD)), [sort, filtering]);
  const ids = useLibrary(
    () => (wantAll || filtering ? reads.ids(sort, toLibraryFilter(filters)) : Promise.resolve(undefined)),
    [sort, filterKey, wantAll],
  );
  // The filter applies before the limit: a filtered search lists up to SEARCH_LIMIT filtered hits.
  const search = useLibrary(
    () =>
      debounced
        ? reads.search(debounced, { limit: SEARCH_LIMIT, filter: toLibraryFilter(filters), sort, composing })
        : Promise.resolve(null),
    [debounced, filterKey, sort, composing],
  );
  // Filter choices are read only while the filter panel is open.
  const [filtersOpen, setFiltersOpen] = useState(false);
  const tags = useLibrary(() => (filtersOpen ? reads.tags() : Promise.resolve([])), [filtersOpen]);
  const hosts = useLibrary(() => (filtersOpen ? reads.hosts() : Promise.resolve([])), [filtersOpen]);

  // In search mode the hits (already restricted to the filtered items).
  const hits: SearchHit[] | null = debounced && search.value ? search.value.hits : null;
  const listed: string[] = useMemo(
    () => (hits ? hits.map((h) => h.itemId) : (ids.value ?? head.value ?? [])),
    [hits, ids.value, head.value],
  );

  // Only whole lists (not the first screen's head) are "the listed items" for export.
  useEffect(() => {
    if (hits || ids.value) onListed?.(listed);
  }, [listed, onListed]);

  // Records for the rows on screen only.
  const visibleIds = useMemo(() => listed.slice(range[0], range[1]), [listed, range]);
  const rows = useLibrary(() => reads.rows(visibleIds), [visibleIds.join('\n')]);
  const rowById = useMemo(() => new Map((rows.value ?? []).map((r) => [r.id, r])), [rows.value]);
  useEffect(() => {
    if (!wantAll && (rows.value?.length || head.value?.length === 0)) setWantAll(true);
  }, [wantAll, rows.value, head.value]);
  const onRange = useCallback((a: number, b: number) => setRange([a, b]), []);

  // Forget selections of items that are gone.
  useEffect(() => {
    if (!ids.value || !selected.size || filtering || debounced) return;
    const present = new Set(ids.value);
    const kept = [...selected].filter((id) => present.has(id));
    if (kept.length !== selected.size) setSelected(new Set(kept));
  }, [ids.value]);

  function toggle(id: string, on: boolean) {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  }

  async function run(action: () => Promise<void>) {
    setFailure(null);
    try {
      await action();
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    }
  }

  const deleteSelected = () =>
    run(async () => {
      const removed = await ask('deleteItems', { ids: [...selected] });
      setUndo(removed);
      setSelected(new Set());
      setStatus(t('deletedCount', String(removed.ids.length)));
    });
  const undoDelete = () =>
    run(async () => {
      if (!undo) return;
      await ask('restoreItems', { ids: undo.ids });
      setStatus(t('restoredCount', String(undo.ids.length)));
      setUndo(null);
    });
  const [checking, setChecking] = useState(false);
  /** "Check again" on the selection: progress while it runs, a summary after. */
  const checkSelected = () =>
    run(async () => {
      const ids = [...selected];
      setChecking(true);
      setStatus(t('checkProgress', '0', String(ids.length)));
      onCheckProgress((done, total) => setStatus(t('checkProgress', String(done), String(total))));
      try {
        const reports = await ask('checkItems', { ids });
        const count = (o: string) => String(reports.filter((r) => r.outcome === o).length);
        const failed = reports.filter((r) => r.outcome === 'failed');
        setStatus(
          [
            reports.length === 1
              ? checkMessage(reports[0]!)
              : t('checkSummary', String(reports.length), count('unchanged'), count('changed'), count('gone')),
            failed.length && reports.length > 1 ? t('checkSummaryFailed', String(failed.length)) : '',
          ]
            .filter(Boolean)
            .join(' '),
        );
      } finally {
        onCheckProgress(null);
        setChecking(false);
      }
    });
  const tagSelected = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      if (!bulkTag.trim()) return;
      await ask('updateItems', { ids: [...selected], patch: { addTags: [bulkTag] } });
      setStatus(t('taggedCount', bulkTag.trim(), String(selected.size)));
      setBulkTag('');
    });
  };

  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setFilters((f) => ({ ...f, [key]: value }));
  const allListedSelected = listed.length > 0 && listed.every((id) => selected.has(id));
  const error = head.error ?? ids.error ?? search.error ?? rows.error;

  function renderRow(index: number, active: boolean) {
    const id = listed[index] ?? '';
    const row = rowById.get(id);
    const hit = hits?.[index];
    return (
      <RowView
        id={id}
        row={row}
        hit={hit}
        active={active}
        selected={selected.has(id)}
        onSelect={(on) => toggle(id, on)}
        onOpen={() => onOpen(id, hit ? typed : undefined)}
      />
    );
  }

  return (
    <section class="library" aria-labelledby="library-title">
      <h2 id="library-title" class="visually-hidden">
        {t('library')}
      </h2>
      <div class="search">
        <input
          type="search"
          aria-label={t('search')}
          placeholder={t('searchPlaceholder')}
          value={query}
          onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
          onCompositionStart={() => setComposing(true)}
          onCompositionEnd={() => setComposing(false)}
        />
      </div>

      <details class="filters" onToggle={(e) => setFiltersOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          {t('filters')}
          {filtering ? ` (${t('filtersOn')})` : ''}
        </summary>
        <div class="filter-grid">
          <label>
            {t('sortBy')}{' '}
            <select value={sort} onChange={(e) => setSort((e.currentTarget as HTMLSelectElement).value as LibrarySort)}>
              <option value="saved">{t('sortSaved')}</option>
              <option value="published">{t('sortPublished')}</option>
            </select>
          </label>
          <label>
            {t('filterTag')}{' '}
            <select value={filters.tag} onChange={(e) => set('tag', (e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t('any')}</option>
              {tags.value?.map(({ tag, count }) => (
                <option key={tag} value={tag}>{`${tag} (${count})`}</option>
              ))}
            </select>
          </label>
          <label>
            {t('filterSite')}{' '}
            <select value={filters.host} onChange={(e) => set('host', (e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t('any')}</option>
              {hosts.value?.map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('filterKind')}{' '}
            <select
              value={filters.kind}
              onChange={(e) => set('kind', (e.currentTarget as HTMLSelectElement).value as Filters['kind'])}
            >
              <option value="">{t('any')}</option>
              <option value="article">{t('kindArticleShort')}</option>
              <option value="post">{t('kindPostShort')}</option>
            </select>
          </label>
          <label>
            {t('filterOutlet')}{' '}
            <input
              type="text"
              value={filters.outlet}
              onInput={(e) => set('outlet', (e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <label>
            {t('filterAuthor')}{' '}
            <input
              type="text"
              value={filters.author}
              onInput={(e) => set('author', (e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <label>
            {t('filterBoard')}{' '}
            <input
              type="text"
              value={filters.board}
              onInput={(e) => set('board', (e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <label>
            {t('dateFrom')}{' '}
            <input
              type="date"
              value={filters.from}
              onInput={(e) => set('from', (e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <label>
            {t('dateTo')}{' '}
            <input
              type="date"
              value={filters.to}
              onInput={(e) => set('to', (e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={filters.hasHighlights}
              onChange={(e) => set('hasHighlights', (e.currentTarget as HTMLInputElement).checked)}
            />{' '}
            {t('filterHasHighlights')}
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={filters.hasNotes}
              onChange={(e) => set('hasNotes', (e.currentTarget as HTMLInputElement).checked)}
            />{' '}
            {t('filterHasNotes')}
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={filters.gone}
              onChange={(e) => set('gone', (e.currentTarget as HTMLInputElement).checked)}
            />{' '}
            {t('filterGone')}
          </label>
          {filtering && (
            <button type="button" onClick={() => setFilters(NO_FILTERS)}>
              {t('clearFilters')}
            </button>
          )}
        </div>
      </details>

      <div class="bulk">
        <label class="check">
          <input
            type="checkbox"
            checked={allListedSelected}
            disabled={!listed.length}
            onChange={(e) => setSelected((e.currentTarget as HTMLInputElement).checked ? new Set(listed) : new Set())}
          />{' '}
          {t('selectAll')}
        </label>
        {selected.size > 0 && (
          <>
            <span class="muted">{t('selectedCount', String(selected.size))}</span>
            <form class="bulk-tag" onSubmit={tagSelected}>
              <input
                type="text"
                aria-label={t('tagToAdd')}
                placeholder={t('tagToAdd')}
                value={bulkTag}
                onInput={(e) => setBulkTag((e.currentTarget as HTMLInputElement).value)}
              />
              <button type="submit" disabled={!bulkTag.trim()}>
                {t('addTag')}
              </button>
            </form>
            <button type="button" onClick={checkSelected} disabled={checking} aria-busy={checking}>
              {t('checkAgain')}
            </button>
            <button type="button" class="danger" onClick={deleteSelected}>
              {t('deleteSelected')}
            </button>
          </>
        )}
      </div>

      <div class="status" role="status" aria-live="polite">
        {status && <span>{status}</span>}
        {undo && (
          <button type="button" onClick={undoDelete}>
            {t('undo')}
          </button>
        )}
      </div>
      {(error || failure) && (
        <p class="error" role="alert">
          {t('errorPrefix')} {error ?? failure}
        </p>
      )}

      <p class="muted count" aria-live="polite">
        {hits
          ? search.value?.complete
            ? t('resultCount', String(hits.length))
            : t('resultCountMore', String(hits.length))
          : ids.value
            ? t('itemCount', String(ids.value.length))
            : ''}
      </p>
      {(ids.value ?? head.value)?.length === 0 && !filtering && !debounced && <p class="muted">{t('emptyLibrary')}</p>}
      {hits?.length === 0 && <p class="muted">{t('noResults')}</p>}
      {debounced && search.value?.problems.length ? (
        <p class="muted" role="status">
          {t('searchFacetProblem', search.value.problems.join(' '))}
        </p>
      ) : null}

      <VirtualList
        class="items"
        count={listed.length}
        rowHeight={hits ? HIT_ROW : ROW}
        label={hits ? t('searchResults') : t('library')}
        rowKey={(i) => listed[i] ?? String(i)}
        renderRow={renderRow}
        onRange={onRange}
      />
    </section>
  );
}

interface RowViewProps {
  id: string;
  row: LibraryRow | undefined;
  hit: SearchHit | undefined;
  active: boolean;
  selected: boolean;
  onSelect: (on: boolean) => void;
  onOpen: () => void;
}

function RowView({ id, row, hit, active, selected, onSelect, onOpen }: RowViewProps) {
  const tab = active ? 0 : -1;
  const title = row?.title ?? '';
  return (
    <div class="row" data-item-id={id} data-item-url={row?.url ?? ''} data-gone={row?.gone ? 'true' : undefined}>
      <input
        type="checkbox"
        tabIndex={tab}
        checked={selected}
        aria-label={t('selectItem', title)}
        onChange={(e) => onSelect((e.currentTarget as HTMLInputElement).checked)}
      />
      <div class="row-main">
        <button type="button" class="row-title" tabIndex={tab} onClick={onOpen}>
          {hit ? <Segments segments={hit.title} /> : title || '…'}
        </button>
        {row && (
          <span class="row-meta muted">
            {row.site} · {shortDate(row.publishedAt ?? row.savedAt)}
            {row.gone && <span class="row-gone"> · {t('goneAtSource')}</span>}
            {row.versions && ` · ${t('versionsCount', String(row.versions))}`}
            {row.highlights > 0 && ` · ${t('highlightCount', String(row.highlights))}`}
            {row.tags.length > 0 && ` · ${row.tags.map((x) => `#${x}`).join(' ')}`}
          </span>
        )}
        {hit && hit.places.length > 0 && (
          <span class="row-places muted">
            {t('searchFoundIn')}: {hit.places.map((p) => t(`field_${p}`)).join(' · ')}
          </span>
        )}
        {hit && hit.snippet.length > 0 && (
          <span class="row-snippet">
            <span class="field-label">{t(`field_${hit.field}`)}: </span>
            <Segments segments={hit.snippet} />
          </span>
        )}
      </div>
    </div>
  );
}
