#!/usr/bin/env node
// Makes sure the browser test suite (tooling/browser) has Debian's Chromium: quiet and quick when it
// is there; when it is missing, installs it with apt-get only as root on a Debian-like system, else
// says once that the browser tests will skip. Never fails the caller. Idempotent.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const skip = (why) => {
  console.log(`ensure-chromium: ${why}: the browser tests will skip`);
  process.exit(0);
};

if (existsSync(path)) process.exit(0);
if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) skip(`no Chromium at ${path} and no apt-get`);
if (process.getuid?.() !== 0) skip(`no Chromium at ${path}; install it as root (apt-get install chromium)`);

console.log('ensure-chromium: installing chromium with apt-get, for the browser tests');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const aptGet = (...args) =>
  spawnSync('apt-get', ['-qq', '-o', 'DPkg::Lock::Timeout=300', ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  }).status === 0;
if (!aptGet('update') || !aptGet('install', '-y', '--no-install-recommends', 'chromium') || !existsSync(path))
  skip('apt-get could not install chromium');
