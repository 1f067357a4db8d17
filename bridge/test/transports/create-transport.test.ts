// Transport URLs: the good ones pick the right transport with the right settings; every bad one is a
// TransportUrlError whose message tells the technician what to fix (the device becomes bad_config).
import { describe, expect, it } from 'vitest';
import {
  createTransport,
  parseTransportUrl,
  TransportUrlError,
} from '../../src/transports/create-transport.ts';
import { SerialTransport } from '../../src/transports/serial-transport.ts';
import { SimTransport } from '../../src/transports/sim-transport.ts';
import { TcpTransport } from '../../src/transports/tcp-transport.ts';
import { UdpTransport } from '../../src/transports/udp-transport.ts';

describe('createTransport', () => {
  it('builds each kind from a good URL without opening it', () => {
    const serial = createTransport('serial:///dev/ttyUSB0');
    expect(serial).toBeInstanceOf(SerialTransport);
    expect(serial.isOpen).toBe(false);
    expect(serial.url).toBe('serial:///dev/ttyUSB0');
    expect(createTransport('tcp://10.0.0.5:2202')).toBeInstanceOf(TcpTransport);
    expect(createTransport('udp://mixer.local:10023')).toBeInstanceOf(UdpTransport);
    expect(createTransport('sim://dcs-1')).toBeInstanceOf(SimTransport);
  });

  it('defaults serial to 9600 8N1 and reads the options from the query', () => {
    expect(parseTransportUrl('serial:///dev/ttyUSB0')).toEqual({
      scheme: 'serial',
      options: { path: '/dev/ttyUSB0', baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
    });
    expect(
      parseTransportUrl(
        'serial:///dev/serial/by-id/usb-FTDI_A%20B?baudRate=38400&dataBits=7&parity=even&stopBits=2',
      ),
    ).toEqual({
      scheme: 'serial',
      options: {
        path: '/dev/serial/by-id/usb-FTDI_A B',
        baudRate: 38400,
        dataBits: 7,
        parity: 'even',
        stopBits: 2,
      },
    });
  });

  it('reads host and port, IPv6 included', () => {
    expect(parseTransportUrl('tcp://10.0.0.5:2202')).toEqual({ scheme: 'tcp', host: '10.0.0.5', port: 2202 });
    expect(parseTransportUrl('udp://[::1]:9000/')).toEqual({ scheme: 'udp', host: '::1', port: 9000 });
    expect(parseTransportUrl('TCP://dcs.local:1')).toEqual({ scheme: 'tcp', host: 'dcs.local', port: 1 });
    expect(parseTransportUrl('sim://room_1.dcs')).toEqual({ scheme: 'sim', name: 'room_1.dcs' });
  });

  it.each([
    ['', /not a transport URL/],
    ['/dev/ttyUSB0', /not a transport URL.*serial:\/\/\/dev\/ttyUSB0/],
    ['mqtt://broker:1883', /unknown scheme "mqtt:"/],
    ['http://10.0.0.5:80', /unknown scheme "http:"/],
    ['serial://dev/ttyUSB0', /three slashes/],
    ['serial://', /three slashes/],
    ['serial:///dev/', /folder/],
    ['serial:///dev/ttyUSB0?baudRate=fast', /baudRate must be a whole number.*"fast"/],
    ['serial:///dev/ttyUSB0?baudRate=0', /baudRate must be/],
    ['serial:///dev/ttyUSB0?baudRate=9600.5', /baudRate must be/],
    ['serial:///dev/ttyUSB0?dataBits=9', /dataBits must be 5, 6, 7 or 8, got "9"/],
    ['serial:///dev/ttyUSB0?parity=maybe', /parity must be one of none, even, odd, got "maybe"/],
    ['serial:///dev/ttyUSB0?parity=mark', /parity must be one of none, even, odd/],
    ['serial:///dev/ttyUSB0?stopBits=3', /stopBits must be 1, 1.5 or 2/],
    ['serial:///dev/ttyUSB0?baudrate=19200', /unknown serial option "baudrate"; known: baudRate/],
    ['serial:///dev/tty%ZZ', /%-escape/],
    ['tcp://10.0.0.5', /missing port, e\.g\. tcp:\/\/10\.0\.0\.5:2202/],
    ['tcp://10.0.0.5:', /missing port/],
    ['tcp://:2202', /missing host/],
    ['tcp://10.0.0.5:0', /port must be a number from 1 to 65535, got "0"/],
    ['udp://10.0.0.5:70000', /port must be .* got "70000"/],
    ['tcp://10.0.0.5:http', /port must be/],
    ['tcp://10.0.0.5:2202/path', /only host:port/],
    ['udp://10.0.0.5:2202?x=1', /only host:port/],
    ['tcp://user@10.0.0.5:2202', /only host:port/],
    ['tcp://bad_host!:2202', /bad host/],
    ['tcp://[nonsense]:2202', /bad host/],
    ['sim://', /simulator needs a name/],
    ['sim://a/b', /simulator needs a name/],
  ])('rejects %j', (url, message) => {
    let error: unknown;
    try {
      createTransport(url);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TransportUrlError);
    expect((error as TransportUrlError).url).toBe(url);
    expect((error as Error).message).toMatch(message);
  });
});
