import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, regulationOf, type Appeal, type Count, type QueueList, type RegulationSummary, type User } from '../api';
import { navigate, channelNames, statusNames, openStatuses, triageNames, fmtShort, fmtTime } from '../util';
import { useAppealEvents } from '../live';
import { DeadlineCell, ErrorBox } from '../components/common';
import { useNames, type Names } from '../names';

interface QueueDef {
  id: string;
  title: string;
  /** The list's filters, all applied by the server: its count (count=only) is the list's length. */
  params: Record<string, string>;
  hint?: string;
}

const PAGE = 50;

// Issue 16: a line operator's overdue and due-soon lists hold the work of their own group, not
// other groups' old appeals; supervisors and administrators watch everything; a regional
// operator's scope is their region, which the server applies to every list.
const WATCH_ALL = ['supervisor', 'administrator', 'regional_operator'];
export function workScope(user: User): Record<string, string> {
  return user.group && !WATCH_ALL.includes(user.role) ? { group: user.group } : {};
}

function baseQueues(user: User): QueueDef[] {
  const scope = workScope(user);
  const whose = scope.group ? ' вашей группы' : '';
  const q: QueueDef[] = [
    // Resolved appeals wait for the applicant, not for the operator: «Мои» lists work still to do.
    { id: 'mine', title: 'Мои', params: { assignee: 'me', status: 'registered,assigned,in_progress,pending', sort: 'deadline' },
      hint: 'Открытые обращения, назначенные на вас; решённые ждут подтверждения заявителя и здесь не показаны' },
  ];
  if (user.group) q.push({ id: 'group', title: 'Моя группа', params: { group: user.group, open: 'true', sort: 'deadline' } });
  q.push(
    { id: 'overdue', title: 'Просроченные', params: { overdue: 'true', open: 'true', sort: 'deadline', ...scope },
      hint: `Открытые обращения${whose}, срок которых прошёл` },
    { id: 'soon', title: 'Срок истекает (24 ч)', params: { due_soon: 'true', status: 'registered,assigned,in_progress,resolved', sort: 'deadline', ...scope },
      hint: `Открытые обращения${whose}, срок которых наступит в течение суток` },
    { id: 'pending', title: 'В ожидании', params: { status: 'pending', sort: 'deadline' } },
    { id: 'review', title: 'На проверку (триаж)', params: { open: 'true', sort: '-created', triage: 'hold,flag' },
      hint: 'Обращения, которые автоматическая проверка задержала или отметила' },
    { id: 'all', title: 'Все обращения', params: { sort: '-created' } },
  );
  return q;
}

