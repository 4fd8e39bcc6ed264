// What `npm test` does about a missing Chromium or PostgreSQL: install, explain in one line, or use the embedded one.
import { describe, expect, it } from 'vitest';
import { chromiumInstallFailed, chromiumStep, LOCAL_POSTGRES_URL, postgresChoice } from './provision';

describe('chromiumStep', () => {
  it('does nothing when chromium is installed', () => {
    expect(chromiumStep({ chromium: true, root: false, aptGet: false })).toEqual({ action: 'none' });
    expect(chromiumStep({ chromium: true, root: true, aptGet: true })).toEqual({ action: 'none' });
  });

  it("installs Debian's package when it is missing and it runs as root, saying so in one line", () => {
    const step = chromiumStep({ chromium: false, root: true, aptGet: true });
    expect(step).toEqual({ action: 'install', line: expect.stringContaining('apt-get install -y chromium') });
    expect(step.action !== 'none' && step.line.includes('\n')).toBe(false);
  });

  it('says how to install it, in one line, when it cannot install it itself', () => {
    expect(chromiumStep({ chromium: false, root: false, aptGet: true })).toEqual({
      action: 'explain',
      line: 'chromium: not installed, so the browser tests will fail; install it with sudo apt-get install -y chromium',
    });
    const elsewhere = chromiumStep({ chromium: false, root: true, aptGet: false });
    expect(elsewhere).toEqual({ action: 'explain', line: expect.stringContaining('/usr/bin/chromium') });
  });

  it("names apt-get's exit code and last line when the install fails", () => {
    expect(chromiumInstallFailed(100, 'Reading package lists...\nE: Unable to locate package chromium\n')).toBe(
      'chromium: apt-get install -y chromium failed (exit 100): E: Unable to locate package chromium; the browser tests will fail',
    );
  });
});

describe('postgresChoice', () => {
  it('uses the local PostgreSQL when it answers', () => {
    expect(postgresChoice(undefined, { ok: true })).toEqual({ kind: 'local', url: LOCAL_POSTGRES_URL, line: 'PostgreSQL: the local one at 127.0.0.1:5432' });
  });

  it('falls back to the embedded one when the local one does not answer, saying why', () => {
    expect(postgresChoice(undefined, { ok: false, reason: 'ECONNREFUSED' })).toEqual({
      kind: 'embedded',
      line: 'PostgreSQL: the local one at 127.0.0.1:5432 did not answer (ECONNREFUSED): the suites use an embedded one',
    });
  });

  it('uses the URL the user gave whatever the local one does, without printing its password', () => {
    const choice = postgresChoice('postgresql://ci:s3cret@db.internal:6543/postgres', { ok: false, reason: 'ECONNREFUSED' });
    expect(choice).toMatchObject({ kind: 'given', url: 'postgresql://ci:s3cret@db.internal:6543/postgres' });
    expect(choice.line).toBe('PostgreSQL: db.internal:6543 (MNIST_LAB_TEST_DATABASE_URL)');
  });
});
