import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DeviceManager } from '@room/bridge';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Accounts } from '../auth/accounts.ts';
import type { Sessions } from '../auth/sessions.ts';
import type { Directory } from '../people/directory.ts';
import type { RoomController } from '../room/room-controller.ts';
import type { Principal } from './access.ts';
import type { MeetingRole, RouteAccess } from './permissions.ts';

export type Audit = (event: {
  type: string;
  actor: string;
  payload: Record<string, unknown>;
}) => Promise<unknown>;

/** People and their access: the directory, local accounts, login sessions. */
export interface People {
  directory: Directory;
  accounts: Accounts;
  sessions: Sessions;
}

/** What the permission check needs to know of meetings (the meetings service answers). */
export interface MeetingAccess {
  /** The meeting in progress (or paused) in this room, if any. */
  currentId(): string | null;
  /** A person's roles in a meeting; null when there is no such meeting. */
  rolesOf(meetingId: string, personId: string): ReadonlySet<MeetingRole> | null;
  /** The seat a person holds in a meeting's seat plan. */
  seatOf(meetingId: string, personId: string): number | undefined;
}

/** A route's access: the action, and how to find the unit the request is about. */
export interface RouteConfigAccess extends RouteAccess {
  /** The unit of the request's target (after validation, so the body can be read). */
  unit?: (req: FastifyRequest) => string | null | undefined;
}

export type FastifyTypebox = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression<RawServerDefault>,
  RawReplyDefaultExpression<RawServerDefault>,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    room: RoomController;
    devices: DeviceManager;
    /** Records a fact that is not the room's (a device changed, a command sent) in the event log. */
    audit: Audit;
    people: People;
    meetingAccess: MeetingAccess;
  }
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    access?: RouteConfigAccess;
  }
}
