/**
 * The Electron shell: window, menus, the preload bridge. The only main-process
 * file that imports `electron`; all behaviour lives in the core (createCore).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import Store from 'electron-store';
import { createCore, type Core } from './core/app';
import { resolveWorkspaceDir } from './core/workspace-location';
import { consoleLogger } from './api/registry';
import { handleIpcInvoke, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, isAllowedExternalUrl } from './ipc/ipc-bridge';
import { DEFAULT_WINDOW_STATE, sanitizeWindowState, type Settings } from './shell/settings';

function workspaceFlag(argv: string[]): string | undefined {
  const i = argv.indexOf('--workspace');
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith('--workspace='));
  return eq?.slice('--workspace='.length);
}

function electronSettings(): Settings {
  const store = new Store<{ window: unknown }>({ name: 'preferences', defaults: { window: DEFAULT_WINDOW_STATE } });
  return {
    getWindowState: () => sanitizeWindowState(store.get('window')),
    setWindowState: (state) => store.set('window', state),
  };
}

const rendererFile = join(__dirname, '../renderer/index.html');
const rendererUrl = pathToFileURL(rendererFile).toString();
let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;

// No remote content, ever: deny every permission and every new webview.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event, url) => {
    if (url !== rendererUrl) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

function createWindow(settings: Settings): BrowserWindow {
  const state = settings.getWindowState();
  const win = new BrowserWindow({
    width: state.width,
    height: state.height,
    x: state.x,
    y: state.y,
    show: false,
    title: 'SOC Workbench',
    backgroundColor: '#1a1b1e',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const save = () => {
    const bounds = win.getNormalBounds();
    settings.setWindowState({ ...bounds, maximized: win.isMaximized() });
  };
  win.on('close', save);
  void win.loadFile(rendererFile);
  return win;
}

async function start(): Promise<void> {
  const workspaceDir = resolveWorkspaceDir(workspaceFlag(process.argv), process.env, process.platform);
  try {
    core = createCore({ workspaceDir, transport: 'ipc' });
  } catch (error) {
    dialog.showErrorBox('SOC Workbench cannot open its workspace', `${workspaceDir}\n\n${(error as Error).message}`);
    app.exit(1);
    return;
  }
  const activeCore = core;
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event, method: unknown, input: unknown) =>
    handleIpcInvoke(
      activeCore.handlers,
      { url: event.senderFrame?.url, isMainFrame: event.senderFrame !== null && event.senderFrame === event.sender.mainFrame },
      rendererUrl,
      method,
      input,
      consoleLogger,
    ),
  );
  activeCore.events.subscribe((name, payload) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IPC_EVENT_CHANNEL, { event: name, payload });
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      { role: 'fileMenu' },
      { role: 'editMenu' },
      { label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
      { role: 'windowMenu' },
    ]),
  );
  mainWindow = createWindow(electronSettings());
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.whenReady().then(start, (error) => {
    console.error(error);
    app.exit(1);
  });
  app.on('window-all-closed', () => app.quit());
  // Quit once the core has closed: the index catch-up worker stops after its slice and closes its connection, and
  // the workspace is closed cleanly (the next start then resumes the catch-up where it stopped).
  app.on('will-quit', (event) => {
    const closing = core;
    if (!closing) return;
    core = null;
    event.preventDefault();
    void closing
      .close()
      .catch((error: unknown) => consoleLogger.error('closing the workspace failed', error))
      .finally(() => app.quit());
  });
}
