import { Button, Group, Kbd, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import type { IncidentNote } from '../../../../shared/domain';
import { useApi } from '../../api/client';
import { formatUtc } from '../../app/format';
import { notifyError } from '../../app/notify';
import { useDraft } from '../../state/drafts';

/** The analyst's notes (plain text, line breaks kept) and a box to add one; Ctrl+Enter submits. */
export function IncidentNotes({ incidentId, notes, onAdded }: { incidentId: string; notes: IncidentNote[]; onAdded: () => void }) {
  const api = useApi();
  // An unsaved note is kept when the incident is left (Escape, Back, another view) and shown again on return.
  const [body, setBody, clearBody] = useDraft(`note:${incidentId}`, '');
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    if (!body.trim() || saving) return;
    setSaving(true);
    try {
      await api.call('incidents.addNote', { id: incidentId, body });
      clearBody();
      onAdded();
    } catch (error) {
      notifyError('Could not add the note', error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Paper withBorder p="sm" data-testid="incident-notes">
      <Title order={3} size="h6" mb="xs">
        Notes ({notes.length})
      </Title>
      <Stack gap="xs">
        {notes.map((note) => (
          <div key={note.id} className="note" data-testid="incident-note">
            <Text size="xs" c="dimmed">
              {note.author} · {formatUtc(note.createdAt)} UTC
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
              {note.body}
            </Text>
          </div>
        ))}
        <Textarea
          aria-label="New note"
          placeholder="Add a note… (Ctrl+Enter to save)"
          size="sm"
          autosize
          minRows={2}
          maxRows={10}
          maxLength={20_000}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void submit();
            }
          }}
          aria-keyshortcuts="Control+Enter"
          data-testid="note-input"
        />
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">Enter</Kbd> to add
          </Text>
          <Button size="xs" onClick={() => void submit()} loading={saving} disabled={!body.trim()} data-testid="note-submit">
            Add note
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
