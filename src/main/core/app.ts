/**
 * The composition root shared by all three front doors: opens the workspace,
 * builds the context and registers one handler per contract method. No
 * transport logic and no Electron here.
 */
import { userInfo } from 'node:os';
import type { AppInfo } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { alertPosition, countAlerts, getAlert, listAlerts, listSources } from '../alerts/alerts-repository';
import { consoleLogger, type Handlers } from '../api/registry';
import { IngestEndpoint } from '../ingest/ingest-endpoint';
import { CorrelationJobs } from '../jobs/correlate-job';
import { IndexCatchUpJob } from '../jobs/index-catch-up-job';
import { importContent, importFiles } from '../ingest/ingest-service';
import { addNote, getIncident, incidentAudit, listIncidents, mergeIncidents, splitIncident, updateIncident } from '../incidents/incidents-service';
import { openWorkspace } from '../store/workspace';
import { EventHub, systemClock, type Clock, type CoreContext } from './context';
import { APP_VERSION } from './version';

export interface CoreOptions {
  workspaceDir: string;
  transport: AppInfo['transport'];
  clock?: Clock;
  actor?: string;
}

export interface Core {
  ctx: CoreContext;
  events: EventHub;
  handlers: Handlers;
  /** Indexing, in the background, what an interrupted import left unindexed (done at once when nothing was). */
  catchUp: IndexCatchUpJob;
  close(): Promise<void>;
}

function defaultActor(): string {
  try {
    return userInfo().username || 'analyst';
  } catch {
    return 'analyst';
  }
}

export function createCore(options: CoreOptions): Core {
  const workspace = openWorkspace(options.workspaceDir);
  const events = new EventHub();
  const ctx: CoreContext = { workspace, clock: options.clock ?? systemClock, events, actor: options.actor ?? defaultActor() };
  const { sqlite } = workspace;
  const jobs = new Map<string, AbortController>();
  const endpoint = new IngestEndpoint(ctx);
  const correlation = new CorrelationJobs(ctx);
  // Alerts an interrupted import left without entity links and search rows get them after start-up, in a worker
  // thread a slice at a time (at a million alerts, all at once held the first window back for many seconds; slices
  // on this thread still held it ~0.1 s each). Until then they are listed but not found by search, which the Alerts
  // view says (index.progress); correlation indexes them first itself.
  const catchUp = new IndexCatchUpJob(workspace, events, {
    onError: (error) => consoleLogger.error('indexing the alerts an interrupted import left failed', error),
  });

  async function withJob<T>(jobId: string | undefined, run: (signal: AbortSignal, jobId: string | undefined) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    if (jobId !== undefined) {
      if (jobs.has(jobId)) throw new AppError('CONFLICT', `Job ${jobId} is already running`);
      jobs.set(jobId, controller);
    }
    try {
      return await run(controller.signal, jobId);
    } finally {
      if (jobId !== undefined) jobs.delete(jobId);
    }
  }

  const handlers: Handlers = {
    'app.getInfo': async () => {
      const incidents = await workspace.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return {
        version: APP_VERSION,
        schemaVersion: workspace.schemaVersion,
        workspace: workspace.dir,
        transport: options.transport,
        alerts: countAlerts(sqlite),
        incidents: Number(incidents.n),
      };
    },
    'alerts.list': (args) => listAlerts(sqlite, args),
    'alerts.position': (args) => ({ offset: alertPosition(sqlite, args) }),
    'alerts.get': (args) => getAlert(sqlite, args.id),
    'alerts.sources': () => listSources(workspace.db),
    'alerts.indexProgress': () => catchUp.progress(),
    'ingest.importFiles': (args) =>
      withJob(args.jobId, (signal, jobId) => importFiles(ctx, args.paths, { format: args.format, jobId, signal })),
    'ingest.importContent': (args) =>
      withJob(args.jobId, (signal, jobId) => importContent(ctx, args.fileName, args.content, { format: args.format, jobId, signal })),
    'ingest.cancel': (args) => {
      const job = jobs.get(args.jobId);
      job?.abort();
      return { cancelled: job !== undefined };
    },
    'ingest.getEndpoint': () => endpoint.info(),
    'ingest.setEndpoint': (args) => (args.enabled ? endpoint.start(args.port ?? 0) : endpoint.stop()),
    'correlate.run': (args) => correlation.run(args.rebuild),
    'correlate.cancel': () => ({ cancelled: correlation.cancel() }),
    'incidents.list': (args) => listIncidents(sqlite, args),
    'incidents.get': (args) => getIncident(sqlite, args.id),
    'incidents.update': (args) => updateIncident(ctx, args),
    'incidents.addNote': (args) => addNote(ctx, args.id, args.body),
    'incidents.merge': (args) => mergeIncidents(ctx, args.ids),
    'incidents.split': (args) => splitIncident(ctx, args.id, args.alertIds),
    'incidents.audit': (args) => incidentAudit(workspace.db, args.id),
  };

  return {
    ctx,
    events,
    handlers,
    catchUp,
    async close() {
      for (const job of jobs.values()) job.abort();
      correlation.cancel();
      await catchUp.stop();
      await endpoint.stop();
      workspace.close();
    },
  };
}
