// Drives the web chat in headless Chromium through a whole ticket: the
// requester reports a fault with a photo, a technician claims it in the
// dispatch pane and asks to suspend it, the supervisor approves in the
// supervisors' pane, the technician resumes and completes it, the
// requester rates it; the admin prints room codes, and one of them opens
// the page at its room; a message in the dispatch pane becomes a report. Buttons are found by their tokens (what they do),
// not their labels, so the script does not depend on the wording.
//
//   node bots/web/e2e/flow.mjs <url> <screenshot.png>
//
// It uses the system's Chromium (/usr/bin/chromium); no browser download.
// Besides <screenshot.png> (the end of the flow) it saves, next to it,
// -review.png (the supervisor about to approve), -phone.png (a
// phone-sized screen) and -codes.png (the admin's room codes).

import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname, basename, extname } from 'node:path';

const [url, shot] = process.argv.slice(2);
if (!url || !shot) {
  console.error('usage: node flow.mjs <url> <screenshot.png>');
  process.exit(2);
}

// A 2×2 PNG, so that the photo has something to show.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DwHwyBNAMDAwMDAwBF/gX7tPh5ygAAAABJRU5ErkJggg==',
  'base64',
);

const step = (msg) => console.log(`· ${msg}`);

function check(ok, msg) {
  if (!ok) throw new Error(`check failed: ${msg}`);
}

const userDataDir = await mkdtemp(join(tmpdir(), 'repairdesk-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1500, height: 900 },
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai', // the desk's default time zone, so times agree
  timeout: 30_000,
});
context.setDefaultTimeout(15_000);

