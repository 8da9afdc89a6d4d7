import type { Appeal } from '../api';
import { timeLeft, fmtTime, deadlineNames } from '../util';

export function StatusBadge({ appeal }: { appeal: Pick<Appeal, 'status' | 'status_name' | 'pending_reason' | 'pending_reason_name'> }) {
  return (
    <span className={'badge status-' + appeal.status} data-status={appeal.status}>
      {appeal.status_name || appeal.status}
      {appeal.status === 'pending' && (appeal.pending_reason_name || appeal.pending_reason) ? ': ' + (appeal.pending_reason_name || appeal.pending_reason) : ''}
    </span>
  );
}

/** The nearest deadline of an appeal, with the time left; paused while pending. */
export function nearestDeadline(a: Appeal): [string, string] | null {
  const entries = Object.entries(a.deadlines ?? {}).filter(([, v]) => typeof v === 'string' && v);
  if (!entries.length) return null;
  entries.sort((x, y) => x[1].localeCompare(y[1]));
  return entries[0];
}

export function DeadlineCell({ appeal, names }: { appeal: Appeal; names?: Record<string, string> }) {
  const d = nearestDeadline(appeal);
  // SLA-1: a term «по согласованию» that nobody agreed yet has no deadline to show.
  const unagreed = Object.values(appeal.terms ?? {}).find((t) => t && !t.agreed && t.display);
  if (!d && unagreed && !['closed', 'refused'].includes(appeal.status)) return <span className="deadline not-agreed" data-not-agreed>{unagreed.display}</span>;
  if (!d || ['closed', 'refused'].includes(appeal.status)) return <span className="muted">—</span>;
  if (appeal.status === 'pending') return <span className="deadline paused" title={fmtTime(d[1])}>⏸ на паузе</span>;
  const left = timeLeft(d[1]);
  return (
    <span className={'deadline' + (left.overdue ? ' overdue' : left.soon ? ' soon' : '')} title={(names?.[d[0]] ?? deadlineNames[d[0]] ?? d[0]) + ': ' + fmtTime(d[1])}>
      {left.text}
    </span>
  );
}

export function ErrorBox({ error }: { error?: Error | null }) {
  if (!error) return null;
  return <div className="error" role="alert">{error.message}</div>;
}