export function Queues({ user, path }: { user: User; path: string }) {
  const params = new URLSearchParams(path.split('?')[1] ?? '');
  const queueId = params.get('q') ?? (user.group ? 'group' : 'all');
  const [regs, setRegs] = useState<RegulationSummary[]>([]);
  const [lists, setLists] = useState<(QueueList & { regulation: string; regName: string; roles?: string[] })[]>([]);
  const [pendingNames, setPendingNames] = useState<Record<string, string>>({});

  useEffect(() => {
    api.regulations().then(async (r) => {
      setRegs(r.items);
      const all: (QueueList & { regulation: string; regName: string; roles?: string[] })[] = [];
      const pn: Record<string, string> = {};
      for (const s of r.items) {
        const reg = await regulationOf(s.id);
        // A regulation's lists (003: the intake operators' three) are offered to the roles they name.
        for (const l of reg?.lists ?? []) {
          const roles = (l.roles as string[] | undefined) ?? [];
          if (roles.length === 0 || roles.includes(user.role) || user.role === 'administrator' || user.role === 'supervisor') all.push({ ...l, regulation: s.id, regName: s.uin_prefix || s.id });
        }
        for (const p of reg?.pending_reasons ?? []) pn[p.code] = p.name;
      }
      setLists(all); setPendingNames(pn);
    }, () => {});
  }, [user.role]);

  const queues = useMemo(() => {
    const q = baseQueues(user);
    for (const l of lists) {
      // A regulation's list: statuses, stages and channels, every one a filter of the server.
      const stages = (l.stages as string[] | undefined) ?? [];
      const channels = (l.channels as string[] | undefined) ?? [];
      const params: Record<string, string> = { regulation: l.regulation, status: l.statuses.join(','), sort: 'deadline' };
      if (stages.length) params.stage = stages.join(',');
      if (channels.length) params.channel = channels.join(',');
      q.push({ id: `list:${l.regulation}:${l.code}`, title: l.name, hint: l.regName, params });
    }
    return q;
  }, [user, lists]);
  const queue = queues.find((q) => q.id === queueId) ?? queues[0];

  // Filters live in the address, so a queue view can be bookmarked and shared.
  const filters: Record<string, string> = {};
  // open, overdue, breached and group come from the dashboard's figures (issue 16 point 7).
  for (const k of ['text', 'status', 'channel', 'region', 'category', 'priority', 'regulation', 'created_from', 'created_to', 'applicant_email', 'applicant_phone', 'applicant_snils', 'pending_reason', 'open', 'overdue', 'breached', 'escalated', 'group']) {
    const v = params.get(k); if (v) filters[k] = v;
  }
  const setFilter = (k: string, v: string) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v); else p.delete(k);
    navigate('/?' + p.toString(), true);
  };
  // A search from the box looks through every appeal the caller may see, with the filters set.
  const searchText = (text: string) => {
    const p = new URLSearchParams(params);
    p.set('q', 'all');
    if (text) p.set('text', text); else p.delete('text');
    navigate('/?' + p.toString());
  };
  const selectQueue = (id: string) => {
    const p = new URLSearchParams(); p.set('q', id);
    navigate('/?' + p.toString());
  };

  return (
    <div className="queues">
      <aside className="sidebar" aria-label="Очереди">
        <QueueNav queues={queues} current={queue.id} onSelect={selectQueue} />
      </aside>
      <section className="queue-main">
        <QueueView key={queue.id + JSON.stringify(filters)} queue={queue} filters={filters} setFilter={setFilter}
          searchText={searchText} regs={regs} pendingNames={pendingNames} />
      </section>
    </div>
  );
}

// The parameters of a queue's count: its list's filters without the order.
function countParams(params: Record<string, string>) {
  const { sort: _sort, ...rest } = params;
  return rest;
}

function QueueNav({ queues, current, onSelect }: { queues: QueueDef[]; current: string; onSelect: (id: string) => void }) {
  const [counts, setCounts] = useState<Count[]>([]);
  const [totals, setTotals] = useState<Record<string, number | null>>({});
  // Issue 16: every queue's count is the server's count of its own list (same filters, same
  // visibility), so the number beside a queue is the number of rows it opens.
  const key = JSON.stringify(queues.map((q) => [q.id, q.params]));
  const load = useCallback(() => {
    api.counts().then((r) => setCounts(r.items), () => {});
    Promise.all(queues.map((q) => api.countAppeals(countParams(q.params)).then((r) => [q.id, r.total] as const, () => [q.id, null] as const)))
      .then((pairs) => setTotals(Object.fromEntries(pairs)));
  }, [key]);
  useEffect(load, [load]);
  const timer = useRef<number>();
  useAppealEvents(() => { clearTimeout(timer.current); timer.current = window.setTimeout(load, 300); }, [load]);
  const sum = (pred: (c: Count) => boolean) => counts.filter(pred).reduce((s, c) => s + c.count, 0);
  const byStatus = openStatuses.map((s) => [s, sum((c) => c.status === s)] as const);
  return (
    <>
      <h2>Очереди</h2>
      <ul className="queue-nav">
        {queues.map((q, i) => (
          <li key={q.id}>
            <button className={q.id === current ? 'active' : ''} onClick={() => onSelect(q.id)} title={q.hint} data-queue={q.id}>
              <span>{q.title}{q.id.startsWith('list:') && q.hint ? <small className="muted"> · {q.hint}</small> : null}</span>
              {typeof totals[q.id] === 'number' && <span className="count" data-count={q.id}>{totals[q.id]}</span>}
              {i < 9 && <kbd className="hidden-kbd">{i + 1}</kbd>}
            </button>
          </li>
        ))}
      </ul>
      <h3>Открытые по статусам</h3>
      <ul className="status-counts">
        {byStatus.map(([s, n]) => <li key={s}><span>{statusNames[s]}</span><span className="count">{n}</span></li>)}
      </ul>
    </>
  );
}