const problems = [];
let failed = false;
try {
  const page = context.pages()[0] || (await context.newPage());
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await run(page);
  check(problems.length === 0, `the page reported errors:\n${problems.join('\n')}`);
  console.log('ok');
} catch (err) {
  failed = true;
  console.error(err.stack || String(err));
  if (problems.length) console.error(problems.join('\n'));
  try {
    const page = context.pages()[0];
    if (page) await page.screenshot({ path: shot, fullPage: true });
    console.error(`screenshot of the failure: ${shot}`);
  } catch { /* nothing more to show */ }
} finally {
  await context.close();
  await rm(userDataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

async function run(page) {
  const pane = (name) => page.locator(`[data-pane="${name}"]`);
  const msgs = (name) => pane(name).locator('.msg');

  // as selects a person and waits for their history.
  async function as(key) {
    await page.locator(`.people button[data-person="${key}"]`).click();
    await page.locator(`body[data-ready="${key}"]`).waitFor();
  }

  // act does something that posts an input and waits until everything
  // the post added is on the page.
  async function act(what, fn) {
    const reply = page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/(send|photo)/.test(r.url()));
    await fn();
    const res = await reply;
    const body = await res.json().catch(() => ({}));
    check(res.ok(), `${what}: status ${res.status()} ${body.toast || ''}`);
    const ids = body.ids || [];
    await page.waitForFunction((ids) => ids.every((id) => [...document.querySelectorAll('.msg')].some((m) => m.dataset.id === id)), ids);
    return body;
  }

  const say = (text, where = 'private') => act(`say ${text}`, async () => {
    const input = pane(where).locator('input[name=text]');
    await input.fill(text);
    await input.press('Enter');
  });

  // press presses the newest button in a pane whose token matches css.
  const press = (where, css) => act(`press ${css} in ${where}`, () => pane(where).locator(`button${css}`).last().click());
  // answer presses an answer to the current question.
  const answer = (value) => press('private', `[data-token^="d:"][data-token$=":${value}"]`);
  const lastText = async (where) => (await msgs(where).last().innerText());
  // menuOf is the commands the "/" menu offers the selected person, once
  // the desk has said which.
  async function menuOf(key) {
    const menu = pane('private').locator(`.menu[data-person="${key}"]`);
    await menu.waitFor({ state: 'attached' });
    return menu.locator('button[data-command]').evaluateAll((bs) => bs.map((b) => b.dataset.command));
  }

  await page.goto(url);
  await page.locator('body[data-ready]').waitFor();
  check((await page.locator('.people button').count()) === 5, 'the switcher lists five demo people');

  step('the requester reports a fault');
  await as('xiaoming');
  const asked = await menuOf('xiaoming');
  check(asked.includes('help') && !asked.includes('admin') && !asked.includes('stats'), `the requester's menu: ${asked}`);
  await say('/report');
  if (await msgs('private').last().locator('button[data-contact], button[data-token$=":keep"]').count()) {
    step('…after registering');
    await answer('keep');
    await act('share phone', () => msgs('private').last().locator('button[data-contact]').click());
    await say('外国语学院');
    await say('/report');
  }
  await answer('0'); // zone
  await answer('0'); // building
  await say('101');
  await answer('skip'); // address
  await answer('0'); // problem type
  await say('门锁坏了');
  await say('101 室的门锁关不上。');
  if (await msgs('private').last().locator('button[data-token$=":go"]').count()) await answer('go');
  await act('upload photo', () => pane('private').locator('input[type=file]').setInputFiles({ name: 'lock.png', mimeType: 'image/png', buffer: png }));
  check(await pane('private').locator('.msg.mine img').count() >= 1, 'the uploaded photo shows in the private chat');
  await answer('done');
  await answer('any');
  await answer('profile');
  await answer('submit');
  const submitted = await lastText('private');
  const id = (submitted.match(/#(\d+)/) || [])[1];
  check(id, `a ticket number after submitting: ${submitted}`);
  step(`ticket #${id} submitted`);

  step('the dispatch pane shows it with a photo and a Claim button');
  const claimSel = `button[data-token="t:claim:${id}"]`;
  await pane('dispatch').locator(claimSel).waitFor();
  const post = msgs('dispatch').filter({ has: page.locator(claimSel) });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-pane="dispatch"] .msg img')].some((i) => i.complete && i.naturalWidth > 0));
  check((await post.innerText()).includes('门锁坏了'), 'the dispatch post shows the title');
  const postID = await post.getAttribute('data-id');

  step('the technician claims it in the dispatch pane');
  await as('li');
  const claimed = await press('dispatch', `[data-token="t:claim:${id}"]`);
  check((claimed.toast || '').includes(`#${id}`), `claim toast: ${claimed.toast}`);
  await page.locator('#toast.show').waitFor();
  const edited = pane('dispatch').locator(`.msg[data-id="${postID}"]`);
  await edited.filter({ hasText: '李师傅' }).waitFor();
  check(await edited.locator('button[data-token^="t:claim:"]').count() === 0, 'the claimed post lost its Claim button');

  step('the technician asks to suspend');
  await press('private', `[data-token="t:suspend:${id}"]`);
  await say('缺少锁芯，需要采购。');
  await answer('done');
  await answer('yes');

  step('the supervisor approves in the supervisors pane');
  await as('chen');
  const approveSel = `button[data-token="t:approve:${id}"]`;
  await pane('supervisors').locator(approveSel).waitFor();
  check((await menuOf('chen')).includes('stats'), "the supervisor's menu offers /stats");
  await act('menu /stats', async () => {
    await pane('private').locator('.menu-toggle').click();
    await pane('private').locator('.menu button[data-command="stats"]').click();
  });
  check((await lastText('private')).includes('1'), 'the supervisor sees statistics');
  await page.screenshot({ path: sibling('review') });
  check((await msgs('supervisors').filter({ has: page.locator(approveSel) }).innerText()).includes('缺少锁芯'), 'the request shows the reason');
  await press('supervisors', `[data-token="t:approve:${id}"]`);
  await page.waitForFunction((id) => !document.querySelector(`[data-pane="supervisors"] button[data-token="t:approve:${id}"]`), id);

  step('the technician resumes and completes');
  await as('li');
  await pane('private').locator(`button[data-token="t:resume:${id}"]`).waitFor();
  await press('private', `[data-token="t:resume:${id}"]`);
  await press('private', `[data-token="t:detail:${id}"]`);
  await press('private', `[data-token="t:complete:${id}"]`);
  await answer('0'); // repair type
  await say('更换了锁芯。');
  await answer('done');
  check((await lastText('private')).includes(`#${id}`), 'the technician is told the job is completed');

  step('the requester rates it');
  await as('xiaoming');
  await pane('private').locator(`button[data-token="t:rate:${id}:5"]`).waitFor();
  await press('private', `[data-token="t:rate:${id}:5"]`);
  await say('很快，谢谢！');
  check((await lastText('private')).includes(`#${id}`), 'thanked for rating');

  step('each pane shows what it should');
  const mine = await pane('private').innerText();
  for (const want of ['李师傅', '缺少锁芯', '更换了锁芯']) check(mine.includes(want), `the requester's chat mentions ${want}`);
  await pane('dispatch').locator(`.msg[data-id="${postID}"]`).filter({ hasText: '完成' }).waitFor();
  const sup = await pane('supervisors').innerText();
  check(sup.includes('陈主管'), 'the supervisors pane says who approved');
  // The rating is told in the ticket's thread, under its post.
  await pane('dispatch').locator('.msg.reply').filter({ hasText: '很快，谢谢' }).waitFor();

  step('a reload shows the history');
  await page.reload();
  await page.locator('body[data-ready="xiaoming"]').waitFor();
  check((await pane('private').innerText()).includes('很快，谢谢！'), 'the private chat survives a reload');
  check(await msgs('dispatch').count() >= 1, 'the dispatch chat survives a reload');

  await page.screenshot({ path: shot });
  step(`screenshot ${shot}`);

  step('a phone-sized screen stacks the panes');
  await page.setViewportSize({ width: 390, height: 844 });
  const boxes = await Promise.all(['private', 'dispatch', 'supervisors'].map((n) => pane(n).boundingBox()));
  check(boxes.every((b) => b && b.width <= 390 && Math.abs(b.x - boxes[0].x) < 2), 'panes stacked on a narrow screen');
  check(boxes[0].y < boxes[1].y && boxes[1].y < boxes[2].y, 'panes in order top to bottom');
  await page.screenshot({ path: sibling('phone'), fullPage: true });

  step('the admin prints room codes');
  await page.setViewportSize({ width: 1500, height: 900 });
  await as('alex');
  await say('/admin');
  await answer('6'); // Room codes, the seventh entry of the menu
  await answer('0'); // zone
  await answer('1'); // building
  await say('101-102');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-pane="private"] .msg img')].some((i) => i.complete && i.naturalWidth > 0));
  const links = (await pane('private').innerText()).match(/https?:\/\/\S+\?start=at-[0-9a-f]+-101/);
  check(links, 'the admin is given the codes\' links');
  await page.screenshot({ path: sibling('codes') });

  step('a code opens the page, which starts a report at its room');
  await page.goto(links[0].replace(/\/\?start=/, '/?as=xiaoming&start='));
  await page.locator('body[data-ready="xiaoming"]').waitFor();
  await msgs('private').filter({ hasText: 'A2 图书馆 Library 101' }).waitFor();
  check(!page.url().includes('start='), `the payload leaves the address: ${page.url()}`);

  step("a message in the dispatch pane becomes a report with its 🎫 action");
  await as('li');
  await say('三楼楼梯灯不亮。', 'dispatch');
  const said = msgs('dispatch').filter({ hasText: '三楼楼梯灯不亮。' }).last();
  await act('report from a message', () => said.locator('button.report-msg').click());
  await msgs('private').filter({ hasText: '三楼楼梯灯不亮。' }).waitFor();
  check((await lastText('private')).length > 0 && await msgs('private').last().locator('button[data-token^="d:"]').count() > 0,
    'the report from the message asks its first question');
}

// sibling is the path of another screenshot next to the main one.
function sibling(name) {
  const ext = extname(shot);
  return join(dirname(shot), `${basename(shot, ext)}-${name}${ext}`);
}
