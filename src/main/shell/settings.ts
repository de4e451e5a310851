/** Small preferences (window state) behind an interface; the desktop shell backs it with electron-store. */
export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

export interface Settings {
  getWindowState(): WindowState;
  setWindowState(state: WindowState): void;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1440, height: 900, maximized: false };

export function sanitizeWindowState(value: unknown): WindowState {
  if (!value || typeof value !== 'object') return DEFAULT_WINDOW_STATE;
  const v = value as Record<string, unknown>;
  const num = (x: unknown, min: number, max: number) => (typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max ? Math.round(x) : undefined);
  return {
    width: num(v.width, 640, 10_000) ?? DEFAULT_WINDOW_STATE.width,
    height: num(v.height, 480, 10_000) ?? DEFAULT_WINDOW_STATE.height,
    x: num(v.x, -10_000, 10_000),
    y: num(v.y, -10_000, 10_000),
    maximized: v.maximized === true,
  };
}
