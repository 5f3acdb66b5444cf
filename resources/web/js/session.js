// The token lives in sessionStorage: it survives a reload but not the tab, and is never sent anywhere but
// the gateway's Authorization header and WebSocket `auth` frame.
const TOKEN_KEY = 'airdisplay.token';
const ROLE_KEY = 'airdisplay.role';

export function savedToken() {
    return sessionStorage.getItem(TOKEN_KEY);
}

export function savedRole() {
    return sessionStorage.getItem(ROLE_KEY);
}

export function saveSession(token, role) {
    sessionStorage.setItem(TOKEN_KEY, token);
    if (role)
        sessionStorage.setItem(ROLE_KEY, role);
}

export function clearSession() {
    sessionStorage.clear();
}

export function canSubmit(role) {
    return ['operator', 'dispatcher', 'admin'].includes(role);
}

export function canDispatch(role) {
    return ['dispatcher', 'admin'].includes(role);
}
