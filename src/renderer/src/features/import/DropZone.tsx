import { Button, Stack, Text } from '@mantine/core';
import { useRef, useState, type DragEvent, type Ref } from 'react';

interface Props {
  disabled: boolean;
  onFiles: (files: File[]) => void;
  /** The "Choose files…" button, for the panel to put focus on. */
  chooseRef?: Ref<HTMLButtonElement>;
}

/** Plain HTML5 drop target plus a keyboard-reachable "Choose files…" button. */
export function DropZone({ disabled, onFiles, chooseRef }: Props) {
  const inputRef = useRef<HTMLInputElement>(null);
  const depth = useRef(0);
  const [over, setOver] = useState(false);

  const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer.types).includes('Files');

  return (
    <div
      className="drop-zone"
      data-over={over || undefined}
      data-disabled={disabled || undefined}
      data-testid="import-dropzone"
      aria-label="Drop alert files here"
      role="region"
      onDragEnter={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        depth.current = 0;
        setOver(false);
        if (disabled) return;
        const files = Array.from(event.dataTransfer.files);
        if (files.length > 0) onFiles(files);
      }}
    >
      <Stack align="center" gap="xs">
        <Text fw={600}>Drop alert files here</Text>
        <Text size="sm" c="dimmed" ta="center">
          Wazuh alerts.json / index exports, Suricata eve.json, or generic JSON / NDJSON.
        </Text>
        <Button ref={chooseRef} size="xs" variant="default" disabled={disabled} onClick={() => inputRef.current?.click()} data-testid="import-choose">
          Choose files…
        </Button>
        <input
          ref={inputRef}
          type="file"
          multiple
          tabIndex={-1}
          aria-label="Alert files"
          className="visually-hidden-input"
          data-testid="import-file-input"
          onChange={(event) => {
            const files = Array.from(event.currentTarget.files ?? []);
            event.currentTarget.value = ''; // the same file can be chosen again
            if (files.length > 0) onFiles(files);
          }}
        />
      </Stack>
    </div>
  );
}
