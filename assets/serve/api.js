// Talks to the serve API. The token came in the page's URL: it is kept for this tab, sent as a
// header with every request, and removed from the address bar so it is not shared by accident.
const params = new URLSearchParams(location.search);
if (params.get('token')) {
  sessionStorage.setItem('socialcal-token', params.get('token'));
  history.replaceState(null, '', location.pathname + location.hash);
}
const token = sessionStorage.getItem('socialcal-token') || '';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || (body && body.message) || 'HTTP ' + status);
    this.status = status;
    this.body = body;
  }
}

export async function call(method, path, body) {
  const init = { method, headers: { 'x-socialcal-token': token } };
  if (body instanceof Blob) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export function events(onChange) {
  const source = new EventSource('/api/events');
  source.addEventListener('change', (e) => onChange(JSON.parse(e.data || '{}')));
  return source;
}
