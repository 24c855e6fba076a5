import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { IpcCodecError, decodeIpcRequest, encodeIpcRequest } from '../../../../main/preview/ipc-codec';

describe('the preview’s IPC encoding', () => {
  test('a frame request comes back with its bytes intact and in place', () => {
    const data = new Uint8Array(640 * 480 * 4).map((_, i) => i % 251);
    const request = { sessionId: 'x', timestampMs: 12.5, width: 640, height: 480, data };
    const { data: back, ...rest } = decodeIpcRequest(encodeIpcRequest(request)) as typeof request;
    expect(rest).toEqual({ sessionId: 'x', timestampMs: 12.5, width: 640, height: 480 });
    expect(back).toBeInstanceOf(Uint8Array);
    expect(Buffer.compare(Buffer.from(back), Buffer.from(data))).toBe(0);
  });

  test('JSON values and any number of byte arrays round-trip', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.uint8Array({ maxLength: 64 }),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(
          fc.string().filter((k) => k !== '$bytes' && k !== '__proto__'),
          tie('node'),
          { maxKeys: 4 },
        ),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(decodeIpcRequest(encodeIpcRequest(v))).toEqual(v);
      }),
    );
  });

  test('arbitrary bytes never throw anything but an IpcCodecError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeIpcRequest(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(IpcCodecError);
        }
      }),
    );
  });

  test('a byte array that claims more bytes than were sent is refused', () => {
    const header = new TextEncoder().encode(JSON.stringify({ data: { $bytes: 0, length: 100 } }));
    const body = new Uint8Array(4 + header.length + 10);
    new DataView(body.buffer).setUint32(0, header.length, true);
    body.set(header, 4);
    expect(() => decodeIpcRequest(body)).toThrow(/runs past the request/);
  });

  test('bytes that no field accounts for are refused', () => {
    const encoded = encodeIpcRequest({ a: 1 });
    const padded = new Uint8Array(encoded.length + 3);
    padded.set(encoded);
    expect(() => decodeIpcRequest(padded)).toThrow(/no field accounts for/);
  });
});