function QueueView({ queue, filters, setFilter, searchText, regs, pendingNames }: {
  queue: QueueDef; filters: Record<string, string>; setFilter: (k: string, v: string) => void; searchText: (text: string) => void;
  regs: RegulationSummary[]; pendingNames: Record<string, string>;
}) {
  const [items, setItems] = useState<Appeal[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const names = useNames();
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [cursor, setCursor] = useState(0);
  const known = useRef<Set<string> | null>(null);
  const pendingReason = filters.pending_reason;

  const query = useMemo(() => {
    const p: Record<string, string> = { ...queue.params, limit: String(PAGE) };
    // The address's `text` is the API's full-text `q` (the address's q names the queue).
    for (const [k, v] of Object.entries(filters)) p[k === 'text' ? 'q' : k] = v;
    return p;
  }, [queue, filters]);
  // One regulation's list shows its own names of the statuses; a list of several, one form each.
  const regulation = query.regulation ?? '';

  // A live refresh keeps the rows on screen: only a new query shows «загрузка…». The query is
  // compared by value: a queue list rebuilt with the same parameters (when the names arrive) is
  // not a new query.
  const queryKey = JSON.stringify(query);
  const load = useCallback(async (refresh = false) => {
    if (!refresh) setLoading(true);
    try {
      // Every filter is the server's, so the page and its total (count=true) agree.
      const r = await api.listAppeals({ ...query, view: 'summary', count: 'true' });
      const list = r.items;
      if (known.current) {
        const added = list.filter((a) => !known.current!.has(a.uin)).map((a) => a.uin);
        if (added.length) setFresh((f) => new Set([...f, ...added]));
      }
      known.current = new Set(list.map((a) => a.uin));
      setItems(list); setNext(r.next); setTotal(typeof r.total === 'number' ? r.total : null); setError(null);
    } catch (e) { setError(e as Error); } finally { setLoading(false); }
  }, [queryKey]);
  useEffect(() => { load(); }, [load]);

  const timer = useRef<number>();
  useAppealEvents(() => { clearTimeout(timer.current); timer.current = window.setTimeout(() => load(true), 150); }, [load]);

  const more = async () => {
    if (!next) return;
    const r = await api.listAppeals({ ...query, view: 'summary', after: next });
    setItems((s) => [...s, ...r.items]);
    setNext(r.next);
  };

  // j/k or arrows move through the rows, Enter opens the appeal.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (/^(INPUT|TEXTAREA|SELECT)$/.test((e.target as HTMLElement).tagName) || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'j' || e.key === 'ArrowDown') { setCursor((c) => Math.min(c + 1, items.length - 1)); e.preventDefault(); }
      else if (e.key === 'k' || e.key === 'ArrowUp') { setCursor((c) => Math.max(c - 1, 0)); e.preventDefault(); }
      else if (e.key === 'Enter' && items[cursor]) navigate('/appeals/' + encodeURIComponent(items[cursor].uin));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, cursor]);

  const [search, setSearch] = useState(filters.text ?? '');
  const submitSearch = (e: React.FormEvent) => {
    e.preventDefault();
    const s = search.trim();
    if (!s) { if (filters.text) searchText(''); return; }
    if (/@/.test(s) && !/\s/.test(s)) setFilter('applicant_email', s);
    else if (/^[\d\s-]{11,14}$/.test(s) && s.replace(/\D/g, '').length === 11 && !/^[78]/.test(s.replace(/\D/g, ''))) setFilter('applicant_snils', s);
    else if (/^\+?[\d\s()-]{10,}$/.test(s)) setFilter('applicant_phone', s);
    // A number such as ГЛ-2026-000123 opens the card; any other words search the appeals' texts.
    else if (/^[\p{L}]{1,6}-\d{4}-\d{3,}$/u.test(s)) navigate('/appeals/' + encodeURIComponent(s.toUpperCase()));
    else searchText(s);
  };

  const pendingReasons = queue.id === 'pending' ? [...new Set(items.map((a) => a.pending_reason).filter(Boolean))] as string[] : [];

  return (
    <>
      <div className="queue-head">
        <h1 data-queue-title>{queue.title}</h1>
        <span className="muted" data-row-count data-total={total ?? undefined} data-names-ready={names.ready ? '' : undefined}>{loading ? 'загрузка…' : rowCount(items.length, total, !!next)}</span>
        <form onSubmit={submitSearch} className="search">
          <input data-search placeholder="Слова, фамилия, номер, e-mail, телефон или СНИЛС  ( / )" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Поиск" />
        </form>
      </div>
      {filters.text
        ? <p className="muted small" data-search-summary>Поиск по словам «{filters.text}» — сначала самые подходящие. <button className="link" onClick={() => searchText('')}>Убрать поиск</button></p>
        : queue.hint && !queue.id.startsWith('list:') && <p className="muted small">{queue.hint}</p>}
      <DrillDown filters={filters} names={names} />
      <div className="filters">
        <select aria-label="Статус" value={filters.status ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
          <option value="">Статус: любой</option>
          {Object.entries(statusNames).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
        </select>
        <select aria-label="Канал" value={filters.channel ?? ''} onChange={(e) => setFilter('channel', e.target.value)}>
          <option value="">Канал: любой</option>
          {Object.entries(channelNames).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
        </select>
        <select aria-label="Регламент" value={filters.regulation ?? ''} onChange={(e) => setFilter('regulation', e.target.value)}>
          <option value="">Регламент: любой</option>
          {regs.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
        </select>
        <input aria-label="Регион" placeholder="Регион (код или название)" size={18} defaultValue={filters.region ?? ''} onBlur={(e) => setFilter('region', e.target.value.trim())} />
        <select aria-label="Категория" value={filters.category ?? ''} onChange={(e) => setFilter('category', e.target.value)}>
          <option value="">Категория: любая</option>
          {names.categories().map(([k, v]) => <option key={k} value={k}>{v}</option>)}
        </select>
        <label className="inline">с <input type="date" aria-label="Создано с" value={(filters.created_from ?? '').slice(0, 10)} onChange={(e) => setFilter('created_from', e.target.value ? e.target.value + 'T00:00:00Z' : '')} /></label>
        <label className="inline">по <input type="date" aria-label="Создано по" value={(filters.created_to ?? '').slice(0, 10)} onChange={(e) => setFilter('created_to', e.target.value ? e.target.value + 'T23:59:59Z' : '')} /></label>
        {Object.keys(filters).length > 0 && <button className="link" onClick={() => { for (const k of Object.keys(filters)) setFilter(k, ''); }}>Сбросить</button>}
      </div>
      {pendingReasons.length > 0 && (
        <div className="chips" aria-label="Причины ожидания">
          <button className={!pendingReason ? 'chip active' : 'chip'} onClick={() => setFilter('pending_reason', '')}>Все причины</button>
          {pendingReasons.map((r) => (
            <button key={r} className={pendingReason === r ? 'chip active' : 'chip'} onClick={() => setFilter('pending_reason', r)}>{pendingNames[r] ?? r}</button>
          ))}
        </div>
      )}
      <ErrorBox error={error} />
      <div className="table-wrap" data-testid="queue-table-wrap">
      <table className="appeals" data-testid="queue-table">
        <thead>
          <tr><th>Номер</th><th>Тема</th><th>Статус</th><th>Срок</th><th>Группа / исполнитель</th><th>Канал</th>{queue.id === 'review' && <th>Триаж</th>}<th>Создано</th></tr>
        </thead>
        <tbody>
          {items.map((a, i) => (
            <tr key={a.uin} data-uin={a.uin} className={(i === cursor ? 'cursor ' : '') + (fresh.has(a.uin) ? 'fresh' : '')}
              onClick={() => navigate('/appeals/' + encodeURIComponent(a.uin))}>
              <td className="uin"><a href={'/appeals/' + encodeURIComponent(a.uin)} onClick={(e) => e.preventDefault()}>{a.uin}</a>{fresh.has(a.uin) && <span className="new-tag">новое</span>}</td>
              <td className="subject">{a.subject || <span className="muted">без темы</span>}{a.snippet && <Snippet text={a.snippet} />}</td>
              <td><QueueStatus appeal={a} regulation={regulation} names={names} /></td>
              <td><DeadlineCell appeal={a} /></td>
              <td data-group={a.group}>{names.group(a.group ?? '')}{a.assignee ? ' / ' + a.assignee : ''}</td>
              <td>{names.channel(a.channel)}</td>
              {queue.id === 'review' && <td><span className={'badge triage-' + a.triage?.decision}>{triageNames[a.triage?.decision ?? ''] ?? a.triage?.decision}</span> {a.triage?.rules.map((r) => r.message).join('; ')}</td>}
              <td className="nowrap" title={fmtTime(a.created_at)}>{fmtShort(a.created_at)}</td>
            </tr>
          ))}
          {!loading && items.length === 0 && <tr><td colSpan={8} className="empty">{filters.text ? `По запросу «${filters.text}» ничего не найдено` : 'В этой очереди нет обращений'}</td></tr>}
        </tbody>
      </table>
      </div>
      {next && <button className="more" onClick={more}>Показать ещё</button>}
      <p className="muted small keys">Клавиши: j/k — вверх/вниз, Enter — открыть, / — поиск, Alt+1…4 — разделы.</p>
    </>
  );
}

// The filters a dashboard figure opened the list with, in words.
function DrillDown({ filters: f, names }: { filters: Record<string, string>; names: Names }) {
  const parts: string[] = [];
  if (f.open === 'true') parts.push('не закрытые');
  if (f.overdue === 'true') parts.push('срок прошёл');
  if (f.breached === 'true') parts.push('с нарушением срока');
  if (f.breached === 'false') parts.push('без нарушения срока');
  if (f.escalated === 'true') parts.push('с эскалацией');
  if (f.escalated === 'false') parts.push('без эскалаций');
  if (f.group) parts.push('группа «' + names.group(f.group) + '»');
  if (f.status?.includes(',')) parts.push('статусы: ' + f.status.split(',').map((x) => names.status(x)).join(', '));
  const day = (iso: string) => new Date(iso).toLocaleString('ru-RU', { dateStyle: 'short', timeStyle: 'short' });
  if (f.created_from) parts.push('зарегистрированы с ' + day(f.created_from));
  if (f.created_to) parts.push('по ' + day(f.created_to));
  if (!parts.length) return null;
  return <p className="muted small" data-drilldown>Отбор: {parts.join(' · ')}</p>;
}

// Issue 16: the exact number when the server counted it; «N+» only for a search too large to count.
function rowCount(shown: number, total: number | null, more: boolean) {
  if (total === 0 || (total === null && shown === 0)) return 'нет обращений';
  if (total === null) return `${shown}${more ? '+' : ''} обращ.`;
  return shown < total ? `${total} обращ. (показано ${shown})` : `${total} обращ.`;
}

// A status by name: one form per status in a table of several regulations, the regulation's own
// name in its list; the code's name, never a stored name of an earlier state.
function QueueStatus({ appeal: a, regulation, names }: { appeal: Appeal; regulation: string; names: Names }) {
  const reason = a.status === 'pending' && a.pending_reason ? a.pending_reason_name || '' : '';
  return (
    <span className={'badge status-' + a.status} data-status={a.status}>
      {names.status(a.status, regulation || undefined)}{reason ? ': ' + reason : ''}
    </span>
  );
}

// The server's snippet is HTML-escaped text with the matched words in <mark>…</mark>: shown as
// text nodes and <mark> elements, never as HTML.
function Snippet({ text }: { text: string }) {
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  const parts = text.split(/<\/?mark>/);
  return (
    <div className="snippet muted small" data-snippet>
      {parts.map((p, i) => (i % 2 === 1 ? <mark key={i}>{unescape(p)}</mark> : <span key={i}>{unescape(p)}</span>))}
    </div>
  );
}
