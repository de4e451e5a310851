import { Button, Group, NativeSelect, Paper, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { INCIDENT_STATUSES, VERDICTS, type IncidentDetail, type IncidentStatus, type Verdict } from '../../../../shared/domain';
import { useApi } from '../../api/client';
import { humanize } from '../../app/format';
import { notifyError, notifySuccess } from '../../app/notify';
import { useDraft } from '../../state/drafts';

const STATUS_OPTIONS = INCIDENT_STATUSES.map((status) => ({ value: status, label: humanize(status) }));
const VERDICT_OPTIONS = [{ value: '', label: 'No verdict' }, ...VERDICTS.map((v) => ({ value: v, label: humanize(v) }))];

/** Status (applied at once) and verdict + reason (applied with Save), in one row across the incident. */
export function TriageControls({ incident, onChanged }: { incident: IncidentDetail; onChanged: () => void }) {
  const api = useApi();
  const [saving, setSaving] = useState(false);
  // An unsaved verdict and reason are kept when the incident is left, like a note.
  const [verdictText, setVerdict, clearVerdict] = useDraft(`verdict:${incident.id}`, incident.verdict ?? '');
  const verdict = verdictText as Verdict | '';
  const [reason, setReason, clearReason] = useDraft(`reason:${incident.id}`, incident.verdictReason ?? '');
  const verdictDirty = verdict !== (incident.verdict ?? '') || reason !== (incident.verdictReason ?? '');

  const update = async (patch: { status?: IncidentStatus; verdict?: Verdict | null; verdictReason?: string | null }, done: string) => {
    setSaving(true);
    try {
      await api.call('incidents.update', { id: incident.id, ...patch });
      if (patch.verdict !== undefined) {
        clearVerdict();
        clearReason();
      }
      notifySuccess('Incident updated', done);
      onChanged();
    } catch (error) {
      notifyError('Could not update the incident', error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Paper withBorder p="sm">
      <Title order={3} size="h6" mb={4}>
        Triage
      </Title>
      {/* The fields line up on their labels; the reason grows downwards and Save stays at its foot. */}
      <Group gap="xs" align="flex-start" wrap="wrap">
        <NativeSelect
          label="Status"
          size="xs"
          w={150}
          data={STATUS_OPTIONS}
          value={incident.status}
          disabled={saving}
          onChange={(e) => {
            const status = e.currentTarget.value as IncidentStatus;
            if (status !== incident.status) void update({ status }, `Status set to ${humanize(status)}.`);
          }}
          data-testid="status-select"
        />
        <NativeSelect
          label="Verdict"
          size="xs"
          w={150}
          data={VERDICT_OPTIONS}
          value={verdict}
          onChange={(e) => setVerdict(e.currentTarget.value as Verdict | '')}
          data-testid="verdict-select"
        />
        <Textarea
          label="Verdict reason"
          size="xs"
          flex="1 1 240px"
          autosize
          minRows={1}
          maxRows={6}
          maxLength={2000}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-testid="verdict-reason"
        />
        <Button
          size="xs"
          variant="light"
          style={{ alignSelf: 'flex-end' }}
          disabled={!verdictDirty}
          loading={saving}
          onClick={() =>
            void update(
              { verdict: verdict === '' ? null : verdict, verdictReason: reason.trim() === '' ? null : reason.trim() },
              verdict === '' ? 'Verdict cleared.' : `Verdict set to ${humanize(verdict)}.`,
            )
          }
          data-testid="verdict-save"
        >
          Save verdict
        </Button>
      </Group>
    </Paper>
  );
}
