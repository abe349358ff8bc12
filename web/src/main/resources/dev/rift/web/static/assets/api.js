// The control API client (docs/http.md): JSON in and out, the bearer token from sessionStorage,
// and the API's own error message carried to the page.

const TOKEN_KEY = 'rift.token';

/** An error answer of the API: {"error":{"status","code","message"}}. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let askForToken = async () => null;
let pendingAsk = null;
// Once the user closes the question without a token, the 5-second poll must not ask again and
// again: the 401 is shown instead, until the user asks for a refresh (askAgain).
let declined = false;

/**
 * Registers the page's way of asking for a token: (reason: string|null) => Promise<string|null>,
 * null when the user declines.
 */
export function onTokenNeeded(ask) {
  askForToken = ask;
}

/** Lets the next 401 ask for a token again after the user declined once. */
export function askAgain() {
  declined = false;
}

// Requests that meet a 401 at the same moment share one question to the user.
async function obtainToken(rejected) {
  if (declined) return null;
  if (!pendingAsk) {
    pendingAsk = (async () => {
      try {
        const token = await askForToken(rejected ? 'The token was refused; enter it again.' : null);
        if (token) sessionStorage.setItem(TOKEN_KEY, token);
        else declined = true;
        return token;
      } finally {
        pendingAsk = null;
      }
    })();
  }
  return pendingAsk;
}

async function errorOf(res) {
  const text = await res.text().catch(() => '');
  try {
    const e = JSON.parse(text).error;
    if (e && e.message) return new ApiError(res.status, e.code || 'error', e.message);
  } catch (ignored) {
    // not JSON: fall through to the status line
  }
  const detail = text.trim().slice(0, 200);
  return new ApiError(res.status, 'http_' + res.status, `HTTP ${res.status} ${res.statusText}${detail ? ': ' + detail : ''}`);
}

/** api('GET', '/api/branches') → parsed JSON; throws ApiError. */
export async function api(method, path, body) {
  for (let attempt = 0; attempt < 4; attempt++) {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = 'Bearer ' + token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (e) {
      throw new ApiError(0, 'unreachable', `rift does not answer (${e.message})`);
    }
    if (res.status === 401) {
      if (token && sessionStorage.getItem(TOKEN_KEY) === token) sessionStorage.removeItem(TOKEN_KEY);
      const fresh = await obtainToken(Boolean(token));
      if (!fresh) throw await errorOf(res);
      continue;
    }
    if (!res.ok) throw await errorOf(res);
    if (res.status === 204) return null;
    return res.json();
  }
  throw new ApiError(401, 'unauthorized', 'the token was refused');
}

/** Path segment for a branch name (names are [a-z0-9_-], but never trust that in a URL). */
export function seg(name) {
  return encodeURIComponent(name);
}
