// The generated library shared by the export and search suites (same browser profile within a
// run): the export suite imports it, the search suite searches the imported database.
export const LIBRARY_SEED = 777;
export const LIBRARY_KEY = 'scrapnote-bench-library';

/** Items in the library: the issues' 10,000, or a small one for --quick. */
export const librarySize = (quick) => (quick ? 200 : 10_000);

/** Remember the database holding the imported library. */
export function rememberLibrary(dbName, n) {
  localStorage.setItem(LIBRARY_KEY, JSON.stringify({ dbName, n, seed: LIBRARY_SEED }));
}

/** The database name of an imported library of n items, if this profile has one. */
export function importedLibrary(n) {
  try {
    const v = JSON.parse(localStorage.getItem(LIBRARY_KEY) ?? 'null');
    return v && v.n === n && v.seed === LIBRARY_SEED ? v.dbName : null;
  } catch {
    return null;
  }
}
