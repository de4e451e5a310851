/** The two IPC channels between the preload bridge and the main process. */
export const IPC_INVOKE_CHANNEL = 'socwb:invoke';
export const IPC_EVENT_CHANNEL = 'socwb:event';
