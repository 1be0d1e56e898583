import { render } from 'preact';
import { browser } from 'wxt/browser';
import { uiLang } from '@/components/i18n';
import PopupApp from '@/components/PopupApp';
import '@/components/theme.css';
import './popup.css';

/** The tab to act on: ?tab=<id> (tests, or the popup page opened in a tab), else the active tab. */
async function targetTab(): Promise<number | null> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

document.documentElement.lang = uiLang();
void targetTab().then((tabId) => {
  const root = document.getElementById('app');
  if (root) render(<PopupApp tabId={tabId} />, root);
});
