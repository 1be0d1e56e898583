/** Dates for the side panel, in the UI language. */
import { uiLang } from '../i18n';

let dateFormat: Intl.DateTimeFormat | undefined;

/** A short date (e.g. 2026. 11. 28. or 28 Nov 2026); empty for a missing or bad date. */
export function shortDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  dateFormat ??= new Intl.DateTimeFormat(uiLang() === 'ko' ? 'ko-KR' : 'en-GB', { dateStyle: 'medium' });
  return dateFormat.format(ms);
}

/** Local midnight of a `yyyy-mm-dd` date input value, in ms; `endOfDay` gives the day's last ms. */
export function dateInputMs(value: string, endOfDay = false): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return endOfDay ? d.getTime() + 86_400_000 - 1 : d.getTime();
}
