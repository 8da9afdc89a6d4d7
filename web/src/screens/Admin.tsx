import { useState } from 'react';
import { api, regulationOf, type Group, type Named, type Organization, type Regulation, type User } from '../api';
import { navigate, useAsync, fmtTime } from '../util';
import { ErrorBox } from '../components/common';
import '../kb.css';

export function Admin({ user, tab }: { user: User; tab: string }) {
  const admin = user.role === 'administrator';
  const tabs: [string, string][] = admin
    ? [['users', 'Пользователи'], ['groups', 'Группы'], ['tokens', 'API-токены'], ['regulations', 'Регламенты'], ['organizations', 'Организации'], ['audit', 'Журнал доступа к ПДн']]
    : [['tokens', 'API-токены'], ['regulations', 'Регламенты'], ['organizations', 'Организации']];
  const current = tabs.find(([k]) => k === tab)?.[0] ?? tabs[0][0];
  return (
    <div className="admin">
      <h1>{admin ? 'Администрирование' : 'Настройки'}</h1>
      <nav className="tabs">
        {tabs.map(([k, v]) => <button key={k} className={k === current ? 'active' : ''} onClick={() => navigate('/admin/' + k)}>{v}</button>)}
      </nav>
      {current === 'users' && <Users />}
      {current === 'groups' && <Groups />}
      {current === 'tokens' && <Tokens />}
      {current === 'regulations' && <Regulations />}
      {current === 'organizations' && <Organizations />}
      {current === 'audit' && <Audit />}
    </div>
  );
}

// The region list from the server's reference data: people choose «Ульяновская область», not 73.
function useRegions() {
  const regions = useAsync(() => api.regions(), []);
  const items = regions.data?.items ?? [];
  const nameOf = (code?: string) => (code ? items.find((r) => r.code === code)?.name ?? code : '');
  return { items, nameOf };
}

function RegionSelect({ value, onChange, label }: { value: string; onChange: (v: string) => void; label: string }) {
  const { items } = useRegions();
  return (
    <label>{label}<select name="region" value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">все регионы</option>
      {items.map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}
    </select></label>
  );
}

function GroupSelect({ value, onChange, groups }: { value: string; onChange: (v: string) => void; groups: Group[] }) {
  return (
    <label>Группа<select name="group" value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">без группы</option>
      {groups.map((g) => <option key={g.code} value={g.code}>{g.name}</option>)}
    </select></label>
  );
}

function Users() {
  const users = useAsync(() => api.users(), []);
  const roles = useAsync(() => api.roles(), []);
  const groups = useAsync(() => api.groups(), []);
  const { nameOf } = useRegions();
  const [form, setForm] = useState({ login: '', full_name: '', role: 'operator', group: '', region: '', password: '' });
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState('');
  const groupName = (code: string) => groups.data?.items.find((g) => g.code === code)?.name ?? code;
  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    try { await api.createUser(form); setDone(`Пользователь ${form.login} создан`); setForm({ ...form, login: '', full_name: '', password: '' }); setError(null); users.reload(); }
    catch (err) { setError(err as Error); }
  };
  return (
    <section className="card">
      <ErrorBox error={users.error ?? error} />
      {done && <div className="notice" role="status">{done}</div>}
      <table className="compact"><thead><tr><th>Логин</th><th>Имя</th><th>Роль</th><th>Группа</th><th>Регион</th><th>Состояние</th><th /></tr></thead>
        <tbody>{users.data?.items.map((u) => editing === u.login
          ? <UserEditor key={u.login} user={u} roles={roles.data?.items ?? []} groups={groups.data?.items ?? []}
              onDone={(message) => { setEditing(null); setDone(message); setError(null); users.reload(); }} onCancel={() => setEditing(null)} />
          : (
            <tr key={u.login} data-user-row={u.login}><td>{u.login}</td><td>{u.full_name}</td><td>{u.role_name}</td><td>{u.group ? groupName(u.group) : '—'}</td>
              <td>{u.region ? nameOf(u.region) : 'все'}</td>
              <td>{u.disabled ? 'отключён' : 'активен'}</td>
              <td><button className="link" onClick={() => { setEditing(u.login); setDone(''); }}>Изменить</button></td></tr>
          ))}</tbody></table>
      <h3>Новый пользователь</h3>
      <form className="grid-form" onSubmit={create}>
        <label>Логин<input required value={form.login} onChange={(e) => setForm({ ...form, login: e.target.value })} /></label>
        <label>Имя<input value={form.full_name} onChange={(e) => setForm({ ...form, full_name: e.target.value })} /></label>
        <label>Роль<select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
          {roles.data?.items.map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}</select></label>
        <GroupSelect value={form.group} onChange={(group) => setForm({ ...form, group })} groups={groups.data?.items ?? []} />
        <RegionSelect label="Регион" value={form.region} onChange={(region) => setForm({ ...form, region })} />
        <label>Пароль<input required type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} /></label>
        <button type="submit" className="primary">Создать</button>
      </form>
    </section>
  );
}

