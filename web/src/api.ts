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
  /** What the role permits, from the server (GET /auth/me, the login answer). */
  permissions?: string[];
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
  problem_address?: string; applicant?: Applicant; /** the applicant's region, in the queue's summary form */ region?: string; deadlines?: Record<string, string>;
  triage?: Triage | null; source_ref?: string; created_by?: string; version: number;
  created_at: string; updated_at: string; closed_at?: string | null; next_event_at?: string | null;
  attributes?: Record<string, string>; available_actions: string[]; links?: Link[];
  /** Each clock's term: agreed with the applicant when the regulation says «по согласованию» (SLA-1). */
  terms?: Record<string, TermState>;
  /** A full-text search's matched passage: HTML-escaped text, matches in <mark>…</mark> (issue 16). */
  snippet?: string;
  /** The SLA clocks on the appeal's own calendar (full form only): business time left. */
  clocks?: ClockReading[];
}

/** One SLA clock now (GET /appeals/{uin}): time left in working time by the appeal's calendar. */
export interface ClockReading {
  clock: string; term: string; working_time: boolean; remaining_minutes: number; working_day_minutes: number;
  remaining_text: string; paused: boolean; stopped: boolean; breached: boolean;
  due: string | null; escalate_at: string | null; escalated: boolean;
}

/** A clock's term as the appeal has it: `display` says what to show instead of a deadline. */
export interface TermState { term: string | null; state: string; agreed: boolean; display?: string }

/** A notice staff deliver themselves (NT-3): the applicant asked for a call, an SMS or a letter. */
export interface Delivery {
  id: number; uin: string; kind: string; channel: string; channel_name: string; recipient: string;
  subject?: string; text?: string; created_at: string; due_by: string;
}

export interface Comment { id: number; at: string; author: string; text: string; visibility: string }
/** One message of an appeal's conversation (GET /appeals/{uin}/conversation, issue 16). */
export interface ConversationEntry {
  kind: 'chat' | 'letter_in' | 'letter_out' | 'call' | 'appeal' | 'answer' | 'comment' | 'resolution' | 'note';
  direction: 'in' | 'out' | 'internal'; at: string; author: string; author_name: string; subject: string; text: string;
  channel: string; recipient: string; state: string; state_name: string; letter_kind: string;
  files: { name: string; type: string; size: number; number: number }[];
}
export interface Conversation { uin: string; thread: ConversationEntry[]; notes: ConversationEntry[]; rejected_articles: string[] }
export interface HistoryEntry { id?: number; at: string; actor?: string; action?: string; kind?: string; changes?: unknown; [k: string]: unknown }
export interface Count { group: string; status: string; count: number }
export interface Group { code: string; name: string; line?: string; region?: string; [k: string]: unknown }
export interface Token { id: number; kind: string; name: string; created_at: string; expires_at?: string | null; revoked_at?: string | null }

/** An action parameter; `type` (or `date`) marks a calendar date when the regulation says so. */
export interface ParamSpec { name: string; required: boolean; values: string[]; type?: string; date?: boolean }
/** `prominence`: the usual next step, another action, or one that ends the work (asked again). */
export interface ActionSpec { code: string; name: string; params: ParamSpec[]; prominence?: 'primary' | 'other' | 'dangerous'; [k: string]: unknown }
export interface Named { code: string; name: string; [k: string]: unknown }
export interface Category extends Named { subcategories?: Named[] }
export interface QueueList extends Named { statuses: string[] }
export interface RegulationSummary {
  id: string; version: number; name: string; source?: string; file?: string; uin_prefix?: string;
  in_force_from?: string; in_force_until?: string | null; in_force?: boolean; verdict: string; error?: unknown;
}
/** An organization of a regulation (GET /regulations/{id}); `competence` holds category codes,
 * "category/subcategory" codes or "*". INN and coordination of subordinates are read when present. */
