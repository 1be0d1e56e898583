/**
 * "Keep images": whether saving keeps copies of an article's images, how much one item may keep,
 * and the space the stored images take (each image once, however many items show it). In the
 * side panel's settings, beside the marks and muting settings.
 */
import { useEffect, useState } from 'preact/hooks';
import { ITEM_CAP_CHOICES_MB, imageSettings, type ImageSettings as Settings } from '@/lib/settings';
import { t, uiLang } from './i18n';
import { reads, useLibrary } from './library';

/** Bytes as the reader reads them: 512 KB, 3.4 MB, 1.2 GB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  const digits = u === 0 || n >= 100 ? 0 : 1;
  return `${n.toLocaleString(uiLang() === 'ko' ? 'ko-KR' : 'en-GB', { maximumFractionDigits: digits })} ${units[u]}`;
}

export default function ImageSettings() {
  const [s, set] = useState<Settings | null>(null);
  useEffect(() => {
    void imageSettings.get().then(set);
    return imageSettings.watch(set);
  }, []);
  // Re-read whenever the library changes (a save, a delete).
  const usage = useLibrary(() => reads.imageUsage(), []);
  const choices = [...new Set([...ITEM_CAP_CHOICES_MB, s?.itemCapMb ?? 30])].sort((a, b) => a - b);
  return (
    <fieldset class="image-settings">
      <legend>{t('imagesSetting')}</legend>
      <label>
        <input
          type="checkbox"
          checked={s?.keep ?? true}
          onChange={(e) => void imageSettings.update({ keep: e.currentTarget.checked })}
        />{' '}
        {t('imagesKeep')}
      </label>{' '}
      <label>
        {t('imagesCap')}{' '}
        <select
          value={String(s?.itemCapMb ?? 30)}
          disabled={s?.keep === false}
          onChange={(e) => void imageSettings.update({ itemCapMb: Number(e.currentTarget.value) })}
        >
          {choices.map((mb) => (
            <option key={mb} value={String(mb)}>
              {t('imagesCapMb', String(mb))}
            </option>
          ))}
        </select>
      </label>
      <p data-image-usage={usage.value ? `${usage.value.count} ${usage.value.bytes}` : ''}>
        {usage.value ? t('imagesUsed', String(usage.value.count), formatBytes(usage.value.bytes)) : ''}
      </p>
      <p class="muted">{t('imagesHelp')}</p>
    </fieldset>
  );
}
