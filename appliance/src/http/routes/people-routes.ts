// The directory and accounts (R-ROLE-5, R-ACC-1, R-ACC-3): units, steering committees, persons,
// their global roles and local accounts. A unit administrator manages their own unit only
// (R-ROLE-2): every route names the unit it touches (`unit` in its access), and the permission
// table grants `unit_admin` only when it is theirs. Every change is an event in the log, with who
// made it and, for roles, what they were before. One-time passwords appear once, in the answer to
// the administrator who asked; the log records that one was issued, never the password.
// Refusals of the directory and accounts (DirectoryError, AccountError) carry their HTTP status and
// are answered by the app's error handler.
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Person } from '../../people/directory.ts';
import { GLOBAL_ROLES, type GlobalRole } from '../../people/roles.ts';
import { actorName } from '../access.ts';
import type { FastifyTypebox, RouteConfigAccess } from '../app-types.ts';
import { ErrorBody } from '../errors.ts';
import { accessContext } from '../identify.ts';
import { authorize } from '../permissions.ts';

const access = (a: RouteConfigAccess) => ({ access: a });
const Refused = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Opt = (max: number) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));
const Username = Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{2,63}$' });
const RoleSchema = Type.Enum([...GLOBAL_ROLES]);
/** A unit's own, shorter password lifetime (R-ACC-2: "monthly where a unit demands"); null: the deployment's. */
const ExpiryDays = Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 365 }), Type.Null()]));

const UnitSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  shortName: Type.Union([Type.String(), Type.Null()]),
  parentId: Type.Union([Type.String(), Type.Null()]),
  passwordExpiryDays: Type.Union([Type.Integer(), Type.Null()]),
  active: Type.Boolean(),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
