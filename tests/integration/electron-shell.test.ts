/**
 * The Electron shell's wiring, without the Electron binary (it cannot be
 * downloaded here): the built out/main/index.js is loaded in Node with a fake
 * `electron` module that records what the shell asks for. The real window is
 * covered by tests/e2e/desktop-shell.spec.ts where the binary exists.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

const root = resolve(__dirname, '../..');
const bundle = join(root, 'out/main/index.js');
const built = existsSync(bundle);
if (!built) console.log('[electron-shell.test] skipped: out/main/index.js is not built (npm test builds first)');

type Handler = (...args: any[]) => any;
const recorded = {
  windows: [] as Array<{ options: any; loaded?: string }>,
  ipc: new Map<string, Handler>(),
  appEvents: new Map<string, Handler>(),
  permissionHandler: null as Handler | null,
  opened: [] as string[],
  quits: 0,
};

function fakeElectron(userData: string) {
  const emitter = () => {
    const handlers = new Map<string, Handler>();
    return { handlers, on: (e: string, h: Handler) => (handlers.set(e, h), undefined), once: (e: string, h: Handler) => (handlers.set(e, h), undefined) };
  };
  class BrowserWindow {
    webContents: any;
    private events = emitter();
    constructor(options: any) {
      const record: { options: any; loaded?: string } = { options };
      recorded.windows.push(record);
      const wc = emitter();
      this.webContents = { ...wc, send: () => undefined, mainFrame: { url: '' } };
      this.loadFile = async (file: string) => {
        record.loaded = file;
        this.webContents.mainFrame.url = pathToFileURL(file).toString();
      };
    }
    loadFile: (file: string) => Promise<void>;
    on = (e: string, h: Handler) => this.events.on(e, h);
    once = (e: string, h: Handler) => this.events.once(e, h);
    show() {}
    maximize() {}
    isMaximized() { return false; }
    isMinimized() { return false; }
    isDestroyed() { return false; }
    getNormalBounds() { return { width: 1200, height: 800, x: 0, y: 0 }; }
    static getAllWindows() { return []; }
  }
  const app = {
    on: (e: string, h: Handler) => recorded.appEvents.set(e, h),
    once: (e: string, h: Handler) => recorded.appEvents.set(e, h),
    whenReady: () => Promise.resolve(),
    requestSingleInstanceLock: () => true,
    getPath: () => userData,
    getName: () => 'SOC Workbench',
    getVersion: () => '0.0.0',
    getAppPath: () => root,
    exit: (code: number) => { throw new Error(`app.exit(${code})`); },
    quit: () => void recorded.quits++,
    isPackaged: false,
  };
  return {
    app,
    BrowserWindow,
    ipcMain: { handle: (c: string, h: Handler) => recorded.ipc.set(c, h), on: () => undefined, removeHandler: () => undefined },
    session: { defaultSession: { setPermissionRequestHandler: (h: Handler) => (recorded.permissionHandler = h) } },
    dialog: { showErrorBox: (title: string, body: string) => { throw new Error(`${title}: ${body}`); } },
    Menu: { setApplicationMenu: () => undefined, buildFromTemplate: (t: unknown) => t },
    shell: { openExternal: async (url: string) => void recorded.opened.push(url) },
  };
}

describe.skipIf(!built)('Electron shell (built bundle, fake electron module)', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'socwb-shell-'));
  const userData = mkdtempSync(join(tmpdir(), 'socwb-userdata-'));
  const moduleAny = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const originalLoad = moduleAny._load;
  const originalArgv = process.argv;
  afterAll(() => {
    moduleAny._load = originalLoad;
    process.argv = originalArgv;
    rmSync(workspace, { recursive: true, force: true });
    rmSync(userData, { recursive: true, force: true });
  });

  it('opens one hardened window and serves the contract over IPC only to it', async () => {
    const electron = fakeElectron(userData);
    moduleAny._load = function (request: string, parent: unknown, isMain: boolean) {
      if (request === 'electron') return electron;
      return originalLoad.call(this, request, parent, isMain);
    };
    process.argv = [process.execPath, bundle, '--workspace', workspace];
    require(bundle);
    await new Promise((r) => setTimeout(r, 50));

    expect(recorded.windows).toHaveLength(1);
    const { options, loaded } = recorded.windows[0]!;
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true });
    expect(existsSync(options.webPreferences.preload)).toBe(true);
    expect(loaded).toBe(join(root, 'out/renderer/index.html'));

    const rendererUrl = pathToFileURL(loaded!).toString();
    const invoke = recorded.ipc.get('socwb:invoke')!;
    expect(invoke).toBeTypeOf('function');
    const mainFrame = { url: rendererUrl };
    const ok = await invoke({ senderFrame: mainFrame, sender: { mainFrame } }, 'app.getInfo', {});
    expect(ok).toMatchObject({ ok: true, data: { transport: 'ipc', workspace } });
    const foreignFrame = { url: 'https://evil.example/' };
    expect(await invoke({ senderFrame: foreignFrame, sender: { mainFrame: foreignFrame } }, 'app.getInfo', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const subFrame = { url: rendererUrl };
    expect(await invoke({ senderFrame: subFrame, sender: { mainFrame } }, 'app.getInfo', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await invoke({ senderFrame: mainFrame, sender: { mainFrame } }, 'alerts.get', { id: 'x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    let granted: boolean | null = null;
    recorded.permissionHandler!(null, 'media', (g: boolean) => (granted = g));
    expect(granted).toBe(false);

    // Every web contents: no webviews, no navigation away, new windows denied, allow-listed links opened outside.
    const contents: Record<string, Handler> = {};
    let openHandler: Handler = () => undefined;
    recorded.appEvents.get('web-contents-created')!({}, {
      on: (e: string, h: Handler) => (contents[e] = h),
      setWindowOpenHandler: (h: Handler) => (openHandler = h),
    });
    let prevented = 0;
    contents['will-navigate']!({ preventDefault: () => prevented++ }, 'https://evil.example/');
    contents['will-navigate']!({ preventDefault: () => prevented++ }, rendererUrl);
    contents['will-attach-webview']!({ preventDefault: () => prevented++ });
    expect(prevented).toBe(2);
    expect(openHandler({ url: 'https://attack.mitre.org/techniques/T1110/' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    await new Promise((r) => setTimeout(r, 10));
    expect(recorded.opened).toEqual(['https://attack.mitre.org/techniques/T1110/']);
  });

  it('quits only once the workspace is closed (the index catch-up worker stopped)', async () => {
    let prevented = 0;
    const willQuit = recorded.appEvents.get('will-quit')!;
    willQuit({ preventDefault: () => prevented++ });
    expect(prevented).toBe(1);
    await vi.waitFor(() => expect(recorded.quits).toBe(1));
    const mainFrame = { url: pathToFileURL(recorded.windows[0]!.loaded!).toString() };
    const silenced = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      // The workspace is closed by then: calls still arriving fail instead of touching it.
      expect(await recorded.ipc.get('socwb:invoke')!({ senderFrame: mainFrame, sender: { mainFrame } }, 'app.getInfo', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    } finally {
      silenced.mockRestore();
    }
    // The quit that follows goes through.
    willQuit({ preventDefault: () => prevented++ });
    expect(prevented).toBe(1);
  });
});