export interface Organization extends Named {
  parent?: string; connected?: boolean; default_coordinator?: boolean; competence?: string[];
  coordinates_subordinates?: boolean; inn?: string; categories?: string[];
  /** Subject codes it serves; empty: every region (federal). */
  regions?: string[];
}
export interface Regulation extends RegulationSummary {
  statuses?: Named[]; channels?: Named[]; categories?: Category[]; priorities?: Named[];
  clocks?: Named[]; pending_reasons?: Named[]; stages?: Named[]; actions?: ActionSpec[];
  groups?: Named[]; organizations?: Organization[];
  lists?: QueueList[]; [k: string]: unknown;
}

export interface KbBase { code: string; name: string; parent: string; regulation: string; region: string }
export interface KbArticle {
  id: number; key: string; base: string; regulation: string; kind: 'faq' | 'script';
  category: string; category_name: string; audience: string[]; region_scope: string | null;
  question: string; answer: string; keywords: string[]; published: boolean; version: number;
  origin_key: string; locally_edited: boolean; updated_at: string; updated_by: string;
}
/** The editable fields of an article (POST creates, PATCH with `version` edits). */
export type KbArticleFields = Pick<KbArticle, 'base' | 'kind' | 'category' | 'category_name' | 'audience' | 'question' | 'answer' | 'keywords' | 'published'>
  & { region_scope: string; key?: string };
export interface KbHit { id: number; key: string; base: string; category: string; question: string; answer: string; score: number }
/** `confident`: the judgement the chatbot and the help site act on (issue 15). */
export interface KbSearchResult { items: KbHit[]; corrected?: string; confident?: boolean; confidence?: number }
/** The settings of a base (POST creates with `code`; PATCH changes the others). */
export type KbBaseFields = Partial<KbBase>;
/** One saved version: each changed field as [before, after] (lists and flags as JSON text). */
export interface KbRevision { version: number; at: string; actor: string; changes: Record<string, [string, string]> }
export interface KbSynonyms { base: string; groups: string[][] }
export interface Suggestions extends KbSearchResult { scripts: KbHit[] }

/** A request body sent as it is (CSV import), not as JSON. */
export class RawBody { constructor(public type: string, public text: string) {} }

let csrfToken = '';

export async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
  if (body instanceof RawBody) {
    (init.headers as Record<string, string>)['Content-Type'] = body.type;
    init.body = body.text;
  } else if (body !== undefined) {
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
  if (!response.ok) throw failure(response, data);
  return data as T;
}

function failure(response: Response, data: unknown): ApiError {
  const e = (data as { error?: { code?: string; message?: string; fields?: FieldError[] } } | null)?.error;
  if (response.status === 401) onUnauthorized();
  return new ApiError(response.status, e?.code ?? 'http_' + response.status, e?.message ?? `Ошибка ${response.status}`, e?.fields ?? []);
}

