// Thin client of the Otklik HTTP API v1 (docs/openapi.yaml). The session lives in an HttpOnly
// cookie; changes carry the CSRF token from the login answer or GET /auth/me.

export interface FieldError { field: string; code: string; message: string }

export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string, public fields: FieldError[] = []) {
    super(message);
  }
}

export interface User {
  login: string; full_name: string; role: string; role_name: string;
  group: string; region: string; disabled: boolean; created_at?: string;
}

export interface Applicant {
  last_name?: string; first_name?: string; middle_name?: string; email?: string; phone?: string;
  snils?: string; inn?: string; birth_date?: string; region?: string; login?: string; role?: string;
  contact_channel?: string; address?: string; masked?: boolean;
}

export interface TriageRule { code: string; message: string; evidence?: unknown }
export interface TriageReview { decision: string; by: string; comment: string }
export interface Triage { decision: string; rules: TriageRule[]; category?: string; priority?: string; review?: TriageReview }

export interface Link { id?: number; type: string; from?: string; to?: string; target?: string; [k: string]: unknown }

export interface Appeal {
  uin: string; regulation: string; regulation_version?: number; channel: string;
  status: string; status_name: string; pending_reason?: string; pending_reason_name?: string;
  stage?: string; stage_name?: string; group?: string; assignee?: string; organization?: string;
  category?: string; subcategory?: string; priority?: string; subject?: string; text?: string;
  problem_address?: string; applicant?: Applicant; deadlines?: Record<string, string>;
  triage?: Triage | null; source_ref?: string; created_by?: string; version: number;
  created_at: string; updated_at: string; closed_at?: string | null; next_event_at?: string | null;
  attributes?: Record<string, string>; available_actions: string[]; links?: Link[];
}

export interface Comment { id: number; at: string; author: string; text: string; visibility: string }
export interface HistoryEntry { id?: number; at: string; actor?: string; action?: string; kind?: string; changes?: unknown; [k: string]: unknown }
export interface Count { group: string; status: string; count: number }
export interface Group { code: string; name: string; line?: string; region?: string; [k: string]: unknown }
export interface Token { id: number; kind: string; name: string; created_at: string; expires_at?: string | null; revoked_at?: string | null }

export interface ParamSpec { name: string; required: boolean; values: string[] }
export interface ActionSpec { code: string; name: string; params: ParamSpec[]; [k: string]: unknown }
export interface Named { code: string; name: string; [k: string]: unknown }
export interface Category extends Named { subcategories?: Named[] }
export interface QueueList extends Named { statuses: string[] }
export interface RegulationSummary {
  id: string; version: number; name: string; source?: string; file?: string; uin_prefix?: string;
  in_force_from?: string; in_force_until?: string | null; in_force?: boolean; verdict: string; error?: unknown;
}
export interface Regulation extends RegulationSummary {
  statuses?: Named[]; channels?: Named[]; categories?: Category[]; priorities?: Named[];
  clocks?: Named[]; pending_reasons?: Named[]; stages?: Named[]; actions?: ActionSpec[];
  groups?: Named[]; organizations?: (Named & { inn?: string; categories?: string[] })[];
  lists?: QueueList[]; [k: string]: unknown;
}

let csrfToken = '';

export async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
  if (body !== undefined) {
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) (init.headers as Record<string, string>)['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch('/api/v1' + path, init);
  } catch {
    throw new ApiError(0, 'network', 'Сервер недоступен: проверьте соединение');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) {
    const e = (data as { error?: { code?: string; message?: string; fields?: FieldError[] } } | null)?.error;
    if (response.status === 401) onUnauthorized();
    throw new ApiError(response.status, e?.code ?? 'http_' + response.status, e?.message ?? `Ошибка ${response.status}`, e?.fields ?? []);
  }
  return data as T;
}

let unauthorizedHandler: () => void = () => {};
function onUnauthorized() { unauthorizedHandler(); }
export function setUnauthorizedHandler(handler: () => void) { unauthorizedHandler = handler; }

