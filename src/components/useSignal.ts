import type { ISignal } from '@lumino/signaling';
import React from 'react';

/**
 * Re-render the calling component whenever one of `signals` is emitted: models
 * own the state, components only read it.
 */
export function useSignals(...signals: ISignal<unknown, unknown>[]): void {
  const [, setVersion] = React.useState(0);
  React.useEffect(() => {
    const bump = () => setVersion(v => v + 1);
    signals.forEach(signal => signal.connect(bump));
    return () => signals.forEach(signal => signal.disconnect(bump));
    // The signals are stable properties of long-lived models.
  }, signals);
}
