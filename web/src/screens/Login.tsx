import { useState } from 'react';
import { api, ApiError, type User } from '../api';

export function Login({ onLogin }: { onLogin: (u: User) => void }) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true); setError('');
    try { onLogin(await api.login(login.trim(), password)); }
    catch (err) {
      const a = err as ApiError;
      setError(a.fields?.length ? a.fields.map((f) => f.message).join('; ') : a.message);
    } finally { setBusy(false); }
  };
  return (
    <div className="login-page">
      <form className="login card" onSubmit={submit} aria-label="Вход">
        <h1>Отклик</h1>
        <p className="muted">Рабочее место оператора</p>
        <label>Логин<input name="login" autoFocus autoComplete="username" value={login} onChange={(e) => setLogin(e.target.value)} /></label>
        <label>Пароль<input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} /></label>
        {error && <div className="error" role="alert">{error}</div>}
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Вход…' : 'Войти'}</button>
      </form>
    </div>
  );
}