export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const t = s.toString();
  return t ? '?' + t : '';
}

const enc = encodeURIComponent;

export const api = {
  async login(login: string, password: string) {
    const r = await request<{ token: string; csrf_token: string; user: User }>('POST', '/auth/login', { login, password });
    csrfToken = r.csrf_token;
    return r.user;
  },
  async me() {
    const r = await request<{ user: User; csrf_token?: string }>('GET', '/auth/me');
    if (r.csrf_token) csrfToken = r.csrf_token;
    return r.user;
  },
  logout: () => request<void>('POST', '/auth/logout').finally(() => { csrfToken = ''; }),

  listAppeals: (params: Record<string, string | number | boolean | undefined>) =>
    request<{ items: Appeal[]; next: string | null }>('GET', '/appeals' + qs(params)),
  counts: () => request<{ items: Count[] }>('GET', '/appeals/counts'),
  getAppeal: (uin: string) => request<Appeal>('GET', '/appeals/' + enc(uin)),
  createAppeal: (body: unknown, idempotencyKey?: string) =>
    request<Appeal>('POST', '/appeals', body, idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
  revealApplicant: (uin: string, purpose: string) =>
    request<Applicant>('GET', `/appeals/${enc(uin)}/applicant` + qs({ purpose })),
  act: (uin: string, version: number, action: string, params: Record<string, string>) =>
    request<Appeal>('POST', `/appeals/${enc(uin)}/actions`, { action, ...params }, { 'If-Match': `"${version}"` }),
  comments: (uin: string) => request<{ items: Comment[] }>('GET', `/appeals/${enc(uin)}/comments`),
  addComment: (uin: string, text: string, visibility: 'internal' | 'public') =>
    request<Comment>('POST', `/appeals/${enc(uin)}/comments`, { text, visibility }),
  reviewTriage: (uin: string, version: number, decision: 'accept' | 'refuse', comment: string) =>
    request<Appeal>('POST', `/appeals/${enc(uin)}/triage/review`, { decision, comment }, { 'If-Match': `"${version}"` }),
  history: (uin: string) => request<{ items: HistoryEntry[] }>('GET', `/appeals/${enc(uin)}/history`),
  links: (uin: string) => request<{ items: Link[] }>('GET', `/appeals/${enc(uin)}/links`),
  addLink: (uin: string, type: string, target: string) =>
    request<Link>('POST', `/appeals/${enc(uin)}/links`, { type, target }),

  users: () => request<{ items: User[] }>('GET', '/users'),
  createUser: (body: unknown) => request<User>('POST', '/users', body),
  updateUser: (login: string, body: unknown) => request<User>('PATCH', '/users/' + enc(login), body),
  groups: () => request<{ items: Group[] }>('GET', '/groups'),
  createGroup: (body: unknown) => request<Group>('POST', '/groups', body),
  tokens: () => request<{ items: Token[] }>('GET', '/tokens'),
  createToken: (name: string) => request<Token & { token: string }>('POST', '/tokens', { name }),
  revokeToken: (id: number) => request<void>('DELETE', '/tokens/' + id),
  roles: () => request<{ items: Named[] }>('GET', '/roles'),
  personalDataLog: (uin?: string) => request<{ items: Record<string, unknown>[] }>('GET', '/audit/personal-data' + qs({ uin })),
  regulations: () => request<{ items: RegulationSummary[] }>('GET', '/regulations'),
  regulation: (id: string) => request<Regulation>('GET', '/regulations/' + enc(id)),
};

// Regulations change rarely: one fetch per page load.
const regulationCache = new Map<string, Promise<Regulation | null>>();
export function regulationOf(id: string): Promise<Regulation | null> {
  if (!regulationCache.has(id)) regulationCache.set(id, api.regulation(id).catch(() => null));
  return regulationCache.get(id)!;
}
