import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DeviceManager } from '@room/bridge';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { RoomController } from '../room/room-controller.ts';
import type { Principal } from './access.ts';
import type { RouteAccess } from './permissions.ts';

export type Audit = (event: {
  type: string;
  actor: string;
  payload: Record<string, unknown>;
}) => Promise<unknown>;

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
  }
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}
