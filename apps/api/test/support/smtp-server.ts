import net from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message (headers and body) as sent, before any decoding. */
  raw: string;
  /** The text of the body, quoted-printable decoded. */
  text: string;
}

export interface TestSmtpServer {
  url: string;
  /** Messages the server accepted (answered 250 after DATA), oldest first. */
  accepted: ReceivedMail[];
  /** Messages fully received but held unanswered (see `holdNext`), oldest first. */
  held: ReceivedMail[];
  /**
   * The next message's DATA is read to the end but never answered, so the sender stays in
   * mid-delivery until it gives up or dies; later messages are answered normally.
   */
  holdNext(): void;
  close(): Promise<void>;
}

/**
 * A small SMTP server on loopback (RFC 5321's happy path: EHLO, MAIL, RCPT, DATA, RSET, QUIT; no
 * TLS, no auth) that records what it receives. Nodemailer, the API's SMTP client, is what talks
 * to it; the test reads the mail the way a recipient would.
 */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const accepted: ReceivedMail[] = [];
  const held: ReceivedMail[] = [];
  let holdOne = false;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let envelope = { from: '', to: [] as string[] };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 scale-out.test ESMTP');

    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const raw = buffer.slice(0, end).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          inData = false;
          const mail = { ...envelope, raw, text: bodyText(raw) };
          envelope = { from: '', to: [] };
          if (holdOne) {
            holdOne = false;
            held.push(mail);
            return; // never answered: the sender waits
          }
          accepted.push(mail);
          reply('250 2.0.0 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 scale-out.test');
        else if (verb === 'MAIL') {
          envelope.from = address(line);
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          envelope.to.push(address(line));
          reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 end data with <CR><LF>.<CR><LF>');
        } else if (verb === 'RSET' || verb === 'NOOP') reply('250 2.0.0 ok');
        else if (verb === 'QUIT') {
          reply('221 2.0.0 bye');
          socket.end();
          return;
        } else reply('502 5.5.2 command not implemented');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    held,
    holdNext: () => {
      holdOne = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function address(line: string): string {
  return (/<([^>]*)>/.exec(line)?.[1] ?? '').toLowerCase();
}

/** The body after the headers, with quoted-printable soft breaks and escapes undone. */
function bodyText(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const headers = split < 0 ? '' : raw.slice(0, split);
  const body = split < 0 ? raw : raw.slice(split + 4);
  if (!/content-transfer-encoding:\s*quoted-printable/i.test(headers)) return body;
  return body
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
