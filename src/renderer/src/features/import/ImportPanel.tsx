import { NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { IMPORT_FORMATS, type ImportFormat } from '../../../../shared/domain';
import { DropZone } from './DropZone';
import { FORMAT_LABELS } from './format-labels';
import { ImportProgressPanel } from './ImportProgressPanel';
import { ImportResultPanel } from './ImportResultPanel';
import { IngestEndpointPanel } from './IngestEndpointPanel';
import { useImportJob } from './use-import-job';

const FORMAT_OPTIONS = [{ value: '', label: 'Auto-detect' }, ...IMPORT_FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f] }))];

/** Import alert files: drop or choose, watch progress, read the outcome. */
export function ImportPanel() {
  const job = useImportJob();
  // A forced format applies to one import: the choice goes back to Auto-detect when it starts (the running import shows its own).
  const [format, setFormat] = useState<ImportFormat | ''>('');
  const { phase } = job;
  const chooseRef = useRef<HTMLButtonElement>(null);
  const start = (files: File[]) => {
    void job.start(files, format || undefined);
    setFormat('');
  };
  // "Import more" closes the result it is on: focus goes to choosing the next files.
  const importMore = () => {
    job.reset();
    chooseRef.current?.focus();
  };

  return (
    <section className="view view-scroll" aria-label="Import">
      <Stack gap="sm" maw={1100}>
        <Title order={2} size="h4">
          Import alerts
        </Title>
        <Text size="sm" c="dimmed">
          Wazuh, Suricata EVE, Elastic and Graylog alerts as NDJSON, JSON arrays or saved search responses, optionally
          gzip-compressed. Files are parsed, normalised and de-duplicated; the original records are kept as received.
        </Text>
        <NativeSelect
          label="Format"
          size="xs"
          w={220}
          data={FORMAT_OPTIONS}
          value={phase.kind === 'running' ? (phase.format ?? '') : format}
          onChange={(e) => setFormat(e.currentTarget.value as ImportFormat | '')}
          disabled={phase.kind === 'running'}
          data-testid="import-format"
        />
        <DropZone disabled={phase.kind === 'running'} onFiles={start} chooseRef={chooseRef} />
        {phase.kind === 'running' && (
          <ImportProgressPanel
            fileNames={phase.fileNames}
            reading={phase.reading}
            progress={phase.progress}
            onCancel={() => void job.cancel()}
          />
        )}
        {phase.kind === 'done' && <ImportResultPanel result={phase.result} forcedFormat={phase.format} onDone={importMore} />}
        <IngestEndpointPanel />
      </Stack>
    </section>
  );
}
