import { useRef, useState } from 'react';
import type { ImportProgress } from '../../../../shared/contract';
import type { ImportFormat, ImportResult } from '../../../../shared/domain';
import { toApiError } from '../../api/api-error';
import { pathForFile, useApi } from '../../api/client';
import { useUiEvent } from '../../api/use-ui-event';
import { notifyError } from '../../app/notify';

export type ImportPhase =
  | { kind: 'idle' }
  | { kind: 'running'; fileNames: string[]; reading: string | null; progress: ImportProgress | null }
  | { kind: 'done'; result: ImportResult };

const EMPTY_RESULT: ImportResult = {
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
function fileError(fileNames: string | string[], error: string): ImportResult {
  const names = typeof fileNames === 'string' ? [fileNames] : fileNames;
  return {
    ...EMPTY_RESULT,
    files: names.map((file) => ({ file, format: null, imported: 0, duplicates: 0, rejected: 0, events: 0, error })),
  };
}

function addResults(a: ImportResult, b: ImportResult): ImportResult {
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

/**
 * Imports files: in the desktop app by path (`ingest.importFiles`, one job),
 * otherwise by content (`ingest.importContent`, one job per file, in turn).
 * Follows `ingest.progress` for the current job id and can cancel it.
 */
export function useImportJob() {
  const api = useApi();
  const [phase, setPhase] = useState<ImportPhase>({ kind: 'idle' });
  const currentJob = useRef<string | null>(null);
  const cancelRequested = useRef(false);

  useUiEvent('ingest.progress', (progress) => {
    if (!progress || progress.jobId !== currentJob.current) return;
    setPhase((p) => (p.kind === 'running' ? { ...p, reading: null, progress } : p));
  });

  const runJob = async (start: (jobId: string) => Promise<ImportResult>, fileNames: string[]): Promise<ImportResult> => {
    const jobId = crypto.randomUUID();
    currentJob.current = jobId;
    try {
      return await start(jobId);
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.code === 'CANCELLED') return { ...EMPTY_RESULT, cancelled: true };
      notifyError(`Import failed: ${fileNames.join(', ')}`, apiError);
      return fileError(fileNames, `${apiError.message} (${apiError.code})`);
    }
  };

  const start = async (files: File[], format: ImportFormat | undefined) => {
    if (files.length === 0 || phase.kind === 'running') return;
    cancelRequested.current = false;
    const fileNames = files.map((f) => f.name);
    setPhase({ kind: 'running', fileNames, reading: null, progress: null });
    const withFormat = format ? { format } : {};

    const byPath = files.map((file) => ({ file, path: pathForFile(file) }));
    const paths = byPath.filter((f) => f.path !== '');
    const contents = byPath.filter((f) => f.path === '').map((f) => f.file);
    let total = EMPTY_RESULT;

    // The contract takes up to 1000 paths per call.
    for (let i = 0; i < paths.length && !cancelRequested.current && !total.cancelled; i += 1000) {
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
      if (cancelRequested.current || total.cancelled) {
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
      if (cancelRequested.current) break;
      total = addResults(
        total,
        await runJob((jobId) => api.call('ingest.importContent', { fileName: file.name, content, jobId, ...withFormat }), [file.name]),
      );
    }
    currentJob.current = null;
    setPhase({ kind: 'done', result: cancelRequested.current ? { ...total, cancelled: true } : total });
  };

  const cancel = async () => {
    cancelRequested.current = true;
    const jobId = currentJob.current;
    if (!jobId) return;
    try {
      await api.call('ingest.cancel', { jobId });
    } catch (error) {
      notifyError('Could not cancel the import', error);
    }
  };

  const reset = () => setPhase({ kind: 'idle' });

  return { phase, start, cancel, reset };
}