/** A GET whose answer is not JSON (CSV export); errors come as JSON all the same. */
async function requestText(path: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch('/api/v1' + path, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'Сервер недоступен: проверьте соединение');
  }
  const text = await response.text();
  if (!response.ok) {
    let data: unknown = null;
    try { data = JSON.parse(text); } catch { data = null; }
    throw failure(response, data);
  }
  return text;
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
    const r = await request<{ token: string; csrf_token: string; user: User; permissions?: string[] }>('POST', '/auth/login', { login, password });
    csrfToken = r.csrf_token;
    return { ...r.user, permissions: r.permissions };
  },
  async me() {
    const r = await request<{ user: User; csrf_token?: string; permissions?: string[] }>('GET', '/auth/me');
    if (r.csrf_token) csrfToken = r.csrf_token;
    return { ...r.user, permissions: r.permissions };
  },
  logout: () => request<void>('POST', '/auth/logout').finally(() => { csrfToken = ''; }),

  listAppeals: (params: Record<string, string | number | boolean | undefined>) =>
    request<{ items: Appeal[]; next: string | null; total?: number | null }>('GET', '/appeals' + qs(params)),
  /** Issue 16: how many appeals a list with these filters holds (the server's count, same scope). */
  countAppeals: (params: Record<string, string | number | boolean | undefined>) =>
    request<{ total: number | null }>('GET', '/appeals' + qs({ ...params, count: 'only' })),
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
  conversation: (uin: string) => request<Conversation>('GET', `/appeals/${enc(uin)}/conversation`),
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
  regions: () => request<{ items: { code: string; name: string; time_zone: string }[] }>('GET', '/regions'),
  personalDataLog: (uin?: string) => request<{ items: Record<string, unknown>[] }>('GET', '/audit/personal-data' + qs({ uin })),
  regulations: () => request<{ items: RegulationSummary[] }>('GET', '/regulations'),
  regulation: (id: string) => request<Regulation>('GET', '/regulations/' + enc(id)),

  deliveries: () => request<{ items: Delivery[] }>('GET', '/deliveries'),
  confirmDelivery: (id: number, channel: string, comment: string) =>
    request<{ id: number; uin: string; delivered_via: string; status: string }>('POST', '/deliveries/' + id,
      comment.trim() ? { channel, comment: comment.trim() } : { channel }),

  suggestions: (uin: string) => request<Suggestions>('GET', `/appeals/${enc(uin)}/suggestions`),
  kbBases: () => request<{ items: KbBase[] }>('GET', '/kb/bases'),
  createKbBase: (body: KbBaseFields) => request<KbBase>('POST', '/kb/bases', body),
  configureKbBase: (code: string, body: KbBaseFields) => request<KbBase>('PATCH', `/kb/bases/${enc(code)}`, body),
  kbArticles: (params: { base?: string; published?: boolean; kind?: string }) =>
    request<{ items: KbArticle[] }>('GET', '/kb/articles' + qs(params)),
  kbArticle: (id: number) => request<KbArticle>('GET', '/kb/articles/' + id),
  createKbArticle: (body: KbArticleFields) => request<KbArticle>('POST', '/kb/articles', body),
  updateKbArticle: (id: number, version: number, body: Partial<KbArticleFields>) =>
    request<KbArticle>('PATCH', '/kb/articles/' + id, { ...body, version }),
  deleteKbArticle: (id: number) => request<void>('DELETE', '/kb/articles/' + id),
  kbVersions: (id: number) => request<{ items: KbRevision[] }>('GET', `/kb/articles/${id}/versions`),
  kbSearch: (params: { q: string; base?: string; regulation?: string; region?: string; audience?: string; limit?: number }) =>
    request<KbSearchResult>('GET', '/kb/search' + qs(params)),
  kbScripts: (q: string, regulation?: string) => request<KbSearchResult>('GET', '/kb/scripts' + qs({ q, regulation, limit: 10 })),
  kbExport: (base?: string) => request<{ items: KbArticle[] }>('GET', '/kb/export' + qs({ base })),
  kbExportCsv: (base?: string) => requestText('/kb/export' + qs({ base, format: 'csv' })),
  kbImport: (items: unknown[]) => request<{ imported: number }>('POST', '/kb/import', { items }),
  kbImportCsv: (csv: string) => request<{ imported: number }>('POST', '/kb/import?format=csv', new RawBody('text/csv', csv)),
  publishKb: (base: string) => request<{ published: number }>('POST', `/kb/bases/${enc(base)}/publish`),
  kbSynonyms: (base: string) => request<KbSynonyms>('GET', `/kb/bases/${enc(base)}/synonyms`),
  setKbSynonyms: (base: string, groups: string[][]) => request<KbSynonyms>('PUT', `/kb/bases/${enc(base)}/synonyms`, { groups }),
};

/** Whether the server lets this user do `permission` (its RoleAllows, sent with the user). */
export const can = (u: User, permission: string) => !!u.permissions?.includes(permission);
export const canManageKnowledge = (u: User) => can(u, 'manage_knowledge');
export const canWorkAppeals = (u: User) => can(u, 'work_appeals');

// Regulations change rarely: one fetch per page load.
const regulationCache = new Map<string, Promise<Regulation | null>>();
export function regulationOf(id: string): Promise<Regulation | null> {
  if (!regulationCache.has(id)) regulationCache.set(id, api.regulation(id).catch(() => null));
  return regulationCache.get(id)!;
}
