import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  srcDir: '.',
  // No auto-imports: unimport matched local names (an arrow parameter `t`, a type key `browser`)
  // to components/i18n.ts and wxt/browser and bundled UI strings and the polyfill into content
  // scripts that never use them. Every module imports what it uses.
  imports: false,
  // End-to-end tests and benchmarks build into their own folder (SCRAPNOTE_OUT_DIR) so that a
  // developer's build cannot swap files under a running browser.
  outDir: process.env.SCRAPNOTE_OUT_DIR ?? '.output',
  vite: () => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    resolve: {
      alias: {
        react: 'preact/compat',
        'react-dom': 'preact/compat',
        // WXT's content-script context posts a message naming the extension to every page it
        // starts in; ours keeps its API and tells the page nothing (see that file, docs/security.md).
        'wxt/utils/content-script-context': fileURLToPath(new URL('lib/content-script-context.ts', import.meta.url)),
      },
    },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: [
      'storage',
      'unlimitedStorage',
      'scripting',
      'contextMenus',
      'downloads',
      'alarms',
      // Saving a page's images sends the page as their Referer (hotlink-protected sites refuse
      // without it): a session rule for each image request of the extension (background/images.ts).
      'declarativeNetRequestWithHostAccess',
      // offscreen: the automatic backup makes its file in an offscreen page (no blob URLs in a service worker).
      ...(browser === 'firefox' ? [] : ['sidePanel', 'offscreen']),
    ],
    host_permissions: ['http://*/*', 'https://*/*'],
    action: { default_title: '__MSG_actionTitle__' },
    commands: {
      'save-page': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: '__MSG_cmdSavePage__',
      },
      'highlight-selection': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: '__MSG_cmdHighlight__',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'scrapnote@scrapnote.example',
              strict_min_version: '140.0',
              // What leaves the browser, and only when the reader sets up sync (to the CouchDB
              // server they name; Firefox asks first): saved pages' text, the reading history,
              // and the server's user name and password. Nothing at all without sync.
              data_collection_permissions: {
                required: ['none'],
                optional: ['websiteContent', 'browsingActivity', 'authenticationInfo'],
              },
            },
            // Firefox for Android reads data_collection_permissions from version 142 on.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
