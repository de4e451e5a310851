import { Alert, Button, Code, Stack } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What failed, in the analyst's words (e.g. "The Alerts view"). */
  area: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/** Catches render errors so a failure shows a message instead of a blank screen. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`${this.props.area} failed to render`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Alert color="red" title={`${this.props.area} hit an unexpected error`} role="alert" m="md">
        <Stack gap="sm" align="flex-start">
          <Code block>{error.message || String(error)}</Code>
          <Button size="xs" variant="light" color="red" onClick={() => this.setState({ error: null })}>
            Try again
          </Button>
        </Stack>
      </Alert>
    );
  }
}
