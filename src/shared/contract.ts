/**
 * The one API contract. Every method is declared here once with its zod input
 * schema and output type; the IPC bridge, the HTTP transport, the CLI and the
 * renderer client are all derived from this table. Pure TS + zod.
 */
import { z } from 'zod';
import {
  IMPORT_FORMATS,
  INCIDENT_STATUSES,
  SEVERITIES,
  VERDICTS,
  MAX_MERGE_INCIDENTS,
  type AlertDetail,
  type AlertRow,
  type AuditEntry,
  type CorrelateResult,
  type ImportResult,
  type IncidentDetail,
  type IncidentNote,
  type IncidentSummaryRow,
} from './domain';

/** Declares a method: its input schema plus a phantom output type. */
function method<I extends z.ZodType, O>(input: I): { input: I; output: O } {
  return { input, output: undefined as unknown as O };
}

/** At most this many ids in one `incidents.list` call. */
export const MAX_LISTED_INCIDENT_IDS = 500;

const severity = z.enum(SEVERITIES);
const id = z.string().min(1).max(64);
const text = (max: number) => z.string().max(max);

export interface AppInfo {
  version: string;
  schemaVersion: number;
  workspace: string;
  transport: 'ipc' | 'http' | 'cli';
  alerts: number;
  incidents: number;
}

export interface Page<T> {
  rows: T[];
  total: number;
  /** true when `total` was capped for speed and is a lower bound. */
  totalCapped: boolean;
}

export interface IngestEndpointInfo {
  enabled: boolean;
  url: string | null;
  token: string | null;
}

const alertFilter = z.object({
  severities: z.array(severity).max(5).optional(),
  sources: z.array(text(64)).max(50).optional(),
  from: z.number().int().optional(),
  to: z.number().int().optional(),
  text: text(500).optional(),
  incidentId: id.optional(),
});

export const contract = {
  'app.getInfo': method<z.ZodObject<{}>, AppInfo>(z.object({}).strict()),

  'alerts.list': method<z.ZodType<AlertListInput>, Page<AlertRow>>(
    alertFilter
      .extend({
        limit: z.number().int().min(1).max(1000).default(200),
        offset: z.number().int().min(0).max(10_000_000).default(0),
        order: z.enum(['asc', 'desc']).default('desc'),
      })
      .strict() as z.ZodType<AlertListInput>,
  ),
  /** The offset at which `alerts.list` (same filters and order) lists alert `id`; null when it is not listed. */
  'alerts.position': method<z.ZodType<AlertPositionInput>, { offset: number | null }>(
    alertFilter
      .extend({
        id: z.number().int().positive(),
        order: z.enum(['asc', 'desc']).default('desc'),
      })
      .strict() as z.ZodType<AlertPositionInput>,
  ),
  'alerts.get': method<z.ZodObject<{ id: z.ZodNumber }>, AlertDetail>(z.object({ id: z.number().int().positive() }).strict()),
  'alerts.sources': method<z.ZodObject<{}>, string[]>(z.object({}).strict()),
  /** How far the start-up indexing of alerts an interrupted import left unsearchable has got (as `index.progress` says). */
  'alerts.indexProgress': method<z.ZodObject<{}>, IndexProgress>(z.object({}).strict()),

  'ingest.importFiles': method<z.ZodType<ImportFilesInput>, ImportResult>(
    z
      .object({
        paths: z.array(z.string().min(1).max(4096)).min(1).max(1000),
        format: z.enum(IMPORT_FORMATS).optional(),
        jobId: text(64).optional(),
      })
      .strict() as z.ZodType<ImportFilesInput>,
  ),
  /** Browser mode and drag-and-drop without a file path: the file's text travels in the request. */
  'ingest.importContent': method<z.ZodType<ImportContentInput>, ImportResult>(
    z
      .object({
        fileName: z.string().min(1).max(255),
        content: z.string().max(256 * 1024 * 1024),
        format: z.enum(IMPORT_FORMATS).optional(),
        jobId: text(64).optional(),
      })
      .strict() as z.ZodType<ImportContentInput>,
  ),
  'ingest.cancel': method<z.ZodObject<{ jobId: z.ZodString }>, { cancelled: boolean }>(z.object({ jobId: text(64) }).strict()),
  'ingest.getEndpoint': method<z.ZodObject<{}>, IngestEndpointInfo>(z.object({}).strict()),
  'ingest.setEndpoint': method<z.ZodType<{ enabled: boolean; port?: number }>, IngestEndpointInfo>(
    z.object({ enabled: z.boolean(), port: z.number().int().min(0).max(65535).optional() }).strict() as z.ZodType<{ enabled: boolean; port?: number }>,
  ),

  'correlate.run': method<z.ZodType<{ rebuild: boolean }>, CorrelateResult>(
    z.object({ rebuild: z.boolean().default(false) }).strict() as z.ZodType<{ rebuild: boolean }>,
  ),

  /** Stops a running correlation between batches; finished batches are kept. */
  'correlate.cancel': method<z.ZodObject<{}>, { cancelled: boolean }>(z.object({}).strict()),

  /** `ids`: only these incidents (an id merged away lists the incident it went into, as `incidents.get` does). */
  'incidents.list': method<z.ZodType<IncidentListInput>, Page<IncidentSummaryRow>>(
    z
      .object({
        ids: z.array(id).min(1).max(MAX_LISTED_INCIDENT_IDS).optional(),
        severities: z.array(severity).max(5).optional(),
        statuses: z.array(z.enum(INCIDENT_STATUSES)).max(5).optional(),
        search: text(500).optional(),
        sort: z.enum(['risk', 'lastSeen', 'firstSeen', 'alertCount', 'severity']).default('risk'),
        order: z.enum(['asc', 'desc']).default('desc'),
        limit: z.number().int().min(1).max(1000).default(100),
        offset: z.number().int().min(0).max(10_000_000).default(0),
      })
      .strict() as z.ZodType<IncidentListInput>,
  ),
  'incidents.get': method<z.ZodObject<{ id: z.ZodString }>, IncidentDetail>(z.object({ id }).strict()),
  'incidents.update': method<z.ZodType<IncidentUpdateInput>, IncidentDetail>(
    z
      .object({
        id,
        status: z.enum(INCIDENT_STATUSES).optional(),
        verdict: z.enum(VERDICTS).nullable().optional(),
        verdictReason: text(2000).nullable().optional(),
        assignee: text(200).nullable().optional(),
      })
      .strict() as z.ZodType<IncidentUpdateInput>,
  ),
  'incidents.addNote': method<z.ZodObject<{ id: z.ZodString; body: z.ZodString }>, IncidentNote>(
    z.object({ id, body: z.string().trim().min(1).max(20_000) }).strict(),
  ),
  /** Merges the other incidents into the first; the merge survives rebuilds. */
  'incidents.merge': method<z.ZodObject<{ ids: z.ZodArray<z.ZodString> }>, IncidentDetail>(
    z.object({ ids: z.array(id).min(2).max(MAX_MERGE_INCIDENTS) }).strict(),
  ),
  /** Moves the given alerts out into a new incident; the split survives rebuilds. */
  'incidents.split': method<z.ZodObject<{ id: z.ZodString; alertIds: z.ZodArray<z.ZodNumber> }>, IncidentDetail>(
    z.object({ id, alertIds: z.array(z.number().int().positive()).min(1).max(100_000) }).strict(),
  ),
  'incidents.audit': method<z.ZodObject<{ id: z.ZodString }>, AuditEntry[]>(z.object({ id }).strict()),
} as const;

