// Roles a person holds everywhere (R-ROLE-1..4). Chair, secretary and document approver are given
// per meeting, on the meeting (issue 4), and delegates are whoever a meeting invites; those are
// computed from the meeting, never stored on the person.
export const GLOBAL_ROLES = ['sysadmin', 'unit_admin', 'organiser', 'technician'] as const;
export type GlobalRole = (typeof GLOBAL_ROLES)[number];
