// Device status vocabulary shared by every driver (bitfocus companion's), and the coded errors a
// driver reports. Tests assert codes, not text.

export const DEVICE_STATUSES = [
  'ok',
  'connecting',
  'disconnected',
  'connection_failure',
  'bad_config',
  'protocol_error',
] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

export interface DeviceStatusReport {
  device: string;
  status: DeviceStatus;
  /** Human-readable detail for the technician page. */
  message?: string;
  at: number;
}

export const BRIDGE_ERROR_CODES = [
  'E_TIMEOUT',
  'E_NOT_CONNECTED',
  'E_REJECTED',
  'E_PROTOCOL',
  'E_BAD_COMMAND',
] as const;
export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];

export class BridgeError extends Error {
  readonly code: BridgeErrorCode;
  constructor(code: BridgeErrorCode, message: string) {
    super(message);
    this.name = 'BridgeError';
    this.code = code;
  }
}

/** A key pressed at a seat, from any seat device (MQTT seat unit, conference system). */
export interface SeatInput {
  seat: number;
  key: string;
  action: 'press' | 'release';
  at: number;
  /** Which device and unit it came from, for the log. */
  source: string;
  uid?: string;
}
