import { Alert, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Fragment, useEffect, useRef } from 'react';
import { formatCount } from '../../app/format';
import { useUiStore } from '../../state/ui-store';
import { describeCorrelation, useCorrelate } from '../incidents/use-correlate';
import type { ImportFormat } from '../../../../shared/domain';
import { FORMAT_LABELS } from './format-labels';
import { filesRejectedAlike } from './rejected-alike';
import type { ImportOutcome } from './use-import-job';

/**
 * A record's text as one visible line: line breaks and tabs become spaces, and
 * other control and bidirectional formatting characters are spelled out
 * (`\u202e`), so a record cannot reorder or hide what is shown around it.
 */
function visibleSnippet(text: string): string {
  // Control, format (bidi, zero-width, BOM) and line/paragraph separator characters: shown by their code, never acted on.
  return text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) =>
    c === '\n' || c === '\r' || c === '\t' ? ' ' : `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`,
  );
}

/**
 * The start of a rejected record: one line, cut with an ellipsis (the whole
 * snippet on hover). Its column takes the room the others leave (max-width 0
 * keeps its text out of the table's minimum widths), never the reason's.
 */
const SNIPPET_CELL_STYLE = { maxWidth: 0, width: '40%' } as const;
const SNIPPET_STYLE = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;

/**
 * Cut with an ellipsis only past this width. No break-all or overflow-wrap:
 * anywhere: both let the table squeeze the column to a letter's width, and the
 * name broke mid-word ("bad.ndjso n") whenever another column's text was long.
 */
const FILE_NAME_STYLE = { maxWidth: '24rem', overflow: 'hidden', textOverflow: 'ellipsis' } as const;

/** A file name or path in a table: never broken inside a name, a path only after its separators; the whole on hover. */
function FileName({ name }: { name: string }) {
  const parts = name.split(/(?<=[/\\])/);
  return (
    <div style={FILE_NAME_STYLE} title={name}>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </div>
  );
}

function importHeading(result: ImportOutcome): string {
  if (result.cancelled) return 'Import cancelled';
  const failed = result.files.filter((file) => file.error !== undefined).length;
  if (failed > 0 && failed === result.files.length) return 'Import failed';
  if (failed > 0) return `Import finished: ${failed} of ${result.files.length} files could not be read`;
  return 'Import finished';
}

