// Dovecot on loopback for the browser tests, as tests/channels/loopback_servers.hpp runs it for the
// C++ journeys: a temporary configuration with passwd-file users (password "secret"), a Maildir
// per user, a free port, no TLS. A letter is delivered the way an MDA does it: a new file in the
// user's Maildir, which the server under test reads over IMAP like any mailbox.
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const dovecotBinary = '/usr/sbin/dovecot';

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Starts Dovecot with the given mailbox users; throws when it does not listen within 30 s. */
export async function startDovecot(users = ['box']) {
  const dir = mkdtempSync(path.join(tmpdir(), 'otklik-e2e-dovecot-'));
  // Dovecot drops root for the mail folders: they must be reachable.
  chmodSync(dir, 0o755);
  const root = process.getuid?.() === 0;
  const uid = root ? 65534 : process.getuid();
  const gid = root ? 65534 : process.getgid();
  for (const sub of ['run', 'state', 'home']) mkdirSync(path.join(dir, sub), { recursive: true });
  for (const user of users) {
    for (const sub of ['new', 'cur', 'tmp']) mkdirSync(path.join(dir, 'mail', user, sub), { recursive: true });
  }
  if (root) {
    chownSync(path.join(dir, 'mail'), uid, gid);
    for (const user of users) {
      chownSync(path.join(dir, 'mail', user), uid, gid);
      for (const sub of ['new', 'cur', 'tmp']) chownSync(path.join(dir, 'mail', user, sub), uid, gid);
    }
  }
  writeFileSync(path.join(dir, 'passwd'), users.map((u) => `${u}:{PLAIN}secret\n`).join(''));
  const port = await freePort();
  writeFileSync(path.join(dir, 'dovecot.conf'), [
    `base_dir = ${dir}/run`, `state_dir = ${dir}/state`, `log_path = ${dir}/dovecot.log`,
    'protocols = imap', 'listen = 127.0.0.1',
    'ssl = no', 'disable_plaintext_auth = no', 'auth_mechanisms = plain login',
    `mail_location = maildir:${dir}/mail/%u`,
    'passdb {', '  driver = passwd-file', `  args = scheme=PLAIN username_format=%u ${dir}/passwd`, '}',
    'userdb {', '  driver = static', `  args = uid=${uid} gid=${gid} home=${dir}/home/%u`, '}',
    'service imap-login {', '  inet_listener imap {', '    address = 127.0.0.1', `    port = ${port}`, '  }',
    '  inet_listener imaps {', '    port = 0', '  }', '}',
    'service submission-login {', '  inet_listener submission {', '    port = 0', '  }', '}',
    'service pop3-login {', '  inet_listener pop3 {', '    port = 0', '  }', '}', '',
  ].join('\n'));
  const child = spawn(dovecotBinary, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  let exited = null;
  child.once('exit', (code) => { exited = code; });
  const deadline = Date.now() + 30000;
  while (!(await accepts(port))) {
    if (exited !== null || Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`dovecot did not start (exit ${exited}); see ${dir}/dovecot.log`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  let delivered = 0;
  return {
    port,
    /** The TOML table of a mailbox the server reads for `regulation` / `channel`. */
    mailboxToml(user, regulation, channel) {
      return `\n[[mailbox]]\nname = "${user}"\nurl = "imap://127.0.0.1:${port}/INBOX"\nuser = "${user}"\n`
        + `password = "secret"\nregulation = "${regulation}"\nchannel = "${channel}"\npoll_seconds = 1\nstarttls = false\n`;
    },
    /** Delivers a raw letter (CRLF lines) into the user's Maildir. */
    deliver(raw, user = users[0]) {
      const name = `${++delivered}.e2e.${process.pid}`;
      const tmp = path.join(dir, 'mail', user, 'tmp', name);
      writeFileSync(tmp, raw);
      if (root) chownSync(tmp, uid, gid);
      renameSync(tmp, path.join(dir, 'mail', user, 'new', name));
    },
    async stop() {
      if (exited === null) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const haveDovecot = () => existsSync(dovecotBinary);

const b64 = (text) => Buffer.from(text).toString('base64').replace(/.{76}/g, '$&\r\n');
const word = (text) => `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;

/** A letter with a text body and one attached file, as a mail client sends it. */
export function letterWithFile({ from, fromName, to, subject, text, file }) {
  const boundary = `e2e-boundary-${Date.now()}`;
  const id = `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}@example.ru`;
  return [
    `From: ${word(fromName)} <${from}>`, `To: <${to}>`, `Subject: ${word(subject)}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`, `Message-ID: <${id}>`, 'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`, '',
    `--${boundary}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', b64(text),
    `--${boundary}`, `Content-Type: ${file.type}; name="${word(file.name)}"`,
    `Content-Disposition: attachment; filename="${word(file.name)}"`, 'Content-Transfer-Encoding: base64', '',
    file.bytes.toString('base64').replace(/.{76}/g, '$&\r\n'), `--${boundary}--`, '',
  ].join('\r\n');
}
