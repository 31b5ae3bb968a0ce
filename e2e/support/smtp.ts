// A private aiosmtpd for the specs of one file: started before its tests, stopped after them.
import {
  startSmtpServer,
  type SmtpServerOptions,
  type TestSmtpServer,
} from '../../main/testing/smtp-server';
import { test, USERS } from './popline';

/** Registers the file's hooks; the returned function gives the running server inside a test. */
export function privateSmtpServer(
  options: SmtpServerOptions = { users: [USERS.alice] },
): () => TestSmtpServer {
  let server: TestSmtpServer | undefined;
  test.beforeAll(async () => {
    server = await startSmtpServer(options);
  });
  test.afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('the SMTP server is not running (used outside a test?)');
    return server;
  };
}
