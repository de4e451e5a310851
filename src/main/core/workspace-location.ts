import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where the workspace lives: `--workspace DIR` wins, then SOCWB_WORKSPACE, then
 * the OS user-data folder (the same folder Electron's app.getPath('userData')
 * uses for this app, so desktop, browser mode and CLI share one workspace).
 */
export function resolveWorkspaceDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (flag) return resolve(flag);
  if (env.SOCWB_WORKSPACE) return resolve(env.SOCWB_WORKSPACE);
  return join(userDataDir(env, platform), 'workspace');
}

export const APP_DIR_NAME = 'SOC Workbench';

export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_DIR_NAME);
}
