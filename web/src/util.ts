import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';

// --- routing: the History API; the server answers index.html for client routes ---
const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));
export function navigate(to: string, replace = false) {
  if (to === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', to); else history.pushState(null, '', to);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}
export function useLocation(): string {
  return useSyncExternalStore((cb) => { listeners.add(cb); return () => listeners.delete(cb); },
    () => location.pathname + location.search);
}

// --- formatting ---
const dateTime = new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Moscow' });
export function fmtTime(iso?: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return isNaN(d.getTime()) ? iso : dateTime.format(d) + ' МСК';
}

const shortThisYear = new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Moscow' });
const shortOtherYear = new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Moscow' });
const yearOnly = new Intl.DateTimeFormat('ru-RU', { year: 'numeric', timeZone: 'Europe/Moscow' });
/** A compact instant for tables: «04.12, 18:30» this year, «17.03.2020» for an older year. */
export function fmtShort(iso?: string | null, now = new Date()): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (isNaN(d.getTime())) return iso;
  return yearOnly.format(d) === yearOnly.format(now) ? shortThisYear.format(d) : shortOtherYear.format(d);
}

/** "осталось 3 ч 20 мин" / "просрочено на 2 дн 4 ч" (calendar time). */
export function timeLeft(iso: string, now = Date.now()): { text: string; overdue: boolean; soon: boolean } {
  const ms = new Date(iso).getTime() - now;
  const abs = Math.abs(ms);
  const min = Math.floor(abs / 60000);
  const d = Math.floor(min / 1440), h = Math.floor((min % 1440) / 60), m = min % 60;
  const parts = d > 0 ? `${d} дн ${h} ч` : h > 0 ? `${h} ч ${m} мин` : `${m} мин`;
  return ms < 0 ? { text: `просрочено на ${parts}`, overdue: true, soon: false }
    : { text: `осталось ${parts}`, overdue: false, soon: ms < 24 * 3600 * 1000 };
}

export const channelNames: Record<string, string> = {
  api: 'API', email: 'Эл. почта', project_mail: 'Почта проекта', org_mail: 'Почта организации',
  chatbot: 'Чат-бот', widget: 'Виджет', cabinet: 'Личный кабинет', phone: 'Телефон',
  letter: 'Письмо', web: 'Сайт', in_person: 'Лично',
};
export const statusNames: Record<string, string> = {
  registered: 'Зарегистрировано', assigned: 'Назначено', in_progress: 'В работе', pending: 'В ожидании',
  resolved: 'Решено', closed: 'Закрыто', refused: 'Отказано',
};
export const openStatuses = ['registered', 'assigned', 'in_progress', 'pending', 'resolved'];
export const triageNames: Record<string, string> = {
  accept: 'принято', flag: 'отмечено для проверки', hold: 'задержано до проверки', refuse: 'отказ', return: 'возврат',
};
export const deadlineNames: Record<string, string> = {
  first_response: 'Первый ответ', resolution: 'Решение', response: 'Ответ',
};

// --- data loading ---
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const seq = useRef(0);
  const reload = useCallback(() => {
    const n = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    load().then((data) => { if (n === seq.current) setState({ data, loading: false }); },
      (error: Error) => { if (n === seq.current) setState({ error, loading: false }); });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(() => { reload(); }, [reload]);
  return { ...state, reload };
}

export function csvEscape(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[";\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}
export function downloadCsv(name: string, rows: unknown[][]) {
  // Semicolons and a BOM: Russian Excel opens it as a table.
  const text = '\ufeff' + rows.map((r) => r.map(csvEscape).join(';')).join('\r\n') + '\r\n';
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url; a.download = name; a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