/** What the import did: counts, per-file outcome, rejected lines (plain text), and "Correlate now". */
export function ImportResultPanel({ result, forcedFormat, onDone }: { result: ImportOutcome; forcedFormat: ImportFormat | undefined; onDone: () => void }) {
  const correlate = useCorrelate();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The import's controls were disabled while it ran, so focus fell to the page: the result is where to go on.
  // Focus that is somewhere (the navigation, on coming back to this view) stays there.
  useEffect(() => {
    if (document.activeElement === null || document.activeElement === document.body) headingRef.current?.focus({ preventScroll: true });
  }, []);
  // A file that failed as a whole is listed with the files (line 0 in `errors`), not again as a rejected record.
  const rejections = result.errors.filter((error) => error.line > 0);
  const setView = useUiStore((s) => s.setView);
  const stats: Array<[string, number, string]> = [
    ['Imported', result.imported, 'import-imported'],
    ['Duplicates', result.duplicates, 'import-duplicates'],
    ['Rejected', result.rejected, 'import-rejected'],
    ['Events kept', result.events, 'import-events'],
  ];

  return (
    <Paper withBorder p="sm" data-testid="import-result">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h5" tabIndex={-1} ref={headingRef} className="focus-target">
            {importHeading(result)}
          </Title>
          <Button size="xs" variant="default" onClick={onDone}>
            Import more
          </Button>
        </Group>
        {result.cancelled && (
          <Alert color="yellow" variant="light">
            The import was cancelled. Records already committed stay imported; the rest were not written.
          </Alert>
        )}
        {forcedFormat && <ForcedFormatNote format={forcedFormat} rejectedAlike={filesRejectedAlike(result)} />}
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          {stats.map(([label, value, testId]) => (
            <Paper key={label} withBorder p="xs">
              <Text size="xs" c="dimmed">
                {label}
              </Text>
              <Text fw={700} size="lg" data-testid={testId}>
                {formatCount(value)}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>

        {result.imported > 0 && !result.cancelled && (
          <Group gap="xs">
            <Button size="xs" onClick={() => void correlate.run(false)} loading={correlate.running} data-testid="import-correlate">
              Correlate now
            </Button>
            {correlate.result && (
              <>
                <Text size="sm" data-testid="import-correlate-result">
                  {describeCorrelation(correlate.result)}
                </Text>
                <Button size="xs" variant="light" onClick={() => setView('incidents')}>
                  Open incidents
                </Button>
              </>
            )}
          </Group>
        )}

        {result.files.length > 0 && (
          // Names are not broken inside: in a narrow window the table scrolls sideways rather than spilling over the panel.
          <div style={{ overflowX: 'auto' }}>
            <Table fz="xs" verticalSpacing={2} withTableBorder aria-label="Files">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>File</Table.Th>
                  <Table.Th>Format</Table.Th>
                  <Table.Th ta="right">Imported</Table.Th>
                  <Table.Th ta="right">Duplicates</Table.Th>
                  <Table.Th ta="right">Rejected</Table.Th>
                  <Table.Th ta="right">Events</Table.Th>
                  <Table.Th>Problem</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.files.map((file, i) => (
                  <Table.Tr key={`${file.file}:${i}`}>
                    <Table.Td>
                      <FileName name={file.file} />
                    </Table.Td>
                    <Table.Td title={file.format ?? undefined}>{file.format ? FORMAT_LABELS[file.format] : '—'}</Table.Td>
                    <Table.Td ta="right">{formatCount(file.imported)}</Table.Td>
                    <Table.Td ta="right">{formatCount(file.duplicates)}</Table.Td>
                    <Table.Td ta="right">{formatCount(file.rejected)}</Table.Td>
                    <Table.Td ta="right">{formatCount(file.events)}</Table.Td>
                    <Table.Td c={file.error ? 'red' : undefined} title={file.errorCode ? `Error code: ${file.errorCode}` : undefined}>
                      {file.error ?? ''}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}

        {rejections.length > 0 && (
          <div>
            <Text size="sm" fw={600} mb={4}>
              Rejected records{result.errorsTruncated ? ` (first ${formatCount(rejections.length)} of ${formatCount(result.rejected)})` : ''}
            </Text>
            <div className="import-errors">
              <Table fz="xs" verticalSpacing={2} withTableBorder stickyHeader aria-label="Rejected records" data-testid="import-errors">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>File</Table.Th>
                    <Table.Th ta="right">Line</Table.Th>
                    <Table.Th>Reason</Table.Th>
                    <Table.Th>Record</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rejections.map((error, i) => (
                    <Table.Tr key={i}>
                      <Table.Td>
                        <FileName name={error.file} />
                      </Table.Td>
                      <Table.Td ta="right" className="mono">
                        {error.line}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{error.reason}</Table.Td>
                      <Table.Td style={SNIPPET_CELL_STYLE}>
                        {error.snippet !== undefined && (
                          <div className="mono" style={SNIPPET_STYLE} title={visibleSnippet(error.snippet)} data-testid="import-error-snippet">
                            {visibleSnippet(error.snippet)}
                          </div>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          </div>
        )}
      </Stack>
    </Paper>
  );
}

/** Says that the format was forced, and when it is the likely reason every record of a file was rejected. */
function ForcedFormatNote({ format, rejectedAlike }: { format: ImportFormat; rejectedAlike: Array<{ file: string; reason: string }> }) {
  return (
    <Alert color={rejectedAlike.length > 0 ? 'yellow' : 'blue'} variant="light" data-testid="import-forced-format">
      <Stack gap={4}>
        <Text size="sm">
          Read as <b>{FORMAT_LABELS[format]}</b> ({format}), the format chosen for this import; the next import detects the format
          again.
        </Text>
        {rejectedAlike.map(({ file, reason }) => (
          <Text size="sm" key={file} style={{ overflowWrap: 'anywhere' }}>
            Every record of <b>{file}</b> was rejected with the same reason ({reason}): the forced format {FORMAT_LABELS[format]} is the
            likely cause. Import it again with Format on Auto-detect.
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}
