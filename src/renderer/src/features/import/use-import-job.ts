import { create } from 'zustand';
import type { ApiClient, ImportProgress } from '../../../../shared/contract';
import type { ImportFormat, ImportResult } from '../../../../shared/domain';
import type { ErrorCode } from '../../../../shared/errors';
import { toApiError, type ApiError } from '../../api/api-error';
import { pathForFile, useApi } from '../../api/client';
import { useUiEvent } from '../../api/use-ui-event';
import { notifyError } from '../../app/notify';

/** One file's outcome; `errorCode` is the code of the call that failed for it (the text is `error`). */
export type ImportFileOutcome = ImportResult['files'][number] & { errorCode?: ErrorCode };

/** What an import did, as the result panel shows it. */
export interface ImportOutcome extends Omit<ImportResult, 'files'> {
  files: ImportFileOutcome[];
}

export type ImportPhase =
  | { kind: 'idle' }
  | { kind: 'running'; fileNames: string[]; reading: string | null; progress: ImportProgress | null; format: ImportFormat | undefined }
  /** `format`: the format the analyst forced for this import (none: detected per record). */
  | { kind: 'done'; result: ImportOutcome; format: ImportFormat | undefined };

const EMPTY_RESULT: ImportOutcome = {
  imported: 0,
  duplicates: 0,
  rejected: 0,
  events: 0,
  errors: [],
  errorsTruncated: false,
  cancelled: false,
  files: [],
};

/** Browser mode sends the text in the request; the contract caps it at 256 MB. */
const MAX_CONTENT_BYTES = 256 * 1024 * 1024;

class TooLargeError extends Error {}

/**
 * A file's text for `ingest.importContent`. A gzip file (known by its magic
 * bytes, whatever its name) is inflated here, as the desktop app and the CLI
 * inflate it when they read it from disk; inflating stops at the contract's cap.
 */
