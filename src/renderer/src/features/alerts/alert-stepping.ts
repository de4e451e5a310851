import { useEffect, useRef } from 'react';

/** Moves a grid's cursor by `delta` rows and opens the alert there. */
type Stepper = (delta: number) => void;

const steppers = new Map<string, Stepper>();

/** Lets the alert drawer step through the grid `gridId` while that grid is on screen. */
export function useAlertStepper(gridId: string, step: Stepper): void {
  const latest = useRef(step);
  latest.current = step;
  useEffect(() => {
    steppers.set(gridId, (delta) => latest.current(delta));
    return () => {
      steppers.delete(gridId);
    };
  }, [gridId]);
}

/** Steps the grid the drawer was opened from; false when that grid is gone. */
export function stepAlert(gridId: string | null, delta: number): boolean {
  const step = gridId === null ? undefined : steppers.get(gridId);
  step?.(delta);
  return step !== undefined;
}

export function canStepAlert(gridId: string | null): boolean {
  return gridId !== null && steppers.has(gridId);
}
