import { Button, Code, CopyButton, Group, Paper, Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import type { IngestEndpointInfo } from '../../../../shared/contract';
import { useApi } from '../../api/client';
import { useApiQuery } from '../../api/use-api-query';
import { notifyError } from '../../app/notify';

const NO_TABLES: readonly string[] = [];

/**
 * The loopback ingest endpoint: off by default; when on, other tools on this
 * machine POST alerts to the URL with the bearer token (a new one each start).
 */
export function IngestEndpointPanel() {
  const api = useApi();
  const current = useApiQuery('ingest.getEndpoint', {}, NO_TABLES);
  const [info, setInfo] = useState<IngestEndpointInfo | null>(null);
  // While a switch is in flight it shows what was asked for, then what the server did.
  const [pending, setPending] = useState<boolean | null>(null);
  const shown = info ?? current.data ?? null;

  const toggle = async (enabled: boolean) => {
    setPending(enabled);
    try {
      setInfo(await api.call('ingest.setEndpoint', { enabled }));
    } catch (error) {
      notifyError('Ingest endpoint', error);
    } finally {
      setPending(null);
    }
  };

  return (
    <Paper withBorder p="sm" data-testid="ingest-endpoint">
      <Stack gap="xs">
        <Switch
          label="Accept alerts from other tools on this machine (loopback ingest endpoint)"
          checked={pending ?? shown?.enabled ?? false}
          disabled={pending !== null || shown === null}
          onChange={(e) => void toggle(e.currentTarget.checked)}
          data-testid="ingest-endpoint-toggle"
        />
        {shown?.enabled && shown.url && shown.token ? (
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              POST a JSON object, a JSON array or NDJSON with the header below. The token changes every time the endpoint starts.
            </Text>
            <Group gap="xs">
              <Code data-testid="ingest-endpoint-url">{shown.url}</Code>
              <CopyText text={shown.url} label="Copy URL" />
            </Group>
            <Group gap="xs">
              <Code data-testid="ingest-endpoint-token">Authorization: Bearer {shown.token}</Code>
              <CopyText text={`Authorization: Bearer ${shown.token}`} label="Copy header" />
            </Group>
          </Stack>
        ) : (
          <Text size="xs" c="dimmed">
            Off. It listens on 127.0.0.1 only and needs a token.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** A compact button that copies `text` and says so for a moment. */
function CopyText({ text, label }: { text: string; label: string }) {
  return (
    <CopyButton value={text}>
      {({ copied, copy }) => (
        <Button size="compact-xs" variant="default" onClick={copy}>
          {copied ? 'Copied' : label}
        </Button>
      )}
    </CopyButton>
  );
}
