// Live updates: one EventSource per tab on GET /api/v1/events (server-sent events).
// Subscribers get every `appeal` event; `ready` (also after a reconnect) tells them to re-read,
// since events sent while disconnected are not replayed.
import { useEffect, useState } from 'react';

export interface AppealEvent { uin: string; change: string; status?: string; group?: string; version?: number }
type Listener = (e: AppealEvent | null) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;
let wanted = false;
let retry: number | undefined;
let state: 'connecting' | 'live' | 'offline' = 'offline';
const stateListeners = new Set<(s: typeof state) => void>();
function setState(s: typeof state) { state = s; stateListeners.forEach((l) => l(s)); }

export function startLive() {
  wanted = true;
  if (source) return;
  setState('connecting');
  source = new EventSource('/api/v1/events');
  source.addEventListener('ready', () => { setState('live'); listeners.forEach((l) => l(null)); });
  source.addEventListener('appeal', (m) => {
    try {
      const e = JSON.parse((m as MessageEvent).data) as AppealEvent;
      listeners.forEach((l) => l(e));
    } catch { /* a malformed frame is ignored */ }
  });
  source.onerror = () => {
    if (source?.readyState !== EventSource.CLOSED) return setState('connecting');
    // The browser gave up (the server was down or answered an error): try again a bit later.
    source = null;
    setState('offline');
    clearTimeout(retry);
    retry = window.setTimeout(() => { if (wanted) startLive(); }, 5000);
  };
}
export function stopLive() { wanted = false; clearTimeout(retry); source?.close(); source = null; setState('offline'); }

/** Calls `listener` on each appeal event, and with null when (re)connected. */
export function useAppealEvents(listener: Listener, deps: unknown[]) {
  useEffect(() => {
    listeners.add(listener);
    return () => { listeners.delete(listener); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}
export function useLiveState() {
  const [s, set] = useState(state);
  useEffect(() => { stateListeners.add(set); return () => { stateListeners.delete(set); }; }, []);
  return s;
}
