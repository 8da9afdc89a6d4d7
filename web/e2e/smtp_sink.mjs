// A loopback SMTP server for the browser tests: takes every letter the server under test sends
// and keeps it decoded (subject, text body, links), as the applicant's mailbox would show it.
import net from 'node:net';

function decodeWords(text) {
  return text.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g, (_, charset, kind, data) => {
    if (kind.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString('utf8');
    return Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  });
}

/** Parses one message as sent: unfolded headers, base64 / quoted-printable / plain text body. */
export function parseLetter(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.slice(split + 4);
  const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (encoding === 'quoted-printable') {
    body = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  body = body.replace(/\r\n/g, '\n');
  return { headers, subject: decodeWords(headers.subject ?? ''), body, links: body.match(/https?:\/\/\S+/g) ?? [] };
}

export async function startSmtpSink() {
  const letters = [];
  const waiters = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let data = null;
    let to = [];
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (data !== null) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          data += buffer.slice(0, end + 2);
          buffer = buffer.slice(end + 5);
          const raw = Buffer.from(data.replace(/\r\n\.\./g, '\r\n.'), 'latin1').toString('latin1');
          letters.push({ to, ...parseLetter(raw) });
          waiters.splice(0).forEach((w) => w());
          data = null;
          to = [];
          socket.write('250 OK\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
        else if (verb === 'RCPT') { to.push(line.replace(/^[^<]*<([^>]*)>.*$/, '$1').toLowerCase()); socket.write('250 OK\r\n'); }
        else if (verb === 'DATA') { data = ''; socket.write('354 go on\r\n'); }
        else if (verb === 'QUIT') { socket.end('221 bye\r\n'); return; }
        else socket.write('250 OK\r\n');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  let taken = 0;
  return {
    port: server.address().port,
    letters,
    /** The next letter to `address` not taken yet whose subject matches `subject`, waiting up to 20 s. */
    async next(address, subject = /./, kick = async () => {}) {
      const deadline = Date.now() + 20000;
      for (;;) {
        const index = letters.findIndex((l, i) => i >= taken && l.to.includes(address.toLowerCase()) && subject.test(l.subject));
        if (index >= 0) { taken = index + 1; return letters[index]; }
        if (Date.now() > deadline) throw new Error(`no letter to ${address} matching ${subject}; got: ${letters.map((l) => l.subject).join(' | ')}`);
        await kick();
        await new Promise((resolve) => { waiters.push(resolve); setTimeout(resolve, 250); });
      }
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
