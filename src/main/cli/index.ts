/**
 * `socwb` — the command-line front door. Every command goes through the same
 * registered handlers as the desktop app and browser mode (dispatch), prints
 * JSON with --json, and exits non-zero on failure.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { IMPORT_FORMATS, INCIDENT_STATUSES, SEVERITIES, type ImportResult, type IncidentDetail } from '../../shared/domain';
import type { ErrorInfo } from '../../shared/errors';
import { dispatch } from '../api/registry';
import { createCore, type Core } from '../core/app';
import { resolveWorkspaceDir } from '../core/workspace-location';
import { APP_VERSION } from '../core/version';
import { startHttpServer } from '../http/http-server';

const USAGE = `socwb ${APP_VERSION} — SOC Workbench command line

Usage:
  socwb import FILE... [--format F]        import alert files (NDJSON, JSON array/object, .gz)
  socwb correlate [--rebuild]              group new alerts into incidents (or rebuild all)
  socwb incidents [--severity S] [--status S] [--search TEXT|ID] [--limit N]
  socwb incident ID                        one incident: summary, explanation, alert ids
  socwb serve [--port P] [--no-open]       browser mode on 127.0.0.1
  
Options:
  --workspace DIR   workspace folder (default: $SOCWB_WORKSPACE or the OS user-data folder)
  --json            machine-readable JSON output
  --help            this text

Formats: ${IMPORT_FORMATS.join(', ')} (auto-detected per record by default)
Exit codes: 0 success, 1 failure, 2 usage error.`;

class UsageError extends Error {}

class CallError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.message);
  }
}

async function call<M extends MethodName>(core: Core, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await dispatch(core.handlers, method, input);
  if (!result.ok) throw new CallError(result.error);
  return result.data as MethodOutput<M>;
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        workspace: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        format: { type: 'string' },
        rebuild: { type: 'boolean', default: false },
        severity: { type: 'string', multiple: true },
        status: { type: 'string', multiple: true },
        search: { type: 'string' },
        limit: { type: 'string' },
        port: { type: 'string' },
        'no-open': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    err.write(`socwb: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    out.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const json = values.json === true;
  const print = (data: unknown, human: () => string) => out.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);

  let core: Core | undefined;
  try {
    const workspaceDir = resolveWorkspaceDir(values.workspace);
    const open = (transport: 'cli' | 'http' = 'cli') => (core = createCore({ workspaceDir, transport }));
    switch (command) {
      case 'import': {
        if (rest.length === 0) throw new UsageError('import needs at least one FILE');
        const format = values.format;
        if (format !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(format)) {
          throw new UsageError(`unknown --format ${format} (one of ${IMPORT_FORMATS.join(', ')})`);
        }
        const c = open();
        let lastLine = 0;
        const progress = !json && process.stderr.isTTY;
        const unsubscribe = c.events.subscribe((event, payload) => {
          if (!progress || event !== 'ingest.progress') return;
          const p = payload as { file: string; read: number; imported: number; rejected: number };
          const now = Date.now();
          if (now - lastLine > 500) {
            lastLine = now;
            err.write(`\r${p.file}: ${p.read} read, ${p.imported} imported, ${p.rejected} rejected`);
          }
        });
        const controller = { jobId: `cli-${process.pid}` };
        const onSigint = () => void call(c, 'ingest.cancel', controller);
        process.once('SIGINT', onSigint);
        let result: ImportResult;
        try {
          result = await call(c, 'ingest.importFiles', { paths: rest, format: format as (typeof IMPORT_FORMATS)[number] | undefined, jobId: controller.jobId });
        } finally {
          process.off('SIGINT', onSigint);
          unsubscribe();
          if (progress) err.write('\n');
        }
        print(result, () => {
          const lines = [`imported ${result.imported}, duplicates ${result.duplicates}, rejected ${result.rejected}, events kept ${result.events}${result.cancelled ? ' (cancelled)' : ''}`];
          for (const e of result.errors.slice(0, 50)) lines.push(`  ${e.file}:${e.line}: ${e.reason}`);
          if (result.errors.length > 50 || result.errorsTruncated) lines.push(`  … more rejections (use --json for the list)`);
          return lines.join('\n');
        });
        return result.cancelled ? 1 : 0;
      }
      case 'correlate': {
        const c = open();
        const result = await call(c, 'correlate.run', { rebuild: values.rebuild === true });
        print(result, () => `${result.mode}: ${result.incidents} incidents from ${result.alerts} alerts (${result.uncorrelated} lone ones left uncorrelated) in ${result.ms} ms`);
        return 0;
      }
      case 'incidents': {
        const severities = values.severity?.flatMap((s) => s.split(','));
        const statuses = values.status?.flatMap((s) => s.split(','));
        for (const s of severities ?? []) if (!(SEVERITIES as readonly string[]).includes(s)) throw new UsageError(`unknown --severity ${s} (one of ${SEVERITIES.join(', ')})`);
        for (const s of statuses ?? []) if (!(INCIDENT_STATUSES as readonly string[]).includes(s)) throw new UsageError(`unknown --status ${s} (one of ${INCIDENT_STATUSES.join(', ')})`);
        const limit = values.limit === undefined ? 1000 : Number(values.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be an integer 1..1000');
        const c = open();
        const page = await call(c, 'incidents.list', {
          severities: severities as Array<(typeof SEVERITIES)[number]> | undefined,
          statuses: statuses as Array<(typeof INCIDENT_STATUSES)[number]> | undefined,
          search: values.search,
          limit,
        });
        const rows = page.rows.map((r) => ({
          id: r.id,
          title: r.title,
          severity: r.severity,
          risk: r.risk,
          confidence: r.confidence,
          alertCount: r.alertCount,
          firstSeen: iso(r.firstSeen),
          lastSeen: iso(r.lastSeen),
          status: r.status,
        }));
        print(rows, () =>
          rows.length === 0
            ? 'no incidents'
            : rows.map((r) => `${r.id}  ${r.severity.padEnd(8)} risk ${String(r.risk).padStart(3)}  ${String(r.alertCount).padStart(6)} alerts  ${r.status.padEnd(13)} ${r.title}`).join('\n'),
        );
        return 0;
      }
      case 'incident': {
        const id = rest[0];
        if (!id) throw new UsageError('incident needs an ID');
        const c = open();
        const detail: IncidentDetail = await call(c, 'incidents.get', { id });
        const shaped = { ...detail, firstSeen: iso(detail.firstSeen), lastSeen: iso(detail.lastSeen) };
        print(shaped, () =>
          [
            `${detail.id}  ${detail.title}`,
            `severity ${detail.severity}  risk ${detail.risk}  confidence ${detail.confidence}  status ${detail.status}${detail.verdict ? `  verdict ${detail.verdict}` : ''}`,
            `${detail.alertIds.length} alerts, ${iso(detail.firstSeen)} → ${iso(detail.lastSeen)}`,
            '',
            detail.summary,
            '',
            `Why together: ${detail.explanation.text}`,
            '',
            `Alert ids: ${detail.alertIds.slice(0, 200).join(', ')}${detail.alertIds.length > 200 ? ' …' : ''}`,
          ].join('\n'),
        );
        return 0;
      }
      case 'serve': {
        const port = values.port === undefined ? 0 : Number(values.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0..65535');
        const c = open('http');
        const running = await startHttpServer({ handlers: c.handlers, events: c.events, staticDir: join(__dirname, '../renderer'), port });
        out.write(`SOC Workbench (browser mode) on ${running.url}\nOpen: ${running.openUrl}\nWorkspace: ${c.ctx.workspace.dir}\nPress Ctrl+C to stop.\n`);
        if (!values['no-open'] && !process.env.CI) openBrowser(running.openUrl);
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await running.close();
        return 0;
      }
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`socwb: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    const info: ErrorInfo =
      error instanceof CallError ? error.info : { code: (error as { code?: ErrorInfo['code'] }).code ?? 'INTERNAL', message: (error as Error).message };
    if (json) out.write(`${JSON.stringify({ ok: false, error: info }, null, 2)}\n`);
    err.write(`socwb: ${info.code}: ${info.message}\n`);
    return 1;
  } finally {
    await core?.close();
  }
}

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // no browser launcher: the URL is printed above
  }
}

/**
 * Exits once everything written has left: stdout to a pipe is asynchronous on
 * POSIX, and exiting at once cut JSON output at the pipe's 64 KiB.
 */
function exitAfterFlush(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

/** Runs a command line and ends the process with its exit code. */
export function run(argv: string[]): void {
  main(argv).then(exitAfterFlush, (error) => {
    console.error(error);
    exitAfterFlush(1);
  });
}

if (require.main === module) run(process.argv.slice(2));
