import { useEffect, useMemo, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, PieChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { api, can, qs, request, type Appeal, type Count, type User } from '../api';
import { channelNames, statusNames, downloadCsv, openStatuses } from '../util';
import { useAppealEvents } from '../live';
import { ErrorBox, nearestDeadline } from '../components/common';

echarts.use([BarChart, PieChart, LineChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, CanvasRenderer]);

// Appeals read for the breakdowns the counters do not keep (channel, region, category, day).
const SAMPLE_PAGES = 20;
const PAGE = 500;

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
const hoursText = (h: number | null) => (h == null ? '—' : h < 48 ? `${h.toFixed(1)} ч` : `${(h / 24).toFixed(1)} дн.`);
const shareText = (s: number | null) => (s == null ? '—' : `${Math.round(s * 100)} %`);

function SpeedAndQuality({ period, version }: { period: number; version: number }) {
  const [by, setBy] = useState('group');
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const query = useMemo(() => {
    const to = new Date(Date.now() + 60000);
    const from = new Date(to.getTime() - period * 86400000);
    const iso = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');
    return { from: iso(from), to: iso(to), by };
  }, [period, by, version]);
  useEffect(() => { request<Report>('GET', '/reports/summary' + qs(query)).then(setReport, setError); }, [query]);
  const t = report?.total;
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
        <button onClick={() => { window.location.href = '/api/v1/reports/summary' + qs({ ...query, format: 'csv' }); }} data-action="report-csv">Отчёт CSV</button>
      </div>
      <ErrorBox error={error} />
      {t && (
        <div className="tiles">
          <div className="tile"><div className="tile-value" data-report="registered">{t.registered}</div><div>поступило</div></div>
          <div className="tile"><div className="tile-value" data-report="backlog">{t.backlog}</div><div>не закрыто (бэклог)</div></div>
          <div className="tile"><div className="tile-value" data-report="first-response">{hoursText(t.first_response_median_hours)}</div><div>первый ответ (медиана)</div></div>
          <div className="tile"><div className="tile-value" data-report="resolution">{hoursText(t.resolution_median_hours)}</div><div>решение (медиана)</div></div>
          <div className="tile"><div className="tile-value" data-report="in-time">{shareText(t.share_within_deadline)}</div><div>закрыто в срок ({t.closed_within_deadline} из {t.closed})</div></div>
          <div className="tile"><div className={'tile-value' + (t.breached ? ' overdue' : '')} data-report="breached">{t.breached}</div><div>с нарушением срока</div></div>
          <div className="tile"><div className="tile-value" data-report="escalations">{t.escalations}</div><div>эскалаций ({t.escalated_appeals} обр.)</div></div>
        </div>
      )}
      {report && report.rows.length > 0 && (
        <Chart label="Поступило и не закрыто по разрезу" option={{
          tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 10, right: 20, top: 30, bottom: 24, containLabel: true },
          xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: report.rows.map((r) => r.name), inverse: true },
          series: [{ name: 'Поступило', type: 'bar', data: report.rows.map((r) => r.registered) },
            { name: 'Не закрыто', type: 'bar', data: report.rows.map((r) => r.backlog) }],
        }} />
      )}
      {report && (
        <table className="compact report-table">
          <thead><tr><th>{DIMENSIONS.find(([k]) => k === report.by)?.[1] ?? ''}</th><th>Поступило</th><th>Не закрыто</th><th>Закрыто</th><th>В срок</th><th>Первый ответ, медиана</th><th>Решение, медиана</th><th>Эскалации</th></tr></thead>
          <tbody>
            {[...report.rows, report.total].map((r) => (
              <tr key={r.key} data-report-row={r.key}>
                <td>{r.name}</td><td className="num">{r.registered}</td><td className="num">{r.backlog}</td><td className="num">{r.closed}</td>
                <td className="num">{shareText(r.share_within_deadline)}</td><td className="num">{hoursText(r.first_response_median_hours)}</td>
                <td className="num">{hoursText(r.resolution_median_hours)}</td><td className="num">{r.escalations}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted small">Первый ответ — первое действие сотрудника после регистрации; срок — по регламенту обращения (отметка о нарушении ставится автоматически); эскалации — автоматические и переводы на другую линию.</p>
    </section>
  );
}

export function Dashboard({ user }: { user: User }) {
  const [counts, setCounts] = useState<Count[] | null>(null);
  const [sample, setSample] = useState<{ items: Appeal[]; complete: boolean } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [period, setPeriod] = useState(30);
  const [version, setVersion] = useState(0);
  const timer = useRef<number>();
  useAppealEvents(() => { clearTimeout(timer.current); timer.current = window.setTimeout(() => setVersion((v) => v + 1), 500); }, []);

  useEffect(() => {
    api.counts().then((r) => setCounts(r.items), setError);
    (async () => {
      const from = new Date(Date.now() - period * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
      const items: Appeal[] = [];
      let after: string | undefined;
      let complete = false;
      for (let i = 0; i < SAMPLE_PAGES; i++) {
        const r = await api.listAppeals({ limit: PAGE, created_from: from, after, view: 'summary' });
        items.push(...r.items);
        if (!r.next) { complete = true; break; }
        after = r.next;
      }
      setSample({ items, complete });
    })().catch(setError);
  }, [period, version]);

  const fig = useMemo(() => {
    if (!counts) return null;
    const total = counts.reduce((s, c) => s + c.count, 0);
    const open = counts.filter((c) => openStatuses.includes(c.status)).reduce((s, c) => s + c.count, 0);
    const pending = counts.filter((c) => c.status === 'pending').reduce((s, c) => s + c.count, 0);
    const statuses = [...new Set(counts.map((c) => c.status))].sort((a, b) => Object.keys(statusNames).indexOf(a) - Object.keys(statusNames).indexOf(b));
    const groups = [...new Set(counts.map((c) => c.group || '—'))].sort();
    const byStatus = statuses.map((s) => counts.filter((c) => c.status === s).reduce((n, c) => n + c.count, 0));
    return { total, open, pending, statuses, groups, byStatus };
  }, [counts]);

  const breakdown = useMemo(() => {
    if (!sample) return null;
    const now = Date.now();
    const by = (key: (a: Appeal) => string) => {
      const m = new Map<string, number>();
      for (const a of sample.items) m.set(key(a), (m.get(key(a)) ?? 0) + 1);
      return [...m.entries()].sort((x, y) => y[1] - x[1]);
    };
    const openItems = sample.items.filter((a) => openStatuses.includes(a.status));
    const overdue = openItems.filter((a) => { const d = nearestDeadline(a); return d && a.status !== 'pending' && new Date(d[1]).getTime() < now; }).length;
    const closed = sample.items.filter((a) => a.closed_at);
    const inTime = closed.filter((a) => { const r = a.deadlines?.resolution; return !r || (a.closed_at! <= r); }).length;
    const hours = closed.map((a) => (new Date(a.closed_at!).getTime() - new Date(a.created_at).getTime()) / 3600000).sort((x, y) => x - y);
    // Every day of the period, the quiet ones as zero.
    const perDay = new Map(by((a) => a.created_at.slice(0, 10)));
    const days: [string, number][] = [];
    for (let t = now - (period - 1) * 86400000; t <= now; t += 86400000) {
      const d = new Date(t).toISOString().slice(0, 10);
      days.push([d, perDay.get(d) ?? 0]);
    }
    return {
      channel: by((a) => a.channel), region: by((a) => a.region || a.applicant?.region || '—'),
      category: by((a) => a.category || '—'), days, overdue, openCount: openItems.length,
      inTimeShare: closed.length ? Math.round((inTime / closed.length) * 100) : null,
      medianHours: hours.length ? hours[Math.floor(hours.length / 2)] : null, closedCount: closed.length,
    };
  }, [sample, period]);

  const exportCsv = () => {
    const rows: unknown[][] = [['Срез', 'Значение', 'Группа', 'Количество']];
    for (const c of counts ?? []) rows.push(['Статус × группа', statusNames[c.status] ?? c.status, c.group, c.count]);
    for (const [k, n] of breakdown?.channel ?? []) rows.push([`Канал (за ${period} дн.)`, channelNames[k] ?? k, '', n]);
    for (const [k, n] of breakdown?.region ?? []) rows.push([`Регион (за ${period} дн.)`, k, '', n]);
    for (const [k, n] of breakdown?.category ?? []) rows.push([`Категория (за ${period} дн.)`, k, '', n]);
    for (const [k, n] of breakdown?.days ?? []) rows.push(['Поступило за день', k, '', n]);
    downloadCsv(`otklik-svodka-${new Date().toISOString().slice(0, 10)}.csv`, rows);
  };

  if (!can(user, 'read_reports')) return <div className="card">Панель доступна руководителям и администраторам.</div>;
  return (
    <div className="dashboard">
      <div className="queue-head">
        <h1>Панель руководителя</h1>
        <label className="inline">Период разбивок
          <select value={period} onChange={(e) => setPeriod(Number(e.target.value))} aria-label="Период">
            <option value={7}>7 дней</option><option value={30}>30 дней</option><option value={90}>90 дней</option><option value={365}>год</option>
          </select>
        </label>
        <button onClick={exportCsv} data-action="csv" disabled={!counts}>Выгрузить CSV</button>
      </div>
      <ErrorBox error={error} />
      {fig && (
        <div className="tiles">
          <div className="tile"><div className="tile-value" data-figure="total">{fig.total}</div><div>всего обращений</div></div>
          <div className="tile"><div className="tile-value" data-figure="open">{fig.open}</div><div>в работе (не закрыты)</div></div>
          <div className="tile"><div className="tile-value" data-figure="pending">{fig.pending}</div><div>в ожидании</div></div>
          <div className="tile"><div className={'tile-value' + (breakdown?.overdue ? ' overdue' : '')} data-figure="overdue">{breakdown ? breakdown.overdue : '…'}</div><div>просрочено (за период)</div></div>
          <div className="tile"><div className="tile-value" data-figure="in-time">{breakdown?.inTimeShare ?? '—'}{breakdown?.inTimeShare !== null && breakdown ? ' %' : ''}</div><div>закрыто в срок ({breakdown?.closedCount ?? 0})</div></div>
          <div className="tile"><div className="tile-value">{breakdown?.medianHours != null ? breakdown.medianHours.toFixed(1) + ' ч' : '—'}</div><div>медиана до закрытия</div></div>
        </div>
      )}
      <SpeedAndQuality period={period} version={version} />
      {fig && (
        <div className="charts">
          <section className="card"><h3>По статусам</h3>
            <Chart label="Обращения по статусам" option={{
              tooltip: {}, grid: { left: 130, right: 20, top: 10, bottom: 20 },
              xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: fig.statuses.map((s) => statusNames[s] ?? s), inverse: true },
              series: [{ type: 'bar', data: fig.byStatus, itemStyle: { color: '#4a6fa5' }, label: { show: true, position: 'right' } }],
            }} />
          </section>
          <section className="card"><h3>По группам и статусам</h3>
            <Chart label="Обращения по группам" option={{
              tooltip: { trigger: 'axis' }, legend: { top: 0, type: 'scroll' }, grid: { left: 90, right: 20, top: 36, bottom: 24 },
              xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: fig.groups },
              series: fig.statuses.map((s) => ({ name: statusNames[s] ?? s, type: 'bar', stack: 'all',
                data: fig.groups.map((g) => counts!.filter((c) => (c.group || '—') === g && c.status === s).reduce((n, c) => n + c.count, 0)) })),
            }} />
          </section>
          {breakdown && <section className="card"><h3>По каналам (за {period} дн.)</h3>
            <Chart label="Обращения по каналам" option={{
              tooltip: { trigger: 'item' }, legend: { bottom: 0, type: 'scroll' },
              series: [{ type: 'pie', radius: ['35%', '65%'], data: breakdown.channel.map(([k, v]) => ({ name: channelNames[k] ?? k, value: v })), label: { formatter: '{b}: {c}' } }],
            }} />
          </section>}
          {breakdown && <section className="card"><h3>Поступление по дням</h3>
            <Chart label="Поступление по дням" option={{
              tooltip: { trigger: 'axis' }, grid: { left: 40, right: 20, top: 10, bottom: 30 },
              xAxis: { type: 'category', data: breakdown.days.map(([d]) => d.slice(5).split('-').reverse().join('.')) },
              yAxis: { type: 'value', minInterval: 1 },
              series: [{ type: 'line', data: breakdown.days.map(([, n]) => n), areaStyle: { opacity: 0.15 }, smooth: false }],
            }} />
          </section>}
          {breakdown && <section className="card"><h3>По категориям</h3>
            <table className="compact"><tbody>{breakdown.category.slice(0, 12).map(([k, n]) => <tr key={k}><td>{k}</td><td className="num">{n}</td></tr>)}</tbody></table>
          </section>}
          {breakdown && <section className="card"><h3>По регионам</h3>
            <table className="compact"><tbody>{breakdown.region.slice(0, 12).map(([k, n]) => <tr key={k}><td>{k}</td><td className="num">{n}</td></tr>)}</tbody></table>
          </section>}
        </div>
      )}
      <p className="muted small">Статусы и группы — из счётчиков сервера (все обращения). Каналы, регионы, категории и сроки — по обращениям за выбранный период{sample && !sample.complete ? ` (первые ${sample.items.length})` : ''}. Скорость и качество — отчёт сервера по всем обращениям периода.</p>
    </div>
  );
}
