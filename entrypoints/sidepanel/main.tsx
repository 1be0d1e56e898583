import { render } from 'preact';
import { uiLang } from '@/components/i18n';
import SidePanelApp from '@/components/SidePanelApp';
import '@/components/theme.css';
import './sidepanel.css';

document.documentElement.lang = uiLang();
const params = new URLSearchParams(location.search);
const root = document.getElementById('app');
if (root) {
  render(
    <SidePanelApp initialView={params.get('view') === 'page' ? 'page' : 'library'} initialItem={params.get('item')} />,
    root,
  );
}
