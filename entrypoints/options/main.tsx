import { render } from 'preact';
import { t, uiLang } from '@/components/i18n';
import SyncSettings from '@/components/SyncSettings';
import '@/components/theme.css';
import './options.css';

document.documentElement.lang = uiLang();
document.title = `Scrapnote · ${t('settings')}`;
const root = document.getElementById('app');
if (root)
  render(
    <main class="options">
      <h1>{t('settings')}</h1>
      <SyncSettings />
    </main>,
    root,
  );
