import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveWorkspaceDir, userDataDir } from './workspace-location';

describe('workspace location', () => {
  it('prefers --workspace, then SOCWB_WORKSPACE, then the OS user-data folder', () => {
    expect(resolveWorkspaceDir('rel/ws', { SOCWB_WORKSPACE: '/env/ws' }, 'linux')).toBe(resolve('rel/ws'));
    expect(resolveWorkspaceDir(undefined, { SOCWB_WORKSPACE: '/env/ws' }, 'linux')).toBe(resolve('/env/ws'));
    expect(resolveWorkspaceDir(undefined, { XDG_CONFIG_HOME: '/home/a/.cfg' }, 'linux')).toBe(join('/home/a/.cfg', 'SOC Workbench', 'workspace'));
  });

  it('uses the platform user-data folder Electron uses for the app', () => {
    expect(userDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toBe(join('C:\\Users\\a\\AppData\\Roaming', 'SOC Workbench'));
    expect(userDataDir({}, 'darwin')).toMatch(/Library[\\/]Application Support[\\/]SOC Workbench$/);
  });
});