export interface AlertFilterInput {
  severities?: Array<(typeof SEVERITIES)[number]>;
  sources?: string[];
  from?: number;
  to?: number;
  text?: string;
  incidentId?: string;
}

export interface AlertListInput extends AlertFilterInput {
  limit: number;
  offset: number;
  order: 'asc' | 'desc';
}

export interface AlertPositionInput extends AlertFilterInput {
  id: number;
  order: 'asc' | 'desc';
}

export interface ImportFilesInput {
  paths: string[];
  format?: (typeof IMPORT_FORMATS)[number];
  jobId?: string;
}

export interface ImportContentInput {
  fileName: string;
  content: string;
  format?: (typeof IMPORT_FORMATS)[number];
  jobId?: string;
}

export interface IncidentListInput {
  ids?: string[];
  severities?: Array<(typeof SEVERITIES)[number]>;
  statuses?: Array<(typeof INCIDENT_STATUSES)[number]>;
  search?: string;
  sort: 'risk' | 'lastSeen' | 'firstSeen' | 'alertCount' | 'severity';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface IncidentUpdateInput {
  id: string;
  status?: (typeof INCIDENT_STATUSES)[number];
  verdict?: (typeof VERDICTS)[number] | null;
  verdictReason?: string | null;
  assignee?: string | null;
}

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What a caller may pass (defaults optional). */
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
/** What a handler receives (defaults applied). */
export type MethodArgs<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = Contract[M]['output'];

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** Events pushed from main to the UI. */
export interface ImportProgress {
  jobId: string;
  file: string;
  fileIndex: number;
  fileCount: number;
  bytesRead: number;
  bytesTotal: number;
  read: number;
  imported: number;
  duplicates: number;
  rejected: number;
  done: boolean;
}

/**
 * The start-up indexing of alerts an interrupted import wrote without their
 * entity links and search rows: until it finishes, those alerts are listed
 * but not found by search.
 */
export interface IndexProgress {
  /** Alerts of the backlog indexed so far. */
  done: number;
  /** Alerts the backlog held when the app started (0: none). */
  total: number;
  /** No more indexing will happen in this session: done, nothing to do, stopped or failed. */
  finished: boolean;
}

export interface UiEvents {
  'ingest.progress': ImportProgress;
  'db.changed': { tables: string[] };
  'correlate.progress': { phase: string; done: number; total: number };
  'index.progress': IndexProgress;
}

export type UiEventName = keyof UiEvents;
export const UI_EVENT_NAMES: UiEventName[] = ['ingest.progress', 'db.changed', 'correlate.progress', 'index.progress'];

export interface UiEventMessage<E extends UiEventName = UiEventName> {
  event: E;
  payload: UiEvents[E];
}

/** The client surface every transport offers the renderer. */
export interface ApiClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  subscribe<E extends UiEventName>(event: E, listener: (payload: UiEvents[E]) => void): () => void;
}