// One user's row opened for editing: name, role, group, region, a new password (which ends the
// user's sessions on the server, SEC-4) and the account's state, saved with one PATCH.
function UserEditor({ user, roles, groups, onDone, onCancel }: {
  user: User; roles: Named[]; groups: Group[]; onDone: (message: string) => void; onCancel: () => void;
}) {
  const [form, setForm] = useState({ full_name: user.full_name, role: user.role, group: user.group, region: user.region, disabled: user.disabled });
  const [password, setPassword] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const changes: Record<string, unknown> = {};
    (Object.keys(form) as (keyof typeof form)[]).forEach((k) => { if (form[k] !== user[k]) changes[k] = form[k]; });
    if (password) changes.password = password;
    if (!Object.keys(changes).length) { onCancel(); return; }
    try {
      await api.updateUser(user.login, changes);
      onDone(password ? `Пароль пользователя ${user.login} изменён, его сеансы завершены` : `Пользователь ${user.login} сохранён`);
    } catch (err) { setError(err as Error); }
  };
  return (
    <tr className="editing" data-user-row={user.login}><td colSpan={7}>
      <form className="grid-form" onSubmit={save} aria-label={`Изменение пользователя ${user.login}`}>
        <ErrorBox error={error} />
        <label>Имя<input value={form.full_name} onChange={(e) => setForm({ ...form, full_name: e.target.value })} /></label>
        <label>Роль<select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
          {roles.map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}</select></label>
        <GroupSelect value={form.group} onChange={(group) => setForm({ ...form, group })} groups={groups} />
        <RegionSelect label="Регион" value={form.region} onChange={(region) => setForm({ ...form, region })} />
        <label>Новый пароль<input type="password" autoComplete="new-password" placeholder="не менять" value={password} onChange={(e) => setPassword(e.target.value)} /></label>
        <label className="checkbox"><input type="checkbox" checked={form.disabled} onChange={(e) => setForm({ ...form, disabled: e.target.checked })} />Учётная запись отключена</label>
        <div className="row">
          <button type="submit" className="primary">Сохранить</button>
          <button type="button" onClick={onCancel}>Отмена</button>
        </div>
      </form>
    </td></tr>
  );
}

