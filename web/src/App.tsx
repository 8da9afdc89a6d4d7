import { lazy, Suspense, useEffect, useState } from 'react';
import { api, can, canManageKnowledge, canWorkAppeals, setUnauthorizedHandler, type User } from './api';
import { navigate, useLocation } from './util';
import { startLive, stopLive, useLiveState } from './live';
import { useNames } from './names';
import { Login } from './screens/Login';
import { Queues } from './screens/Queues';
import { AppealCard } from './screens/AppealCard';
import { Hotline } from './screens/Hotline';
import { Admin } from './screens/Admin';
import { KnowledgeBase } from './screens/KnowledgeBase';
import { Deliveries, useDeliveryCount } from './screens/Deliveries';

// The charts library is most of the scripts' weight: it loads with the dashboard, not at login.
const Dashboard = lazy(() => import('./screens/Dashboard').then((m) => ({ default: m.Dashboard })));

export const canReports = (u: User) => can(u, 'read_reports');
export const canAdmin = (u: User) => u.role === 'administrator';
export const canRegister = (u: User) => u.role !== 'approver';

export function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const path = useLocation();

  useEffect(() => {
    setUnauthorizedHandler(() => { stopLive(); setUser(null); });
    api.me().then(setUser, () => setUser(null));
  }, []);
  useEffect(() => { if (user) startLive(); }, [user]);

  if (user === undefined) return <div className="splash">Загрузка…</div>;
  if (user === null) return <Login onLogin={(u) => { setUser(u); if (location.pathname === '/login') navigate('/', true); }} />;
  return <Shell user={user} path={path} onLogout={() => { stopLive(); api.logout().catch(() => {}); setUser(null); navigate('/', true); }} />;
}

function Shell({ user, path, onLogout }: { user: User; path: string; onLogout: () => void }) {
  const live = useLiveState();
  // Issue 16: the header names the group, not its code.
  const names = useNames();
  const pathname = path.split('?')[0];
  const deliveryCount = useDeliveryCount(canWorkAppeals(user));
  // Alt+1…6 switch sections; "/" focuses the search field of the screen.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
      if (e.altKey && /^[1-6]$/.test(e.key)) {
        const to = ['/', '/hotline', '/dashboard', '/admin', '/kb', '/deliveries'][Number(e.key) - 1];
        e.preventDefault(); navigate(to);
      } else if (e.key === '/' && !typing) {
        const search = document.querySelector<HTMLInputElement>('[data-search]');
        if (search) { e.preventDefault(); search.focus(); }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  let screen;
  const appealMatch = pathname.match(/^\/appeals\/(.+)$/);
  if (appealMatch) screen = <AppealCard key={appealMatch[1]} uin={decodeURIComponent(appealMatch[1])} user={user} />;
  else if (pathname === '/hotline') screen = <Hotline user={user} />;
  else if (pathname === '/dashboard') screen = <Suspense fallback={<p className="muted">Загрузка панели…</p>}><Dashboard user={user} /></Suspense>;
  else if (pathname === '/kb') screen = <KnowledgeBase user={user} />;
  else if (pathname === '/deliveries') screen = <Deliveries user={user} />;
  else if (pathname.startsWith('/admin')) screen = <Admin user={user} tab={pathname.split('/')[2] ?? 'users'} />;
  else screen = <Queues user={user} path={path} />;

  const link = (to: string, label: string, key: string, active: boolean, extra?: React.ReactNode) => (
    <a href={to} className={active ? 'active' : ''} title={`Alt+${key}`}
      onClick={(e) => { e.preventDefault(); navigate(to); }}>{label}{extra}</a>
  );
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }}>Отклик</a>
        <nav>
          {link('/', 'Очереди', '1', pathname === '/' || pathname.startsWith('/queues') || pathname.startsWith('/appeals'))}
          {canRegister(user) && link('/hotline', 'Горячая линия', '2', pathname === '/hotline')}
          {canReports(user) && link('/dashboard', 'Панель руководителя', '3', pathname === '/dashboard')}
          {link('/admin', canAdmin(user) ? 'Администрирование' : 'Настройки', '4', pathname.startsWith('/admin'))}
          {canManageKnowledge(user) && link('/kb', 'База знаний', '5', pathname === '/kb')}
          {canWorkAppeals(user) && link('/deliveries', 'Доставка уведомлений', '6', pathname === '/deliveries',
            deliveryCount ? <span className="nav-count" data-nav-count={deliveryCount} title="Уведомлений ждут доставки">{deliveryCount}</span> : null)}
        </nav>
        <span className={'live live-' + live} data-live={live}
          title={live === 'live' ? 'Новые обращения появляются без перезагрузки' : 'Переподключение к серверу…'}>
          {live === 'live' ? '● В реальном времени' : live === 'connecting' ? '○ Подключение…' : '○ Нет связи'}
        </span>
        <span className="who" data-user={user.login}>{user.full_name || user.login} · {user.role_name}{user.group ? ' · ' + names.group(user.group) : ''}</span>
        <button className="link" onClick={onLogout}>Выйти</button>
      </header>
      <main>{screen}</main>
    </div>
  );
}
