export { authenticate, presentedKey } from './authenticate.js';
export type { Authenticated, AuthMode, RequestHeaders } from './authenticate.js';
export { checkAdmin } from './check-admin.js';
export { assertAllowed, isAllowed } from './is-allowed.js';