// Staff groups (who works where) beside the groups the regulations in force route appeals to:
// a regulation's group without a staff group of the same code has nobody to take its appeals.
function Groups() {
  const groups = useAsync(() => api.groups(), []);
  const inForce = useAsync(async () => {
    const list = (await api.regulations()).items.filter((r) => r.verdict === 'ok' && r.in_force !== false);
    return Promise.all(list.map((r) => regulationOf(r.id)));
  }, []);
  const { nameOf } = useRegions();
  const [form, setForm] = useState({ code: '', name: '' });
  const [error, setError] = useState<Error | null>(null);
  const create = async (body: { code: string; name: string }) => {
    try { await api.createGroup(body); setForm({ code: '', name: '' }); setError(null); groups.reload(); } catch (err) { setError(err as Error); }
  };
  const staff = new Set(groups.data?.items.map((g) => g.code));
  return (
    <section className="card">
      <ErrorBox error={groups.error ?? inForce.error ?? error} />
      <table className="compact"><thead><tr><th>Код</th><th>Название</th><th>Линия</th><th>Регион</th></tr></thead>
        <tbody>{groups.data?.items.map((g) => <tr key={g.code}><td>{g.code}</td><td>{g.name}</td><td>{String(g.line ?? '') || '—'}</td><td>{g.region ? nameOf(String(g.region)) : 'все'}</td></tr>)}</tbody></table>
      <h3>Группы действующих регламентов</h3>
      <table className="compact" data-table="regulation-groups"><thead><tr><th>Регламент</th><th>Группа</th><th>Сотрудники</th></tr></thead>
        <tbody>{inForce.data?.flatMap((r) => (r?.groups ?? []).map((g) => r && (
          <tr key={r.id + '/' + g.code} data-group={g.code}><td>{r.name}</td><td>{g.name}</td>
            <td>{staff.has(g.code) ? 'группа есть' : (
              <button className="link" onClick={() => create({ code: g.code, name: g.name })}>Создать группу сотрудников</button>)}</td></tr>
        )))}</tbody></table>
      <h3>Новая группа</h3>
      <form className="grid-form" onSubmit={(e) => { e.preventDefault(); create(form); }}>
        <label>Код<input required value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} /></label>
        <label>Название<input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
        <button type="submit" className="primary">Создать</button>
      </form>
    </section>
  );
}

function Tokens() {
  const tokens = useAsync(() => api.tokens(), []);
  const [name, setName] = useState('');
  const [issued, setIssued] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    try { const t = await api.createToken(name); setIssued(t.token); setName(''); setError(null); tokens.reload(); } catch (err) { setError(err as Error); }
  };
  const revoke = async (id: number) => { try { await api.revokeToken(id); tokens.reload(); } catch (err) { setError(err as Error); } };
  return (
    <section className="card">
      <ErrorBox error={tokens.error ?? error} />
      {issued && <div className="notice">Токен показан один раз — сохраните его: <code className="token">{issued}</code></div>}
      <table className="compact"><thead><tr><th>Название</th><th>Тип</th><th>Создан</th><th>Истекает</th><th>Отозван</th><th /></tr></thead>
        <tbody>{tokens.data?.items.map((t) => <tr key={t.id}><td>{t.name}</td><td>{t.kind === 'session' ? 'сеанс' : 'API-токен'}</td><td>{fmtTime(t.created_at)}</td><td>{fmtTime(t.expires_at)}</td><td>{fmtTime(t.revoked_at)}</td>
          <td>{!t.revoked_at && <button className="link" onClick={() => revoke(t.id)}>Отозвать</button>}</td></tr>)}</tbody></table>
      <form className="row" onSubmit={create}>
        <input required placeholder="Название токена (для какой системы)" value={name} onChange={(e) => setName(e.target.value)} aria-label="Название токена" />
        <button type="submit" className="primary">Выпустить токен</button>
      </form>
    </section>
  );
}