async function readFileText(file: File): Promise<string> {
  const magic = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) return file.text();
  const reader = file.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_CONTENT_BYTES) {
      await reader.cancel();
      throw new TooLargeError();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** A result that only says these files failed, and why. */
function fileError(fileNames: string | string[], error: string, errorCode?: ErrorCode): ImportOutcome {
  const names = typeof fileNames === 'string' ? [fileNames] : fileNames;
  return {
    ...EMPTY_RESULT,
    files: names.map((file) => ({ file, format: null, imported: 0, duplicates: 0, rejected: 0, events: 0, error, ...(errorCode ? { errorCode } : {}) })),
  };
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** The result an import that failed as a whole carries in its error details (every file failed), if it is one. */
function detailsResult(details: unknown): ImportResult | null {
  const result = (details as { result?: unknown } | null | undefined)?.result as Partial<ImportResult> | undefined;
  if (typeof result !== 'object' || result === null) return null;
  const counts = [result.imported, result.duplicates, result.rejected, result.events].every(isCount);
  const files =
    Array.isArray(result.files) &&
    result.files.every((f) => typeof f === 'object' && f !== null && typeof f.file === 'string' && (f.error === undefined || typeof f.error === 'string'));
  const errors =
    Array.isArray(result.errors) &&
    result.errors.every((e) => typeof e === 'object' && e !== null && typeof e.file === 'string' && isCount(e.line) && typeof e.reason === 'string');
  return counts && files && errors ? (result as ImportResult) : null;
}

/**
 * A failed import call as a result: each file with its own reason in words, as
 * the service gave it, when the error carries the import's result; otherwise
 * every file of the call with the error's message. The code goes to `errorCode`.
 */
function failedImport(error: ApiError, fileNames: string[]): ImportOutcome {
  const result = detailsResult(error.details);
  if (!result) return fileError(fileNames, error.message, error.code);
  // The call has one code, chosen by its first failure: it is that file's only when no other failed.
  const failed = result.files.filter((f) => f.error).length;
  return failed === 1 ? { ...result, files: result.files.map((f) => (f.error ? { ...f, errorCode: error.code } : f)) } : result;
}

function addResults(a: ImportOutcome, b: ImportOutcome): ImportOutcome {
  return {
    imported: a.imported + b.imported,
    duplicates: a.duplicates + b.duplicates,
    rejected: a.rejected + b.rejected,
    events: a.events + b.events,
    errors: [...a.errors, ...b.errors],
    errorsTruncated: a.errorsTruncated || b.errorsTruncated,
    cancelled: a.cancelled || b.cancelled,
    files: [...a.files, ...b.files],
  };
}

interface ImportJobState {
  phase: ImportPhase;
  /** The job whose `ingest.progress` events are followed. */
  currentJob: string | null;
  cancelRequested: boolean;
}

/**
 * The import lives outside the Import view, which is unmounted whenever the
 * analyst switches views: its progress, its result and the guard against a
 * second concurrent import outlast the view (one import at a time, as the
 * import view offers one drop zone).
 */
export const useImportJobStore = create<ImportJobState>()(() => ({ phase: { kind: 'idle' }, currentJob: null, cancelRequested: false }));

const setPhase = (update: (p: ImportPhase) => ImportPhase): void => useImportJobStore.setState((s) => ({ phase: update(s.phase) }));

/** Follows `ingest.progress` for the running import; mounted once, for the app's lifetime. */
export function useImportProgressFeed(): void {
  useUiEvent('ingest.progress', (progress) => {
    if (!progress || progress.jobId !== useImportJobStore.getState().currentJob) return;
    setPhase((p) => (p.kind === 'running' ? { ...p, reading: null, progress } : p));
  });
}

async function runJob(start: (jobId: string) => Promise<ImportResult>, fileNames: string[]): Promise<ImportOutcome> {
  const jobId = crypto.randomUUID();
  useImportJobStore.setState({ currentJob: jobId });
  try {
    return await start(jobId);
  } catch (error) {
    const apiError = toApiError(error);
    if (apiError.code === 'CANCELLED') return { ...EMPTY_RESULT, cancelled: true };
    // Shown once, in the result panel, not also as a notice.
    return failedImport(apiError, fileNames);
  }
}

/**
 * Imports files: in the desktop app by path (`ingest.importFiles`, one job),
 * otherwise by content (`ingest.importContent`, one job per file, in turn).
 * Does nothing while another import runs.
 */
async function startImport(api: ApiClient, files: File[], format: ImportFormat | undefined): Promise<void> {
  if (files.length === 0 || useImportJobStore.getState().phase.kind === 'running') return;
  const cancelled = () => useImportJobStore.getState().cancelRequested;
  const fileNames = files.map((f) => f.name);
  useImportJobStore.setState({ phase: { kind: 'running', fileNames, reading: null, progress: null, format }, cancelRequested: false });
  const withFormat = format ? { format } : {};

  const byPath = files.map((file) => ({ file, path: pathForFile(file) }));
  const paths = byPath.filter((f) => f.path !== '');
  const contents = byPath.filter((f) => f.path === '').map((f) => f.file);
  let total = EMPTY_RESULT;

  // The contract takes up to 1000 paths per call.
  for (let i = 0; i < paths.length && !cancelled() && !total.cancelled; i += 1000) {
    const batch = paths.slice(i, i + 1000);
    total = addResults(
      total,
      await runJob(
        (jobId) => api.call('ingest.importFiles', { paths: batch.map((f) => f.path), jobId, ...withFormat }),
        batch.map((f) => f.file.name),
      ),
    );
  }
  for (const file of contents) {
    if (cancelled() || total.cancelled) {
      total = { ...total, cancelled: true };
      break;
    }
    if (file.size > MAX_CONTENT_BYTES) {
      total = addResults(total, fileError(file.name, 'Too large to send from the browser (over 256 MB): import it in the desktop app or with the CLI.'));
      continue;
    }
    setPhase((p) => (p.kind === 'running' ? { ...p, reading: file.name, progress: null } : p));
    let content: string;
    try {
      content = await readFileText(file);
    } catch (error) {
      const reason =
        error instanceof TooLargeError
          ? 'Inflates to over 256 MB, too large to send from the browser: import it in the desktop app or with the CLI.'
          : `Could not read the file: ${toApiError(error).message}`;
      total = addResults(total, fileError(file.name, reason));
      continue;
    }
    if (cancelled()) break;
    total = addResults(
      total,
      await runJob((jobId) => api.call('ingest.importContent', { fileName: file.name, content, jobId, ...withFormat }), [file.name]),
    );
  }
  useImportJobStore.setState({ currentJob: null, phase: { kind: 'done', result: cancelled() ? { ...total, cancelled: true } : total, format } });
}

async function cancelImport(api: ApiClient): Promise<void> {
  useImportJobStore.setState({ cancelRequested: true });
  const jobId = useImportJobStore.getState().currentJob;
  if (!jobId) return;
  try {
    await api.call('ingest.cancel', { jobId });
  } catch (error) {
    notifyError('Could not cancel the import', error);
  }
}

/** The import (running, finished or none) and what can be done with it. */
export function useImportJob() {
  const api = useApi();
  const phase = useImportJobStore((s) => s.phase);
  return {
    phase,
    start: (files: File[], format: ImportFormat | undefined) => startImport(api, files, format),
    cancel: () => cancelImport(api),
    reset: () => {
      if (useImportJobStore.getState().phase.kind === 'done') useImportJobStore.setState({ phase: { kind: 'idle' } });
    },
  };
}
