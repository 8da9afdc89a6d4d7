import { useEffect, useMemo, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, PieChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { api, can, qs, request, type Count, type User } from '../api';
import { statusNames, downloadCsv, openStatuses, navigate } from '../util';
import { useAppealEvents } from '../live';
import { ErrorBox } from '../components/common';
import { useNames, type Names } from '../names';

echarts.use([BarChart, PieChart, LineChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, CanvasRenderer]);

function Chart({ option, label }: { option: echarts.EChartsCoreOption; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts>();
  useEffect(() => {
    chart.current = echarts.init(ref.current!, undefined, { renderer: 'canvas' });
    const resize = () => chart.current?.resize();
    window.addEventListener('resize', resize);
    return () => { window.removeEventListener('resize', resize); chart.current?.dispose(); };
  }, []);
  useEffect(() => { chart.current?.setOption(option, true); }, [option]);
  return <div className="chart" ref={ref} role="img" aria-label={label} />;
}

// RP-1, RP-3: the server's speed-and-quality report over the appeals registered in the period.
interface ReportRow {
  key: string; name: string; registered: number; backlog: number; closed: number; closed_within_deadline: number;
  share_within_deadline: number | null; breached: number; responded: number;
  first_response_avg_hours: number | null; first_response_median_hours: number | null;
  resolution_avg_hours: number | null; resolution_median_hours: number | null; escalations: number; escalated_appeals: number;
}
interface Report { from: string; to: string; by: string; rows: ReportRow[]; total: ReportRow }
const DIMENSIONS: [string, string][] = [['line', 'линиям'], ['group', 'группам'], ['region', 'регионам'], ['category', 'категориям'],
  ['channel', 'каналам'], ['regulation', 'регламентам'], ['day', 'дням'], ['week', 'неделям'], ['month', 'месяцам']];
const hoursText = (h: number | null) => (h == null ? '—' : h < 1 ? `${Math.max(1, Math.round(h * 60))} мин` : h < 48 ? `${h.toFixed(1)} ч` : `${(h / 24).toFixed(1)} дн.`);
const shareText = (s: number | null) => (s == null ? '—' : `${Math.round(s * 100)} %`);
const CLOSED = 'closed,refused';

// Issue 16 point 7: every figure opens the appeals behind it — the queue «Все обращения» with the
// filters that give the figure, so the view's count is the figure.
function queueHref(filters: Record<string, string>) {
  return '/?' + new URLSearchParams({ q: 'all', ...filters }).toString();
}
function FigureLink({ filters, figure, children, className }: { filters: Record<string, string>; figure: string; children: React.ReactNode; className?: string }) {
  const href = queueHref(filters);
  return <a href={href} className={'figure-link ' + (className ?? '')} data-figure-link={figure} onClick={(e) => { e.preventDefault(); navigate(href); }}>{children}</a>;
}

// The report's name of a key, or the workplace's when the report has only the code.
function keyName(by: string, row: ReportRow, names: Names) {
  if (row.key === 'total' || (row.name && row.name !== row.key)) return row.name;
  if (by === 'region') return names.region(row.key);
  if (by === 'group') return names.group(row.key);
  if (by === 'category') return names.category(row.key);
  if (by === 'channel') return names.channel(row.key);
  if (by === 'regulation') return names.regulation(row.key);
  return row.name || row.key;
}
// The list filter of a report row's key, when the list can select it.
const KEY_FILTER: Record<string, string> = { group: 'group', region: 'region', category: 'category', channel: 'channel', regulation: 'regulation' };

function useReport(range: { from: string; to: string }, by: string) {
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => { request<Report>('GET', '/reports/summary' + qs({ ...range, by })).then(setReport, setError); }, [range, by]);
  return { report, error };
}

function SpeedAndQuality({ range, period, names }: { range: { from: string; to: string }; period: number; names: Names }) {
  const [by, setBy] = useState('group');
  const { report, error } = useReport(range, by);
  const t = report?.total;
  const inPeriod = { created_from: range.from, created_to: range.to };
  const rowFilters = (r: ReportRow): Record<string, string> | null => {
    if (r.key === 'total') return inPeriod;
    const k = KEY_FILTER[report?.by ?? ''];
    return k && r.key ? { ...inPeriod, [k]: r.key } : null;
  };
  return (
    <section className="card report" aria-label="Скорость и качество">
      <div className="queue-head">
        <h3>Скорость и качество за {period} дн.</h3>
        <label className="inline">по
          <select value={by} onChange={(e) => setBy(e.target.value)} aria-label="Разрез отчёта">
            {DIMENSIONS.map(([k, n]) => <option key={k} value={k}>{n}</option>)}
          </select>
        </label>
        {/* An attachment: the browser downloads it and stays on the page. */}
        <button onClick={() => { window.location.href = '/api/v1/reports/summary' + qs({ ...range, by, format: 'csv' }); }} data-action="report-csv">Отчёт CSV</button>
      </div>
      <ErrorBox error={error} />
      {t && (
        <div className="tiles">
          <div className="tile"><FigureLink figure="registered" filters={inPeriod}><div className="tile-value" data-report="registered">{t.registered}</div><div>поступило</div></FigureLink></div>
          <div className="tile"><FigureLink figure="backlog" filters={{ ...inPeriod, open: 'true' }}><div className="tile-value" data-report="backlog">{t.backlog}</div><div>из них не закрыто</div></FigureLink></div>
          <div className="tile"><FigureLink figure="closed" filters={{ ...inPeriod, status: CLOSED }}><div className="tile-value" data-report="closed">{t.closed}</div><div>закрыто</div></FigureLink></div>
          <div className="tile"><FigureLink figure="in-time" filters={{ ...inPeriod, status: CLOSED, breached: 'false' }}><div className="tile-value" data-report="in-time">{shareText(t.share_within_deadline)}</div><div>закрыто в срок (<span data-report="closed-in-time">{t.closed_within_deadline}</span> из {t.closed})</div></FigureLink></div>
          <div className="tile"><FigureLink figure="breached" filters={{ ...inPeriod, breached: 'true' }}><div className={'tile-value' + (t.breached ? ' overdue' : '')} data-report="breached">{t.breached}</div><div>с нарушением срока (закрытых {t.closed - t.closed_within_deadline}, открытых {t.breached - (t.closed - t.closed_within_deadline)})</div></FigureLink></div>
          <div className="tile"><FigureLink figure="first-response" filters={inPeriod}><div className="tile-value" data-report="first-response">{hoursText(t.first_response_median_hours)}</div><div>первый ответ, медиана ({t.responded} обр.)</div></FigureLink></div>
          <div className="tile"><FigureLink figure="resolution" filters={{ ...inPeriod, status: CLOSED }}><div className="tile-value" data-report="resolution">{hoursText(t.resolution_median_hours)}</div><div>до закрытия, медиана ({t.closed} обр.)</div></FigureLink></div>
          {/* The list counts appeals: the figure is the escalated appeals, the escalations beside it. */}
          <div className="tile"><FigureLink figure="escalated" filters={{ ...inPeriod, escalated: 'true' }}><div className="tile-value" data-report="escalated">{t.escalated_appeals}</div><div>обращений с эскалацией (эскалаций: <span data-report="escalations">{t.escalations}</span>)</div></FigureLink></div>
        </div>
      )}
      {report && report.rows.length > 0 && (
        <Chart label="Поступило и не закрыто по разрезу" option={{
          tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 10, right: 20, top: 30, bottom: 24, containLabel: true },
          xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: report.rows.map((r) => keyName(report.by, r, names)), inverse: true },
          series: [{ name: 'Поступило', type: 'bar', data: report.rows.map((r) => r.registered) },
            { name: 'Не закрыто', type: 'bar', data: report.rows.map((r) => r.backlog) }],
        }} />
      )}
      {report && (
        <table className="compact report-table">
          <thead><tr><th>{DIMENSIONS.find(([k]) => k === report.by)?.[1] ?? ''}</th><th>Поступило</th><th>Не закрыто</th><th>Закрыто</th><th>В срок</th><th>Первый ответ, медиана</th><th>До закрытия, медиана</th><th>С эскалацией</th></tr></thead>
          <tbody>
            {[...report.rows, report.total].map((r) => {
              const f = rowFilters(r);
              const cell = (n: number, extra: Record<string, string>, figure: string) => (f ? <FigureLink figure={`${r.key}:${figure}`} filters={{ ...f, ...extra }}>{n}</FigureLink> : n);
              return (
                <tr key={r.key} data-report-row={r.key}>
                  <td>{keyName(report.by, r, names)}</td><td className="num">{cell(r.registered, {}, 'registered')}</td><td className="num">{cell(r.backlog, { open: 'true' }, 'backlog')}</td>
                  <td className="num">{cell(r.closed, { status: CLOSED }, 'closed')}</td>
                  <td className="num">{shareText(r.share_within_deadline)}</td><td className="num">{hoursText(r.first_response_median_hours)}</td>
                  <td className="num">{hoursText(r.resolution_median_hours)}</td><td className="num">{cell(r.escalated_appeals, { escalated: 'true' }, 'escalated')}{r.escalations > r.escalated_appeals ? ` (${r.escalations})` : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p className="muted small">По обращениям, зарегистрированным за период. Первый ответ — первое действие сотрудника после регистрации; закрыто в срок — закрытые без отметки о нарушении срока; с нарушением срока — все обращения периода с такой отметкой (ставится автоматически), закрытые и открытые; с эскалацией — обращения с автоматической эскалацией или переводом на другую линию (в скобках — число эскалаций).</p>
    </section>
  );
}

function Breakdown({ title, by, range, names }: { title: string; by: string; range: { from: string; to: string }; names: Names }) {
  const { report } = useReport(range, by);
  if (!report) return null;
  const rows = [...report.rows].sort((a, b) => b.registered - a.registered).slice(0, 12);
  const k = KEY_FILTER[by];
  return (
    <section className="card" data-breakdown={by}><h3>{title}</h3>
      <table className="compact"><tbody>{rows.map((r) => (
        <tr key={r.key}><td>{keyName(by, r, names)}</td>
          <td className="num">{r.key ? <FigureLink figure={`${by}:${r.key}`} filters={{ created_from: range.from, created_to: range.to, [k]: r.key }}>{r.registered}</FigureLink> : r.registered}</td></tr>
      ))}</tbody></table>
    </section>
  );
}

export function Dashboard({ user }: { user: User }) {
  const names = useNames();
  const [counts, setCounts] = useState<Count[] | null>(null);
  const [overdue, setOverdue] = useState<number | null>(null);
  const [days, setDays] = useState<Report | null>(null);
  const [channels, setChannels] = useState<Report | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [period, setPeriod] = useState(30);
  const [version, setVersion] = useState(0);
  const timer = useRef<number>();
  useAppealEvents(() => { clearTimeout(timer.current); timer.current = window.setTimeout(() => setVersion((v) => v + 1), 500); }, []);
  // One period for every figure of the page: from and to to the second, as the list filters take them.
  const range = useMemo(() => {
    const to = new Date(Math.ceil((Date.now() + 1000) / 1000) * 1000);
    const from = new Date(to.getTime() - period * 86400000);
    const iso = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');
    return { from: iso(from), to: iso(to) };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [period, version]);

  useEffect(() => {
    api.counts().then((r) => setCounts(r.items), setError);
    // The same list as the queue «Просроченные» of a supervisor: open appeals past their deadline.
    api.countAppeals({ overdue: 'true', open: 'true' }).then((r) => setOverdue(r.total), setError);
    request<Report>('GET', '/reports/summary' + qs({ ...range, by: 'day' })).then(setDays, setError);
    request<Report>('GET', '/reports/summary' + qs({ ...range, by: 'channel' })).then(setChannels, setError);
  }, [range]);

  const fig = useMemo(() => {
    if (!counts) return null;
    const total = counts.reduce((s, c) => s + c.count, 0);
    const open = counts.filter((c) => openStatuses.includes(c.status)).reduce((s, c) => s + c.count, 0);
    const pending = counts.filter((c) => c.status === 'pending').reduce((s, c) => s + c.count, 0);
    const statuses = [...new Set(counts.map((c) => c.status))].sort((a, b) => Object.keys(statusNames).indexOf(a) - Object.keys(statusNames).indexOf(b));
    const groups = [...new Set(counts.map((c) => c.group))].sort();
    const byStatus = statuses.map((s) => counts.filter((c) => c.status === s).reduce((n, c) => n + c.count, 0));
    return { total, open, pending, statuses, groups, byStatus };
  }, [counts]);

  const perDay = useMemo(() => {
    if (!days) return [];
    const m = new Map(days.rows.map((r) => [r.key, r.registered]));
    const out: [string, number][] = [];
    // Every day of the period, the quiet ones as zero (the report's days are Moscow dates).
    const day = (t: number) => new Date(t + 3 * 3600000).toISOString().slice(0, 10);
    for (let t = Date.parse(range.to) - (period - 1) * 86400000; t <= Date.parse(range.to); t += 86400000) out.push([day(t), m.get(day(t)) ?? 0]);
    return out;
  }, [days, range, period]);

  const exportCsv = () => {
    const rows: unknown[][] = [['Срез', 'Значение', 'Группа', 'Количество']];
    for (const c of counts ?? []) rows.push(['Статус × группа', statusNames[c.status] ?? c.status, names.group(c.group), c.count]);
    for (const r of channels?.rows ?? []) rows.push([`Канал (за ${period} дн.)`, keyName('channel', r, names), '', r.registered]);
    for (const [k, n] of perDay) rows.push(['Поступило за день', k, '', n]);
    downloadCsv(`otklik-svodka-${new Date().toISOString().slice(0, 10)}.csv`, rows);
  };

  if (!can(user, 'read_reports')) return <div className="card">Панель доступна руководителям и администраторам.</div>;
  return (
    <div className="dashboard">
      <div className="queue-head">
        <h1>Панель руководителя</h1>
        <label className="inline">Период
          <select value={period} onChange={(e) => setPeriod(Number(e.target.value))} aria-label="Период">
            <option value={7}>7 дней</option><option value={30}>30 дней</option><option value={90}>90 дней</option><option value={365}>год</option>
          </select>
        </label>
        <button onClick={exportCsv} data-action="csv" disabled={!counts}>Выгрузить CSV</button>
      </div>
      <ErrorBox error={error} />
      {fig && (
        <>
          <h3 className="muted">Сейчас, все обращения</h3>
          <div className="tiles">
            <div className="tile"><FigureLink figure="total" filters={{}}><div className="tile-value" data-figure="total">{fig.total}</div><div>всего обращений</div></FigureLink></div>
            <div className="tile"><FigureLink figure="open" filters={{ open: 'true' }}><div className="tile-value" data-figure="open">{fig.open}</div><div>не закрыто</div></FigureLink></div>
            <div className="tile"><FigureLink figure="pending" filters={{ status: 'pending' }}><div className="tile-value" data-figure="pending">{fig.pending}</div><div>в ожидании</div></FigureLink></div>
            <div className="tile"><FigureLink figure="overdue" filters={{ overdue: 'true', open: 'true' }}><div className={'tile-value' + (overdue ? ' overdue' : '')} data-figure="overdue">{overdue ?? '…'}</div><div>просрочено сейчас (не закрытые)</div></FigureLink></div>
          </div>
        </>
      )}
      <SpeedAndQuality range={range} period={period} names={names} />
      {fig && (
        <div className="charts">
          <section className="card"><h3>По статусам</h3>
            <Chart label="Обращения по статусам" option={{
              tooltip: {}, grid: { left: 130, right: 20, top: 10, bottom: 20 },
              xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: fig.statuses.map((s) => statusNames[s] ?? s), inverse: true },
              series: [{ type: 'bar', data: fig.byStatus, itemStyle: { color: '#4a6fa5' }, label: { show: true, position: 'right' } }],
            }} />
            <table className="compact"><tbody>{fig.statuses.map((s, i) => (
              <tr key={s}><td>{statusNames[s] ?? s}</td><td className="num"><FigureLink figure={`status:${s}`} filters={{ status: s }}>{fig.byStatus[i]}</FigureLink></td></tr>
            ))}</tbody></table>
          </section>
          <section className="card"><h3>По группам и статусам</h3>
            <Chart label="Обращения по группам" option={{
              tooltip: { trigger: 'axis' }, legend: { top: 0, type: 'scroll' }, grid: { left: 10, right: 20, top: 36, bottom: 24, containLabel: true },
              xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: fig.groups.map((g) => names.group(g)) },
              series: fig.statuses.map((s) => ({ name: statusNames[s] ?? s, type: 'bar', stack: 'all',
                data: fig.groups.map((g) => counts!.filter((c) => c.group === g && c.status === s).reduce((n, c) => n + c.count, 0)) })),
            }} />
          </section>
          {channels && <section className="card"><h3>По каналам (за {period} дн.)</h3>
            <Chart label="Обращения по каналам" option={{
              tooltip: { trigger: 'item' }, legend: { bottom: 0, type: 'scroll' },
              series: [{ type: 'pie', radius: ['35%', '65%'], data: channels.rows.map((r) => ({ name: keyName('channel', r, names), value: r.registered })), label: { formatter: '{b}: {c}' } }],
            }} />
          </section>}
          {days && <section className="card"><h3>Поступление по дням</h3>
            <Chart label="Поступление по дням" option={{
              tooltip: { trigger: 'axis' }, grid: { left: 40, right: 20, top: 10, bottom: 30 },
              xAxis: { type: 'category', data: perDay.map(([d]) => d.slice(5).split('-').reverse().join('.')) },
              yAxis: { type: 'value', minInterval: 1 },
              series: [{ type: 'line', data: perDay.map(([, n]) => n), areaStyle: { opacity: 0.15 }, smooth: false }],
            }} />
          </section>}
          <Breakdown title={`По категориям (за ${period} дн.)`} by="category" range={range} names={names} />
          <Breakdown title={`По регионам (за ${period} дн.)`} by="region" range={range} names={names} />
          <Breakdown title={`По каналам (за ${period} дн.)`} by="channel" range={range} names={names} />
        </div>
      )}
      <p className="muted small">«Сейчас» — по всем обращениям. Остальное — по обращениям, зарегистрированным за выбранный период (отчёт сервера). Каждая цифра открывает список обращений за ней.</p>
    </div>
  );
}
