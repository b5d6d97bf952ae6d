import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checksum, encodeFrame } from '../../devices/intercom/checksum.js';
import { MAX_FRAME, PanelFramer } from '../../devices/intercom/framer.js';
import { parseBody, type PanelMessage } from '../../devices/intercom/messages.js';

function frameAll(...chunks: (string | Buffer)[]): { messages: PanelMessage[]; framer: PanelFramer } {
  const framer = new PanelFramer();
  const messages: PanelMessage[] = [];
  framer.on('data', (m: PanelMessage) => messages.push(m));
  for (const c of chunks) framer.write(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
  framer.end();
  return { messages, framer };
}

describe('panel framing', () => {
  it('the protocol document\'s examples have the checksums it gives', () => {
    expect(checksum('HB,17,3600')).toBe('09');
    expect(encodeFrame('CALL,41,C7F2,B03-U1-1202').toString()).toBe('$CALL,41,C7F2,B03-U1-1202*0F\r\n');
    expect(encodeFrame('ACK,41').toString()).toBe('$ACK,41*60\r\n');
    expect(encodeFrame('ANSWER,5,C7F2').toString()).toBe('$ANSWER,5,C7F2*29\r\n');
    expect(encodeFrame('END,43,C7F2,95').toString()).toBe('$END,43,C7F2,95*68\r\n');
  });

  it('reads every message type, with CR LF or a bare LF, split across chunks anywhere', () => {
    const text =
      '$BOOT,0,FW2.1*' + checksum('BOOT,0,FW2.1') + '\r\n' +
      '$CALL,41,C7F2,B03-U1-1202*0F\n' +
      '$TALK,42,C7F2*14\r\n$END,43,C7F2,95*68\r\n' +
      `$CANCEL,44,A1*${checksum('CANCEL,44,A1')}\n` +
      `$ALARM,45,G01,SOS*${checksum('ALARM,45,G01,SOS')}\r\n` +
      `$DOOR,46,G01,HELD*${checksum('DOOR,46,G01,HELD')}\r\n` +
      `$FAULT,47,L01,OFFLINE*${checksum('FAULT,47,L01,OFFLINE')}\r\n` +
      '$ACK,5*50\r\n$HB,17,3600*09\r\n';
    const bytes = Buffer.from(text, 'latin1');
    const pieces = [bytes.subarray(0, 7), bytes.subarray(7, 8), bytes.subarray(8, 60), bytes.subarray(60)];
    const { messages, framer } = frameAll(...pieces);
    expect(messages.map((m) => m.type)).toEqual(['BOOT', 'CALL', 'TALK', 'END', 'CANCEL', 'ALARM', 'DOOR', 'FAULT', 'ACK', 'HB']);
    expect(messages[1]).toEqual({ type: 'CALL', seq: 41, body: 'CALL,41,C7F2,B03-U1-1202', callId: 'C7F2', station: 'B03-U1-1202' });
    expect(messages[3]).toMatchObject({ type: 'END', durationSeconds: 95 });
    expect(Object.values(framer.discarded).every((n) => n === 0)).toBe(true);
  });

  it('discards and counts by reason: noise, over-long, bad checksum, cut short, unknown type, bad field', () => {
    const { messages, framer } = frameAll(
      'line noise\r\n',
      `$CALL,41,C7F2,B03-U1-1202*0E\r\n`,
      `$${'X'.repeat(200)}\r\n`,
      '$CALL,42,C7',
      `$ZAP,1*${checksum('ZAP,1')}\r\n`,
      `$CALL,4x3,C9,B03-U1-1202*${checksum('CALL,4x3,C9,B03-U1-1202')}\r\n`,
      `$ALARM,44,G01,SMOKE*${checksum('ALARM,44,G01,SMOKE')}\r\n`,
      '$CALL,45,C7F2,B03-U1-1202\r\n',
      '$TALK,42,C7F2*14\r\n',
    );
    expect(messages.map((m) => m.body)).toEqual(['TALK,42,C7F2']);
    expect(framer.discarded).toEqual({ 'no-dollar': 1, 'too-long': 1, 'bad-checksum': 1, 'bad-frame': 2, 'unknown-type': 1, 'bad-field': 2 });
  });

  it('a frame of exactly 128 bytes is taken, 129 is too long', () => {
    const make = (total: number, eol: string) => {
      const pad = total - '$BOOT,1,*XX'.length - eol.length;
      const body = `BOOT,1,${'F'.repeat(pad)}`;
      return `$${body}*${checksum(body)}${eol}`;
    };
    const ok = make(MAX_FRAME, '\r\n');
    const long = make(MAX_FRAME + 1, '\r\n');
    expect(ok.length).toBe(128);
    const { messages, framer } = frameAll(ok, long, make(MAX_FRAME, '\n'));
    expect(messages).toHaveLength(2);
    expect(framer.discarded['too-long']).toBe(1);
  });

  it('its buffer stays bounded: megabytes without a line end are dropped and the next frame still read', () => {
    const framer = new PanelFramer();
    const got: PanelMessage[] = [];
    framer.on('data', (m: PanelMessage) => got.push(m));
    const junk = Buffer.alloc(1 << 20, 0x41);
    junk[0] = 0x24;
    for (let i = 0; i < 8; i++) framer.write(junk);
    framer.write(Buffer.from('\r\n$TALK,42,C7F2*14\r\n'));
    expect(got.map((m) => m.body)).toEqual(['TALK,42,C7F2']);
    expect(framer.discarded['too-long']).toBe(8);
  });
});

/** A random valid panel message body. */
const validBody = fc.oneof(
  fc.tuple(fc.nat(9999), fc.stringMatching(/^[A-Z0-9]{1,8}$/), fc.constantFrom('B03-U1-1202', 'G01', 'L02', 'B1-U2-301')).map(([s, id, st]) => `CALL,${s},${id},${st}`),
  fc.tuple(fc.nat(9999), fc.stringMatching(/^[A-Za-z0-9]{1,8}$/)).map(([s, id]) => `TALK,${s},${id}`),
  fc.tuple(fc.nat(9999), fc.nat(100_000)).map(([s, u]) => `HB,${s},${u}`),
  fc.tuple(fc.nat(9999), fc.constantFrom('SOS', 'FIRE', 'GAS', 'TAMPER', 'DOOR_FORCED')).map(([s, k]) => `ALARM,${s},G01,${k}`),
);

describe('panel framing, property-based', () => {
  it('never throws on any bytes, and never emits anything from them but well-formed messages', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 10 }), (chunks) => {
        const { messages } = frameAll(...chunks.map((c) => Buffer.from(c)));
        for (const m of messages) expect(parseBody(m.body)).toEqual(m);
      }),
      { numRuns: 2_000 },
    );
  });

  it('emits exactly the frames whose checksum is right: none with a wrong one, every right one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(validBody, fc.boolean(), fc.nat(255), fc.uint8Array({ maxLength: 40 })), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 64 }),
        (items, chunkSize) => {
          const parts: Buffer[] = [];
          const right: string[] = [];
          for (const [body, correct, other, noise] of items) {
            const good = checksum(body);
            const wrong = other.toString(16).toUpperCase().padStart(2, '0');
            const cs = correct || wrong === good ? good : wrong;
            if (cs === good) right.push(body);
            // Noise without `$`, so that it cannot form a frame of its own.
            parts.push(Buffer.from(noise.map((b) => (b === 0x24 ? 0x20 : b))), Buffer.from(`\n$${body}*${cs}\r\n`, 'latin1'));
          }
          const all = Buffer.concat(parts);
          const chunks: Buffer[] = [];
          for (let i = 0; i < all.length; i += chunkSize) chunks.push(all.subarray(i, i + chunkSize));
          expect(frameAll(...chunks).messages.map((m) => m.body)).toEqual(right);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('emits every valid frame embedded in random noise, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(validBody, fc.uint8Array({ maxLength: 60 }), fc.boolean()), { minLength: 1, maxLength: 15 }),
        fc.integer({ min: 1, max: 50 }),
        (items, chunkSize) => {
          const parts: Buffer[] = [];
          for (const [body, noise, lf] of items) parts.push(Buffer.from(noise), encodeFrame(body, lf ? '\n' : '\r\n'));
          const all = Buffer.concat(parts);
          const chunks: Buffer[] = [];
          for (let i = 0; i < all.length; i += chunkSize) chunks.push(all.subarray(i, i + chunkSize));
          const { messages } = frameAll(...chunks);
          const expected = items.map(([body]) => body);
          // Every valid frame is there, in order; noise may by chance add a valid message of its own.
          let i = 0;
          for (const m of messages) if (m.body === expected[i]) i++;
          expect(i).toBe(expected.length);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
