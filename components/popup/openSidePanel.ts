/**
 * Open the side panel (Chrome) or the sidebar (Firefox) from a click in the popup: both browsers
 * want the click as the user gesture, so this is called from the click handler, first. Where
 * neither opens, the side panel page opens in a tab.
 */
import { browser } from 'wxt/browser';

/** `pending`: work of the same click (a hand-over to the panel) that must finish before the popup closes. */
export async function openSidePanel(pending?: Promise<unknown>): Promise<void> {
  const g = globalThis as unknown as {
    chrome?: { sidePanel?: { open(o: { windowId: number }): Promise<void> } };
    browser?: { sidebarAction?: { open(): Promise<void> } };
  };
  try {
    if (g.browser?.sidebarAction) await g.browser.sidebarAction.open();
    else if (g.chrome?.sidePanel) {
      const win = await browser.windows.getCurrent();
      if (win.id !== undefined) await g.chrome.sidePanel.open({ windowId: win.id });
    } else await browser.tabs.create({ url: browser.runtime.getURL('/sidepanel.html') });
    await pending;
    window.close();
  } catch {
    await pending;
    await browser.tabs.create({ url: browser.runtime.getURL('/sidepanel.html') });
  }
}