function Regulations() {
  const list = useAsync(() => api.regulations(), []);
  const [open, setOpen] = useState<Regulation | null>(null);
  return (
    <section className="card">
      <ErrorBox error={list.error} />
      <table className="compact"><thead><tr><th>Код</th><th>Название</th><th>Версия</th><th>Действует</th><th>Проверка загрузчиком</th></tr></thead>
        <tbody>{list.data?.items.map((r) => (
          <tr key={r.id + r.file} className="clickable" onClick={() => r.verdict === 'ok' && regulationOf(r.id).then(setOpen)}>
            <td>{r.id}</td><td>{r.name ?? r.file}</td><td>{r.version}</td>
            <td>{r.in_force_from ?? '—'}{r.in_force_until ? ' — ' + r.in_force_until : ''}{r.in_force === false ? ' (не действует)' : ''}</td>
            <td className={r.verdict === 'ok' ? 'ok' : 'error-text'}>{r.verdict === 'ok' ? 'загружен без ошибок' : String(typeof r.error === 'object' ? JSON.stringify(r.error) : r.error ?? r.verdict)}</td>
          </tr>))}</tbody></table>
      {open && (
        <div className="regulation-view">
          <h2>{open.name} <span className="muted">· {open.id}, версия {open.version}</span></h2>
          {open.source && <p className="muted small">{open.source}</p>}
          <div className="reg-grid">
            <RegList title="Статусы" items={open.statuses} />
            <RegList title="Каналы" items={open.channels} />
            <RegList title="Категории" items={open.categories?.map((c) => ({ ...c, name: c.name + (c.subcategories?.length ? ' (' + c.subcategories.map((s) => s.name).join(', ') + ')' : '') }))} />
            <RegList title="Приоритеты" items={open.priorities} />
            <RegList title="Сроки" items={open.clocks} />
            <RegList title="Причины ожидания" items={open.pending_reasons} />
            <RegList title="Действия" items={open.actions?.map((a) => ({ ...a, name: a.name + (a.params.length ? ' — ' + a.params.map((p) => p.name + (p.required ? '*' : '')).join(', ') : '') }))} />
            <RegList title="Группы" items={open.groups} />
            <RegList title="Организации" items={open.organizations} />
            <RegList title="Списки (очереди)" items={open.lists} />
          </div>
        </div>
      )}
    </section>
  );
}

function RegList({ title, items }: { title: string; items?: { code: string; name: string }[] }) {
  if (!items?.length) return null;
  return <div><h4>{title}</h4><ul className="small">{items.map((i) => <li key={i.code}><code>{i.code}</code> {i.name}</li>)}</ul></div>;
}

// What was read, in words: the server logs "applicant" or "attachment N".
function accessedWhat(fields: string): string {
  if (fields === 'applicant') return 'данные заявителя';
  const attachment = /^attachment (\d+)$/.exec(fields);
  if (attachment) return `вложение № ${attachment[1]}`;
  return fields;
}

function Audit() {
  const [uin, setUin] = useState('');
  const log = useAsync(() => api.personalDataLog(uin || undefined), [uin]);
  const users = useAsync(() => api.users(), []);
  const nameOf = (login: string) => {
    const u = users.data?.items.find((x) => x.login === login);
    return u?.full_name ? `${u.full_name} (${login})` : login;
  };
  return (
    <section className="card">
      <label className="row">Номер обращения
        <input placeholder="все обращения" aria-label="Номер обращения" onKeyDown={(e) => { if (e.key === 'Enter') setUin((e.target as HTMLInputElement).value.trim()); }} />
      </label>
      <ErrorBox error={log.error} />
      {log.data && !log.data.items.length && <p className="muted">Обращений к персональным данным не было.</p>}
      <table className="compact" data-table="access-log"><thead><tr><th>Когда</th><th>Кто</th><th>Обращение</th><th>Что просмотрено</th><th>Цель</th></tr></thead>
        <tbody>{log.data?.items.map((r, i) => {
          const uinOf = String(r.uin ?? '');
          return (
            <tr key={i}><td>{fmtTime(r.at as string)}</td><td>{nameOf(String(r.login ?? ''))}</td>
              <td>{uinOf && <a href={'/appeals/' + encodeURIComponent(uinOf)} onClick={(e) => { e.preventDefault(); navigate('/appeals/' + encodeURIComponent(uinOf)); }}>{uinOf}</a>}</td>
              <td>{accessedWhat(String(r.fields ?? ''))}</td><td>{String(r.purpose ?? '') || <span className="muted">не указана</span>}</td></tr>
          );
        })}</tbody></table>
    </section>
  );
}

