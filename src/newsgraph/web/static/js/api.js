// The JSON API, as the page uses it.

export class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

export function url(path, params) {
  const u = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v === null || v === undefined || v === "") continue;
    for (const x of [v].flat()) if (x !== null && x !== undefined && x !== "") u.searchParams.append(k, x);
  }
  return u.pathname + u.search;
}

export async function api(path, params, { signal } = {}) {
  let r;
  try {
    r = await fetch(url(path, params), { headers: { Accept: "application/json" }, signal });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ApiError(0, "network", "the server cannot be reached: is `newsgraph serve` running?");
  }
  let body = null;
  try { body = await r.json(); } catch (e) { /* not JSON */ }
  if (!r.ok) {
    const err = (body && body.error) || {};
    throw new ApiError(r.status, err.code || "error", err.message || `${r.status} ${r.statusText}`);
  }
  return body;
}
