/**
 * The server database's address as the reader types it: `https://host:port/dbname`. Plain
 * http only to this computer (loopback), where nothing crosses a network; never a user name or
 * password inside the address (they would end up in logs and history: they go in a header).
 */
import { err, ok, type Result } from '../result';

/** CouchDB's database names: a lower-case letter, then lower-case letters, digits and _$()+-/ . */
const DB_NAME = /^[a-z][a-z0-9_$()+\-/]*$/;

export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The address, normalized (no trailing slash), or why it is refused. */
export function checkAddress(input: string): Result<string> {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return err('Not an address: write it as https://host:port/database.');
  }
  if (url.username || url.password) {
    return err('Put the user name and password in their own fields, not in the address.');
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    return err('Use https: plain http is allowed only for a server on this computer (localhost, 127.0.0.1).');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return err('Use an https address.');
  if (url.search || url.hash) return err('The address cannot have a query (?…) or a fragment (#…).');
  const name = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, ''));
  if (!name) return err('Add the database name at the end of the address, e.g. https://host:6984/scrapnote.');
  if (!DB_NAME.test(name.split('/').pop()!)) {
    return err('A database name starts with a lower-case letter and holds lower-case letters, digits and _$()+-/.');
  }
  return ok(`${url.origin}${url.pathname.replace(/\/+$/, '')}`);
}