// Organisations are part of a regulation file (regulations/*.toml): read-only here.
function Organizations() {
  const regs = useAsync(async () => {
    const items = (await api.regulations()).items.filter((r) => r.verdict === 'ok');
    const ids = [...new Set(items.map((r) => r.id))];
    const loaded = await Promise.all(ids.map((id) => regulationOf(id)));
    return loaded.filter((r): r is Regulation => !!r);
  }, []);
  const all = regs.data ?? [];
  const withOrgs = all.filter((r) => r.organizations?.length);
  const active = withOrgs.filter((r) => r.in_force !== false);
  const inactive = withOrgs.filter((r) => r.in_force === false);
  const without = all.filter((r) => !r.organizations?.length);
  return (
    <div className="organizations">
      <div className="notice small">
        Организации задаются в файле регламента и меняются только вместе с ним: новая версия файла
        проверяется командой <code>otklik check-regulation</code>, получает номер версии и действует с указанной в ней даты.
        Здесь они показаны для справки и не редактируются.
      </div>
      <ErrorBox error={regs.error} />
      {regs.loading && !regs.data && <p className="muted">Загрузка…</p>}
      {active.map((r) => <RegulationOrganizations key={r.id} reg={r} />)}
      {regs.data && active.length === 0 && <p className="muted">В действующих регламентах организации не заданы.</p>}
      {inactive.length > 0 && (
        <details className="card">
          <summary>Регламенты, которые сейчас не действуют ({inactive.map((r) => r.name).join('; ')})</summary>
          {inactive.map((r) => <RegulationOrganizations key={r.id} reg={r} />)}
        </details>
      )}
      {without.length > 0 && <p className="small muted">Без списка организаций: {without.map((r) => r.name).join('; ')}.</p>}
    </div>
  );
}

function RegulationOrganizations({ reg }: { reg: Regulation }) {
  const orgs = reg.organizations ?? [];
  const codes = new Set(orgs.map((o) => o.code));
  const children = (parent: string) => orgs.filter((o) => (o.parent && codes.has(o.parent) ? o.parent : '') === parent);
  const competence = (code: string) => {
    if (code === '*') return 'все категории';
    const [cat, sub] = code.split('/');
    const c = reg.categories?.find((x) => x.code === cat);
    const s = sub ? c?.subcategories?.find((x) => x.code === sub) : undefined;
    return (c?.name ?? cat) + (sub ? ' / ' + (s?.name ?? sub) : '');
  };
  const tree = (parent: string) => (
    <ul className="org-tree">
      {children(parent).map((o) => (
        <li key={o.code} className="org" data-org={o.code}>
          <OrganizationRow org={o} competence={competence} />
          {children(o.code).length > 0 && tree(o.code)}
        </li>
      ))}
    </ul>
  );
  return (
    <section className="card" data-regulation={reg.id}>
      <h2>{reg.name} <span className="muted small">· {reg.id}, версия {reg.version}{reg.in_force_from ? `, действует с ${reg.in_force_from}` : ''}{reg.in_force_until ? ` по ${reg.in_force_until}` : ''}</span></h2>
      {reg.file && <p className="small muted">Файл: <code>{reg.file}</code></p>}
      {tree('')}
    </section>
  );
}

function OrganizationRow({ org, competence }: { org: Organization; competence: (code: string) => string }) {
  const areas = org.competence ?? org.categories ?? [];
  return (
    <>
      <div><span className="org-name">{org.name}</span> <code className="small muted">{org.code}</code>
        {org.default_coordinator && <> <span className="badge">координатор по умолчанию</span></>}
        {org.coordinates_subordinates && <> <span className="badge">координирует подведомственные</span></>}
      </div>
      <div className="org-props">
        <span data-inn title={org.inn ? undefined : 'ИНН в файле регламента не указан'}>ИНН: {org.inn || '—'}</span>
        <span data-connected={org.connected !== false}>{org.connected === false
          ? <span className="org-off">не подключена к системе — обращения для неё не принимаются</span>
          : 'подключена к системе'}</span>
        <span>Компетенция: {areas.length ? areas.map(competence).join(', ') : '—'}</span>
      </div>
    </>
  );
}
