import { Notification, Stack } from '@mantine/core';
import { useEffect } from 'react';
import { useUiStore, type Notice } from '../state/ui-store';

const TONE_COLORS: Record<Notice['tone'], string> = { error: 'red', success: 'teal', info: 'indigo' };
const AUTO_DISMISS_MS = 6000;

function NoticeItem({ notice }: { notice: Notice }) {
  const dismiss = useUiStore((s) => s.dismissNotice);
  useEffect(() => {
    // Errors stay until dismissed; confirmations fade away on their own.
    if (notice.tone === 'error') return;
    const timer = setTimeout(() => dismiss(notice.id), AUTO_DISMISS_MS);
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  return (
    <Notification
      color={TONE_COLORS[notice.tone]}
      title={notice.title}
      withBorder
      role={notice.tone === 'error' ? 'alert' : 'status'}
      closeButtonProps={{ 'aria-label': 'Dismiss notification' }}
      onClose={() => dismiss(notice.id)}
      data-testid={`notice-${notice.tone}`}
    >
      {notice.message}
    </Notification>
  );
}

/** Fixed stack of notifications (errors from failed calls, confirmations). */
export function NoticeStack() {
  const notices = useUiStore((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <Stack gap="xs" pos="fixed" bottom={16} right={16} w={380} style={{ zIndex: 1000 }} aria-live="polite">
      {notices.map((notice) => (
        <NoticeItem key={notice.id} notice={notice} />
      ))}
    </Stack>
  );
}
