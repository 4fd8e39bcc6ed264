// Run management in a real browser over real CLI runs, signed in with the token: rename, tags and notes on the run
// page, bulk archive and restore from the table (with the archived filter in the URL), delete with a confirmation
// from the table and from the run page. Signed out, none of the controls show.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './support/api-client';
import { screenshot } from './support/browser';
import { poll, startStack, type Stack } from './support/stack';

let stack: Stack;
let api: ApiClient;
let url: string;
let page: Page;
const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack({ name: 'run-management', browser: true });
  ({ api, url, page } = stack);
  for (const name of ['mgmt-a', 'mgmt-b', 'mgmt-c']) await stack.train(name, ['--epochs', '1', '--train-limit', '1000', '--seed', '1']);
  for (const r of (await api.runs.list.query({})).runs) ids[r.name] = r.id;
});

afterAll(() => stack?.stop());

const session = (method: 'POST' | 'DELETE', token?: string) =>
  page.evaluate(
    async ([m, t]) => (await fetch('/api/session', { method: m, headers: { 'content-type': 'application/json' }, body: t ? JSON.stringify({ token: t }) : undefined })).status,
    [method, token] as const,
  );
const count = () => page.getByTestId('run-count').textContent();
const rowNames = async () => (await page.locator('[data-testid="run-row"] .run-name').allTextContents()).sort();
const rowBox = (name: string) => page.locator('[data-testid="run-row"]', { hasText: name }).locator('input[type="checkbox"]');