const PersonSchema = Type.Object({
  id: Type.String(),
  unitId: Type.String(),
  fullName: Type.String(),
  title: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  ssoSubject: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.String()),
  active: Type.Boolean(),
  username: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
const CommitteeSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  unitId: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  members: Type.Array(Type.String()),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
const AccountStatus = Type.Object({
  username: Type.String(),
  mustChange: Type.Boolean(),
  passwordChangedAt: Type.Number(),
  passwordExpiresAt: Type.Number(),
  lockedUntil: Type.Union([Type.Number(), Type.Null()]),
  failedCount: Type.Number(),
  lastLoginAt: Type.Union([Type.Number(), Type.Null()]),
  oneTimeExpiresAt: Type.Union([Type.Number(), Type.Null()]),
});
const OneTime = Type.Object({
  person: PersonSchema,
  /** Shown once to the administrator, who hands it to the person; it must be changed at first login. */
  oneTimePassword: Type.String(),
  expiresAt: Type.Number(),
});

const PersonParam = Type.Object({ personId: Id }, { additionalProperties: false });
const UnitParam = Type.Object({ unitId: Id }, { additionalProperties: false });
const CommitteeParam = Type.Object({ committeeId: Id }, { additionalProperties: false });

const PersonFields = {
  fullName: Name,
  title: Opt(200),
  email: Type.Optional(
    Type.Union([Type.String({ maxLength: 200, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' }), Type.Null()]),
  ),
  phone: Type.Optional(
    Type.Union([Type.String({ maxLength: 30, pattern: '^[0-9+ ().-]{3,30}$' }), Type.Null()]),
  ),
  ssoSubject: Opt(255),
};

export function peopleRoutes(app: FastifyTypebox): void {
  const { directory, accounts } = app.people;
  const unitOfPerson = (req: FastifyRequest) =>
    directory.person((req.params as { personId: string }).personId)?.unitId ?? null;
  const audit = (req: FastifyRequest, type: string, payload: Record<string, unknown>) =>
    app.audit({ type, actor: actorName(req.principal), payload });
  const otpExpiry = () => Date.now() + accounts.settings.oneTimePasswordHours * 3_600_000;
  /** A check the table makes for one cell of a route (roles: admin roles need a system admin). */
  const may = (req: FastifyRequest, action: 'person.roles' | 'person.admin_roles', unitId: string | null) =>
    authorize(req.principal, { action }, { ...accessContext(req, { action }, app.meetingAccess), unitId });

  // --- units ---
  app.get(
    '/api/units',
    {
      config: access({ action: 'directory.read' }),
      schema: {
        tags: ['directory'],
        summary: 'Every unit (cơ quan, đơn vị)',
        response: { 200: Type.Array(UnitSchema), ...Refused },
      },
    },
    async () => directory.units(),
  );
  app.post(
    '/api/units',
    {
      config: access({ action: 'unit.manage' }),
      schema: {
        tags: ['directory'],
        summary: 'Create a unit',
        body: Type.Object(
          {
            name: Name,
            shortName: Opt(60),
            parentId: Type.Optional(Type.Union([Id, Type.Null()])),
            passwordExpiryDays: ExpiryDays,
          },
          { additionalProperties: false },
        ),
        response: { 201: UnitSchema, ...Refused },
      },
    },
    async (req, reply) => {
      const u = directory.createUnit(req.body);
      await audit(req, 'unit.created', { unit: u.id, name: u.name, parentId: u.parentId });
      return reply.code(201).send(u);
    },
  );
  app.patch(
    '/api/units/:unitId',
    {
      config: access({ action: 'unit.manage' }),
      schema: {
        tags: ['directory'],
        summary: 'Rename, move or deactivate a unit',
        params: UnitParam,
        body: Type.Object(
          {
            name: Type.Optional(Name),
            shortName: Opt(60),
            parentId: Type.Optional(Type.Union([Id, Type.Null()])),
            passwordExpiryDays: ExpiryDays,
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: UnitSchema, ...Refused },
      },
    },
    async (req) => {
      const u = directory.updateUnit(req.params.unitId, req.body);
      await audit(req, 'unit.updated', { unit: u.id, changes: req.body });
      return u;
    },
  );

  // --- committees ---
  app.get(
    '/api/committees',
    {
      config: access({ action: 'directory.read' }),
      schema: {
        tags: ['directory'],
        summary: 'Steering committees (Ban Chỉ đạo)',
        response: { 200: Type.Array(CommitteeSchema), ...Refused },
      },
    },
    async () => directory.committees(),
  );
  app.post(
    '/api/committees',
    {
      config: access({
        action: 'committee.manage',
        unit: (req) => (req.body as { unitId?: string | null }).unitId,
      }),
      schema: {
        tags: ['directory'],
        summary: 'Create a steering committee (a unit administrator: for their own unit)',
        body: Type.Object(
          {
            name: Name,
            unitId: Type.Optional(Type.Union([Id, Type.Null()])),
            members: Type.Optional(Type.Array(Id, { maxItems: 500, uniqueItems: true })),
          },
          { additionalProperties: false },
        ),
        response: { 201: CommitteeSchema, ...Refused },
      },
    },
    async (req, reply) => {
      const c = directory.createCommittee(req.body);
      await audit(req, 'committee.created', {
        committee: c.id,
        name: c.name,
        unitId: c.unitId,
        members: c.members,
      });
      return reply.code(201).send(c);
    },
  );
  app.patch(
    '/api/committees/:committeeId',
    {
      config: access({
        action: 'committee.manage',
        unit: (req) => directory.committee((req.params as { committeeId: string }).committeeId)?.unitId,
      }),
      schema: {
        tags: ['directory'],
        summary: 'Rename a committee, change its members, deactivate it',
        params: CommitteeParam,
        body: Type.Object(
          {
            name: Type.Optional(Name),
            members: Type.Optional(Type.Array(Id, { maxItems: 500, uniqueItems: true })),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: CommitteeSchema, ...Refused },
      },
    },
    async (req) => {
      const c = directory.updateCommittee(req.params.committeeId, req.body);
      await audit(req, 'committee.updated', { committee: c.id, changes: req.body });
      return c;
    },
  );

  // --- persons ---
  app.get(
    '/api/persons',
    {
      config: access({ action: 'directory.read' }),
      schema: {
        tags: ['directory'],
        summary: 'Persons, filtered by unit, text, state or role',
        querystring: Type.Object(
          {
            unitId: Type.Optional(Id),
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            active: Type.Optional(Type.Boolean()),
            role: Type.Optional(RoleSchema),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(PersonSchema), ...Refused },
      },
    },
    async (req) =>
      directory
        .persons(req.query as { unitId?: string; q?: string; active?: boolean; role?: GlobalRole })
        .map((p) => shown(req, p)),
  );
  app.get(
    '/api/persons/:personId',
    {
      config: access({ action: 'directory.read' }),
      schema: {
        tags: ['directory'],
        summary: 'One person',
        params: PersonParam,
        response: { 200: PersonSchema, ...Refused },
      },
    },
    async (req, reply) => {
      const p = directory.person(req.params.personId);
      if (!p)
        return reply
          .code(404)
          .send({ error: { code: 'E_NOT_FOUND', message: `no person ${req.params.personId}` } });
      return shown(req, p);
    },
  );
  app.post(
    '/api/persons',
    {
      config: access({ action: 'person.manage', unit: (req) => (req.body as { unitId: string }).unitId }),
      schema: {
        tags: ['directory'],
        summary: 'Add a person to a unit; with a username, also a local account and its one-time password',
        body: Type.Object(
          {
            unitId: Id,
            ...PersonFields,
            roles: Type.Optional(Type.Array(RoleSchema, { uniqueItems: true })),
            username: Type.Optional(Username),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            person: PersonSchema,
            oneTimePassword: Type.Optional(Type.String()),
            expiresAt: Type.Optional(Type.Number()),
          }),
          ...Refused,
        },
      },
    },
    async (req, reply) => {
      const { username, roles = [], ...input } = req.body;
      const refused = rolesRefused(req, roles, [], input.unitId);
      if (refused) return reply.code(403).send(refused);
      const made = username
        ? await accounts.createWithPerson(input, roles, username)
        : { person: directory.createPerson(input, roles), oneTimePassword: undefined };
      const person = made.person;
      await audit(req, 'person.created', {
        person: person.id,
        unitId: person.unitId,
        fullName: person.fullName,
        roles,
      });
      if (!made.oneTimePassword) return reply.code(201).send({ person });
      await audit(req, 'account.created', { person: person.id, username });
      return reply.code(201).send({ person, oneTimePassword: made.oneTimePassword, expiresAt: otpExpiry() });
    },
  );
  app.patch(
    '/api/persons/:personId',
    {
      config: access({ action: 'person.manage', unit: unitOfPerson }),
      schema: {
        tags: ['directory'],
        summary: "Change a person's details (moving to another unit: an administrator of both)",
        params: PersonParam,
        body: Type.Object(
          {
            unitId: Type.Optional(Id),
            ...Object.fromEntries(Object.entries(PersonFields).map(([k, v]) => [k, Type.Optional(v)])),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: PersonSchema, ...Refused },
      },
    },
    async (req, reply) => {
      const body = req.body as Partial<Person> & { unitId?: string };
      if (body.unitId) {
        const d = authorize(
          req.principal,
          { action: 'person.manage' },
          { ...accessContext(req, { action: 'person.manage' }, app.meetingAccess), unitId: body.unitId },
        );
        if (!d.ok)
          return reply.code(403).send({ error: { code: d.code, message: `${d.message} in the new unit` } });
      }
      const p = directory.updatePerson(req.params.personId, body);
      await audit(req, 'person.updated', { person: p.id, changes: body });
      return p;
    },
  );
  app.put(
    '/api/persons/:personId/roles',
    {
      config: access({ action: 'person.roles', unit: unitOfPerson }),
      schema: {
        tags: ['directory'],
        summary: "Set a person's global roles (administrator roles: a system administrator only)",
        params: PersonParam,
        body: Type.Object(
          { roles: Type.Array(RoleSchema, { uniqueItems: true }) },
          { additionalProperties: false },
        ),
        response: { 200: PersonSchema, ...Refused },
      },
    },
    async (req, reply) => {
      const before = directory.person(req.params.personId);
      if (!before)
        return reply
          .code(404)
          .send({ error: { code: 'E_NOT_FOUND', message: `no person ${req.params.personId}` } });
      const refused = rolesRefused(req, req.body.roles, before.roles, before.unitId);
      if (refused) return reply.code(403).send(refused);
      if (
        before.roles.includes('sysadmin') &&
        !req.body.roles.includes('sysadmin') &&
        directory.countWithRole('sysadmin') <= 1
      ) {
        return reply
          .code(409)
          .send({ error: { code: 'E_LAST_ADMIN', message: 'the last system administrator keeps the role' } });
      }
      const p = directory.setRoles(before.id, req.body.roles);
      await audit(req, 'person.roles_changed', { person: p.id, before: before.roles, after: p.roles });
      return p;
    },
  );
  for (const [path, active] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    app.post(
      `/api/persons/:personId/${path}`,
      {
        config: access({ action: 'person.manage', unit: unitOfPerson }),
        schema: {
          tags: ['directory'],
          summary: active
            ? 'A person returns: they can log in again'
            : 'A person leaves (R-ACC-1): their account is disabled, their sessions end; nothing is deleted',
          params: PersonParam,
          body: Type.Optional(Type.Object({}, { additionalProperties: false })),
          response: { 200: PersonSchema, ...Refused },
        },
      },
      async (req, reply) => {
        const before = directory.person(req.params.personId);
        if (!before)
          return reply
            .code(404)
            .send({ error: { code: 'E_NOT_FOUND', message: `no person ${req.params.personId}` } });
        if (!active && before.roles.includes('sysadmin') && directory.countWithRole('sysadmin') <= 1) {
          return reply.code(409).send({
            error: { code: 'E_LAST_ADMIN', message: 'the last system administrator cannot be deactivated' },
          });
        }
        const p = directory.setActive(before.id, active);
        const ended = active ? 0 : app.people.sessions.destroyFor(p.id);
        await audit(req, active ? 'person.activated' : 'person.deactivated', {
          person: p.id,
          sessionsEnded: ended,
        });
        return p;
      },
    );
  }
  app.get(
    '/api/persons/:personId/account',
    {
      config: access({ action: 'person.manage', unit: unitOfPerson }),
      schema: {
        tags: ['directory'],
        summary: "A person's local account: expiry, lock, last login (never the password)",
        params: PersonParam,
        response: { 200: AccountStatus, ...Refused },
      },
    },
    async (req, reply) =>
      accounts.status(req.params.personId) ??
      reply.code(404).send({ error: { code: 'E_NOT_FOUND', message: 'this person has no local account' } }),
  );
  app.post(
    '/api/persons/:personId/account',
    {
      config: access({ action: 'person.manage', unit: unitOfPerson }),
      schema: {
        tags: ['directory'],
        summary: 'Give a person a local account; answers its one-time password (shown once)',
        params: PersonParam,
        body: Type.Object({ username: Username }, { additionalProperties: false }),
        response: { 201: OneTime, ...Refused },
      },
    },
    async (req, reply) => {
      const otp = await accounts.create(req.params.personId, req.body.username);
      await audit(req, 'account.created', { person: req.params.personId, username: req.body.username });
      return reply.code(201).send({
        person: directory.person(req.params.personId)!,
        oneTimePassword: otp,
        expiresAt: otpExpiry(),
      });
    },
  );
  app.post(
    '/api/persons/:personId/password-reset',
    {
      config: access({ action: 'person.manage', unit: unitOfPerson }),
      schema: {
        tags: ['directory'],
        summary: 'Reset a password (R-ACC-3): a one-time password that must be changed at first login',
        params: PersonParam,
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 200: OneTime, ...Refused },
      },
    },
    async (req) => {
      const otp = await accounts.reset(req.params.personId);
      await audit(req, 'account.password_reset', { person: req.params.personId });
      return {
        person: directory.person(req.params.personId)!,
        oneTimePassword: otp,
        expiresAt: otpExpiry(),
      };
    },
  );

  /**
   * The directory as a colleague sees it: names, titles, contact, roles. The SSO subject (the
   * province's identifier of the person) is for those who manage the person.
   */
  function shown(req: FastifyRequest, p: Person): Person {
    const manages = authorize(
      req.principal,
      { action: 'person.manage' },
      { ...accessContext(req, { action: 'person.manage' }, app.meetingAccess), unitId: p.unitId },
    ).ok;
    return manages ? p : { ...p, ssoSubject: null };
  }

  /** Giving or taking a role needs `person.roles`; administrator roles need `person.admin_roles`. */
  function rolesRefused(
    req: FastifyRequest,
    next: readonly GlobalRole[],
    before: readonly GlobalRole[],
    unitId: string,
  ) {
    const changed = GLOBAL_ROLES.filter((r) => next.includes(r) !== before.includes(r));
    if (changed.length === 0) return null;
    const adminRoles = changed.some((r) => r === 'sysadmin' || r === 'unit_admin');
    for (const action of adminRoles
      ? (['person.roles', 'person.admin_roles'] as const)
      : (['person.roles'] as const)) {
      const d = may(req, action, unitId);
      if (!d.ok) return { error: { code: d.code, message: `${d.message} (${changed.join(', ')})` } };
    }
    return null;
  }
}
