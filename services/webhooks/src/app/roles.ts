import type { Role } from '@lexfin/platform';

/**
 * Who may see and manage the firm's webhook endpoints and deliveries: the firm's administrator
 * (who connects practice-management software) and operations (who watch and replay deliveries).
 */
export const WEBHOOK_MANAGERS: Role[] = ['firm_admin', 'ops'];