describe('run management', { timeout: 240_000 }, () => {
  it('shows no management controls signed out', async () => {
    await page.goto(`${url}/runs/${ids['mgmt-a']}`);
    await poll(() => page.getByTestId('run-name').textContent()).toBe('mgmt-a');
    expect(await page.getByTestId('rename-run').count()).toBe(0);
    expect(await page.getByTestId('run-actions').count()).toBe(0);
    await page.goto(url);
    await poll(() => page.getByTestId('run-row').count()).toBe(3);
    await rowBox('mgmt-a').check();
    // Selecting still offers Compare, but no bulk actions.
    await poll(() => page.getByTestId('compare-button').count()).toBe(1);
    expect(await page.getByTestId('bulk-bar').count()).toBe(0);
    await rowBox('mgmt-a').uncheck();
  });

  it('renames a run in place and edits its tags and notes, signed in', async () => {
    expect(await session('POST', 'not-the-token')).toBe(401);
    expect(await session('POST', stack.token)).toBe(200);
    await page.goto(`${url}/runs/${ids['mgmt-a']}`);
    await poll(() => page.getByTestId('rename-run').count()).toBe(1);

    // Escape drops a draft name.
    await page.getByTestId('rename-run').click();
    await page.getByTestId('run-name-input').fill('dropped name');
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('run-name').textContent()).toBe('mgmt-a');

    await page.getByTestId('rename-run').click();
    await page.getByTestId('run-name-input').fill('  baseline lr 0.01  ');
    await page.getByTestId('run-name-input').press('Enter');
    await poll(() => page.getByTestId('run-name').textContent()).toBe('baseline lr 0.01');
    expect((await api.runs.get.query({ id: ids['mgmt-a'] })).name).toBe('baseline lr 0.01');
    expect(await page.locator('.breadcrumb').textContent()).toContain('baseline lr 0.01');

    await page.getByRole('button', { name: 'Edit tags' }).click();
    const tagInput = page.getByLabel('New tag');
    await tagInput.fill('baseline');
    await tagInput.press('Enter');
    await tagInput.fill('keep, <b>x</b>');
    await tagInput.press('Enter');
    expect(await page.getByTestId('tags-editor').locator('.chip').allTextContents()).toEqual(['baseline×', 'keep×', '<b>x</b>×']);
    await page.getByRole('button', { name: 'Remove tag keep' }).click();
    await screenshot(page, 'run-manage-tags');
    await page.getByRole('button', { name: 'Save tags' }).click();
    await poll(() => page.getByTestId('tags-editor').count()).toBe(0);
    await poll(() => page.getByTestId('run-tag').allTextContents()).toEqual(['baseline', '<b>x</b>']);
    expect((await api.runs.get.query({ id: ids['mgmt-a'] })).tags).toEqual(['baseline', '<b>x</b>']);

    await page.getByRole('button', { name: 'Add notes' }).click();
    await page.getByLabel('Notes').fill('first try:\nlr too high?');
    await page.getByRole('button', { name: 'Save notes' }).click();
    await poll(() => page.getByTestId('run-notes').textContent()).toBe('first try:\nlr too high?');
    expect((await api.runs.get.query({ id: ids['mgmt-a'] })).notes).toBe('first try:\nlr too high?');
    await screenshot(page, 'run-manage');
  });

  it('archives and restores runs in bulk from the table; archived runs leave the default view and its count', async () => {
    await page.goto(url);
    await poll(() => page.getByTestId('run-row').count()).toBe(3);
    expect(await count()).toBe('3 runs');
    await rowBox('baseline lr 0.01').check();
    await rowBox('mgmt-b').check();
    await poll(() => page.getByTestId('bulk-bar').count()).toBe(1);
    expect(await page.getByTestId('bulk-bar').textContent()).toContain('2 runs selected');
    await screenshot(page, 'runs-bulk-bar');
    await page.getByTestId('bulk-bar').getByRole('button', { name: 'Archive' }).click();
    await poll(count).toBe('1 run');
    expect(await rowNames()).toEqual(['mgmt-c']);
    expect(await page.getByTestId('bulk-bar').getByRole('status').textContent()).toBe('Archived 2 runs.');
    expect((await api.runs.list.query({})).total).toBe(1);

    await page.getByTestId('archived-filter').getByRole('button', { name: 'Archived' }).click();
    await poll(count).toBe('2 archived runs');
    expect(new URL(page.url()).searchParams.get('archived')).toBe('only');
    expect(await rowNames()).toEqual(['baseline lr 0.01', 'mgmt-b']);
    expect(await page.getByTestId('archived-tag').count()).toBe(2);
    await screenshot(page, 'runs-archived');
    // The filter survives a reload, as the table's other state does.
    await page.reload();
    await poll(count).toBe('2 archived runs');

    await page.getByRole('checkbox', { name: 'Select all runs on this page' }).check();
    await page.getByTestId('bulk-bar').getByRole('button', { name: 'Restore' }).click();
    await poll(count).toBe('0 archived runs');
    expect(await page.getByText('No archived runs').count()).toBe(1);
    await page.getByTestId('archived-filter').getByRole('button', { name: 'Active' }).click();
    await poll(count).toBe('3 runs');
    expect(new URL(page.url()).searchParams.get('archived')).toBeNull();
  });

  it('deletes from the table after a confirmation that Escape cancels', async () => {
    await rowBox('mgmt-c').check();
    await page.getByTestId('bulk-bar').getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByTestId('confirm-dialog');
    await poll(() => dialog.count()).toBe(1);
    expect(await dialog.locator('li').allTextContents()).toEqual(['mgmt-c']);
    // The focus starts on Cancel, so Enter does not delete, and Tab stays inside the dialog.
    const focused = () => page.evaluate(() => document.activeElement?.textContent);
    expect(await focused()).toBe('Cancel');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Delete 1 run');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Cancel');
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
    expect(await count()).toBe('3 runs');

    await page.getByTestId('bulk-bar').getByRole('button', { name: 'Delete…' }).click();
    await screenshot(page, 'runs-delete-dialog');
    await dialog.getByRole('button', { name: 'Delete 1 run' }).click();
    await poll(count).toBe('2 runs');
    expect(await rowNames()).toEqual(['baseline lr 0.01', 'mgmt-b']);
    await expect(api.runs.get.query({ id: ids['mgmt-c'] })).rejects.toThrow(`run ${ids['mgmt-c']} not found`);
  });

  it('deletes from the run page once the name is typed, then goes back to the runs table', async () => {
    await page.goto(`${url}/runs/${ids['mgmt-b']}`);
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByTestId('confirm-dialog');
    const confirm = dialog.getByRole('button', { name: 'Delete run' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Name to confirm').fill('mgmt-');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Name to confirm').fill('mgmt-b');
    expect(await confirm.isDisabled()).toBe(false);
    await screenshot(page, 'run-delete-dialog');
    await confirm.click();
    await page.waitForURL(`${url}/`);
    await poll(count).toBe('1 run');
    expect(await rowNames()).toEqual(['baseline lr 0.01']);
    expect((await api.runs.list.query({ archived: 'include' })).runs.map((r) => r.name)).toEqual(['baseline lr 0.01']);
  });

  it('hides the controls again once signed out', async () => {
    expect(await session('DELETE')).toBeLessThan(300);
    await page.goto(`${url}/runs/${ids['mgmt-a']}`);
    await poll(() => page.getByTestId('run-name').textContent()).toBe('baseline lr 0.01');
    expect(await page.getByTestId('rename-run').count()).toBe(0);
    expect(await page.getByTestId('run-actions').count()).toBe(0);
  });
});
