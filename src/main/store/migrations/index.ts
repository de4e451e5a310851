import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-compact-alerts';
import { migration0003 } from './0003-faster-ingest';
import { migration0004 } from './0004-compact-events';
import { migration0005 } from './0005-wazuh-identity';
import type { Migration } from './types';

/** Every migration, in order. Import new ones explicitly; never edit a landed one. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
export type { Migration };
